using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Notices;
using EGov.Notifications.Domain;
using EGov.Notifications.Persistence;
using EGov.SharedKernel.Http;
using Microsoft.EntityFrameworkCore;

namespace EGov.Notifications.Delivery;

/// <summary>
/// Turns a request (template, channel, address, values) into a queued message: finds the template (the agency's own,
/// else the platform's), checks the values, renders it once and adds the message to the context; the caller saves,
/// in the same transaction as the request it answers (an API request's idempotency record, an event's inbox row).
/// </summary>
internal sealed partial class Outbound(NotificationsDb db, TimeProvider clock)
{
    public const string AgencyCodePattern = "^[A-Z][A-Z0-9]{1,19}$";

    /// <summary>The latest version of the key for the channel: the agency's own, else the platform's.</summary>
    public Task<NotificationTemplate?> TemplateAsync(string agencyCode, Channel channel, string key, CancellationToken ct) =>
        db.Templates.AsNoTracking()
            .Where(t => (t.Owner == agencyCode || t.Owner == NotificationTemplate.PlatformOwner) && t.Channel == channel && t.Key == key)
            .OrderBy(t => t.Owner == NotificationTemplate.PlatformOwner)
            .ThenByDescending(t => t.Version)
            .FirstOrDefaultAsync(ct);

    /// <summary>Renders and stages the message; null with the reasons in <paramref name="errors"/> (nothing staged).</summary>
    public Message? Stage(
        Guid id, string agencyCode, NotificationTemplate template, MessageSource source, string? reference, string address,
        string? language, NoticeValues values, ValidationErrors errors)
    {
        var rendered = template.Render(language, values);
        if (template.Channel == Channel.Sms && rendered.Body.Length > NotificationTemplate.MaxSmsLength)
        {
            errors.Add("values", $"The text message would be {rendered.Body.Length} characters; at most {NotificationTemplate.MaxSmsLength}.");
            return null;
        }

        var message = Message.Queue(
            id, agencyCode, template.Channel, source, reference, template, rendered.Language, NormalizeAddress(template.Channel, address),
            rendered.Subject, rendered.Body, StoredPrecision(clock.GetUtcNow()));
        db.Messages.Add(message);
        return message;
    }

    /// <summary>Checks an address for a channel, recording the mistake under <paramref name="field"/>.</summary>
    public static void ValidateAddress(Channel channel, string? address, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            errors.Add(field, "The address is required: an email address, a phone number (+ and digits) or a postal address, for the template's channel.");
            return;
        }

        switch (channel)
        {
            case Channel.Email when address.Length > Message.MaxAddressLength || !EmailAddress().IsMatch(address.Trim()):
                errors.Add(field, "An email address: name@domain.example, at most 320 characters.");
                break;
            case Channel.Sms when !PhoneNumber().IsMatch(address.Trim()):
                errors.Add(field, "A phone number in international form: + and 8 to 15 digits (+15550100).");
                break;
            case Channel.Letter:
                var lines = address.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (address.Length > Message.MaxPostalAddressLength || lines.Length is < 2 or > 7 || lines.Any(l => l.Length > 80))
                {
                    errors.Add(field, "A postal address: 2 to 7 lines separated by line breaks, each at most 80 characters.");
                }

                break;
        }
    }

    /// <summary>The id of the message a request with id <paramref name="requestId"/> makes on <paramref name="channel"/>.</summary>
    public static Guid MessageIdFor(Guid requestId, Channel channel)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{requestId:N}/{channel}"), hash);
        var bytes = hash[..16].ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8 (name-based, SHA-256), as RFC 9562 describes
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public static string NormalizeAddress(Channel channel, string address) => channel switch
    {
        Channel.Letter => string.Join('\n', address.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
        _ => address.Trim(),
    };

    /// <summary>PostgreSQL keeps microseconds: a time answered before and after a save reads the same.</summary>
    public static DateTimeOffset StoredPrecision(DateTimeOffset at) => at.AddTicks(-(at.Ticks % 10));

    [GeneratedRegex(@"^[^@\s<>()\[\],;:""]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex PhoneNumber();
}
