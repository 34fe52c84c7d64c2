using System.Globalization;
using EGov.Citizens.Contracts;
using EGov.Notifications.Contracts;
using EGov.Notifications.Delivery;
using EGov.Notifications.Domain;
using EGov.Notifications.Persistence;
using EGov.SharedKernel.Events;
using EGov.SharedKernel.Http;
using Microsoft.Extensions.Logging;

namespace EGov.Notifications.Integration;

/// <summary>
/// A message to a party by template: the party's module says how to reach them (G2C's profile for citizens: email
/// when they chose it, SMS when they chose it and have a number), and each chosen channel with a template of the key
/// gets one message, rendered in the party's language. The in-platform inbox copy is the party's own module's
/// (G2C writes the citizen's notice with the change). Ids come from the request id and the channel, so a request
/// handled twice queues nothing twice; a request whose values do not fit the template is recorded as
/// <c>PermanentFailure</c>, never sent with a blank.
/// </summary>
internal sealed class PartyMessages(
    NotificationsDb db, Outbound outbound, IEnumerable<ICitizenContacts> citizenContacts, TimeProvider clock, ILogger<PartyMessages> logger)
{
    public async Task QueueAsync(
        Guid requestId, string agencyCode, string templateKey, NotificationParty party, string partyId,
        IReadOnlyDictionary<string, string?> values, string? language, CancellationToken ct)
    {
        var addresses = new List<(Channel Channel, string Address)>();
        string? partyLanguage = null;
        switch (party)
        {
            case NotificationParty.Citizen:
                // G2C switched off: no profile to read, and nothing to send but what the party's module writes itself.
                var contact = citizenContacts.FirstOrDefault() is { } citizens ? await citizens.FindBySubjectAsync(partyId, ct) : null;
                if (contact is null)
                {
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        logger.LogInformation("Notification request {RequestId}: the citizen has no profile; the inbox is their only channel.", requestId);
                    }
                    return;
                }

                partyLanguage = contact.Language;
                if (contact is { PrefersEmail: true, Email: { Length: > 0 } email })
                {
                    addresses.Add((Channel.Email, email));
                }

                if (contact is { PrefersSms: true, PhoneNumber: { Length: > 0 } phone })
                {
                    addresses.Add((Channel.Sms, phone));
                }

                break;
        }

        foreach (var (channel, address) in addresses)
        {
            var id = Outbound.MessageIdFor(requestId, channel);
            if (await db.Messages.FindAsync([id], ct) is not null)
            {
                continue;
            }

            var template = await outbound.TemplateAsync(agencyCode, channel, templateKey, ct);
            if (template is null)
            {
                continue;
            }

            var errors = new ValidationErrors();
            Outbound.ValidateAddress(channel, address, "address", errors);
            var read = errors.Any ? null : template.Content.ReadValues(values, "values", errors);
            if (read is null || outbound.Stage(id, agencyCode, template, MessageSource.Event, null, address, language ?? partyLanguage, read, errors) is null)
            {
                var reasons = string.Join(" ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
                db.Messages.Add(Message.Refused(id, agencyCode, channel, templateKey, $"Not sent: {reasons}", Outbound.StoredPrecision(clock.GetUtcNow())));
                logger.LogWarning("Notification request {RequestId} for template {TemplateKey} could not be rendered; recorded as a permanent failure.", requestId, templateKey);
            }
        }
    }
}

/// <summary>A module's <see cref="NotificationRequested"/>: queued once (inbox and messages in one transaction).</summary>
internal sealed class NotificationRequestedHandler(PartyMessages messages) : IIntegrationEventHandler<NotificationRequested>
{
    public Task HandleAsync(NotificationRequested integrationEvent, IntegrationEventEnvelope envelope, CancellationToken cancellationToken) =>
        messages.QueueAsync(
            integrationEvent.MessageId, integrationEvent.AgencyCode, integrationEvent.TemplateKey, integrationEvent.PartyKind,
            integrationEvent.PartyId, integrationEvent.Values.ToDictionary(v => v.Key, v => (string?)v.Value), integrationEvent.Language,
            cancellationToken);
}

/// <summary>G2C: the citizen is told by email that their application was received (template <c>application-received</c>).</summary>
internal sealed class ApplicationSubmittedHandler(PartyMessages messages) : IIntegrationEventHandler<ApplicationSubmitted>
{
    public Task HandleAsync(ApplicationSubmitted integrationEvent, IntegrationEventEnvelope envelope, CancellationToken cancellationToken) =>
        messages.QueueAsync(
            envelope.EventId, integrationEvent.AgencyCode, "application-received", NotificationParty.Citizen, integrationEvent.CitizenSubject,
            new Dictionary<string, string?>
            {
                ["reference"] = integrationEvent.Reference,
                ["dueDate"] = integrationEvent.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
            null,
            cancellationToken);
}

/// <summary>G2C: the citizen is told the decision (templates <c>application-approved</c> and <c>application-rejected</c>).</summary>
internal sealed class ApplicationDecidedHandler(PartyMessages messages) : IIntegrationEventHandler<ApplicationDecided>
{
    private static readonly IReadOnlyDictionary<string, string> TemplateByOutcome = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["approved"] = "application-approved",
        ["rejected"] = "application-rejected",
    };

    public Task HandleAsync(ApplicationDecided integrationEvent, IntegrationEventEnvelope envelope, CancellationToken cancellationToken) =>
        TemplateByOutcome.TryGetValue(integrationEvent.Outcome, out var key)
            ? messages.QueueAsync(
                envelope.EventId, integrationEvent.AgencyCode, key, NotificationParty.Citizen, integrationEvent.CitizenSubject,
                new Dictionary<string, string?> { ["reference"] = integrationEvent.Reference },
                null,
                cancellationToken)
            : Task.CompletedTask;
}
