using System.Text.Json.Serialization;
using EGov.SharedKernel.Events;

namespace EGov.Notifications.Contracts;

/// <summary>The kinds of party a notification goes to; the party's own module knows its contact points.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationParty>))]
public enum NotificationParty
{
    /// <summary>A citizen, by token subject (G2C's profile holds email, language and preferred channels).</summary>
    Citizen,
}

/// <summary>
/// A module asks for a message to a party by template, never by text: published through the sender's own outbox in
/// the same transaction as the change it reports. The Notifications module receives it at least once and queues it
/// exactly once (its inbox and the queued messages are written in one transaction); <c>MessageId</c> is the sender's
/// own id for the request, so the same request is never sent twice. <c>Values</c> are the template's placeholders as
/// text (dates <c>yyyy-MM-dd</c>); a missing value fails the request (status <c>PermanentFailure</c>), it never goes
/// out blank. <c>Language</c> null: the party's own language.
/// </summary>
public sealed record NotificationRequested(
    Guid MessageId,
    string AgencyCode,
    string TemplateKey,
    NotificationParty PartyKind,
    string PartyId,
    IReadOnlyDictionary<string, string> Values,
    string? Language,
    DateTimeOffset RequestedAt) : IIntegrationEvent;
