using System.Net.Sockets;
using EGov.Notifications.Domain;
using EGov.Notifications.Persistence;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EGov.Notifications.Delivery;

internal enum SendOutcome
{
    Delivered,
    TemporaryFailure,
    PermanentFailure,
}

/// <summary>What a channel made of one message; <c>Undeliverable</c>: the address itself was refused for good.</summary>
internal sealed record SendResult(SendOutcome Outcome, string? Reason = null, bool Undeliverable = false)
{
    public static SendResult Ok { get; } = new(SendOutcome.Delivered);
}

/// <summary>One channel's way out. Called by the sender with a claimed message; never logs the address or the text.</summary>
internal interface IChannelSender
{
    Channel Channel { get; }

    Task<SendResult> SendAsync(Message message, CancellationToken cancellationToken);
}

/// <summary>
/// Email through SMTP (MailKit). The <c>Message-Id</c> header is the platform's message id, so a receiver can tell a
/// second copy (sent again after a sender died between the server's acceptance and the status update) from a new
/// message. A 5xx reply to the recipient or the data is a permanent bounce; 4xx replies and lost connections are
/// temporary.
/// </summary>
internal sealed class SmtpEmailSender(IOptions<NotificationsOptions> options) : IChannelSender
{
    public Channel Channel => Channel.Email;

    public static string MessageIdOf(Guid id, string domain) => $"{id:N}@{domain}";

    public async Task<SendResult> SendAsync(Message message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var mime = new MimeMessage
        {
            MessageId = MessageIdOf(message.Id, smtp.MessageIdDomain),
            Subject = message.Subject ?? string.Empty,
            Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = message.Body ?? string.Empty },
        };
        mime.From.Add(new MailboxAddress(smtp.FromName, smtp.FromAddress));
        mime.To.Add(MailboxAddress.Parse(message.Address!));
        mime.Headers.Add("Content-Language", message.Language);

        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Enum.Parse<SecureSocketOptions>(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return SendResult.Ok;
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            var recipient = ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;
            return new SendResult(SendOutcome.PermanentFailure, $"SMTP {(int)ex.StatusCode}: the server refused the {(recipient ? "recipient" : "message")} for good.", Undeliverable: recipient);
        }
        catch (SmtpCommandException ex)
        {
            return new SendResult(SendOutcome.TemporaryFailure, $"SMTP {(int)ex.StatusCode}: the server refused the message for now.");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or TimeoutException or SslHandshakeException)
        {
            return new SendResult(SendOutcome.TemporaryFailure, $"The SMTP server could not be reached or dropped the connection ({ex.GetType().Name}).");
        }
    }
}

/// <summary>An SMS gateway. <see cref="DevelopmentSmsProvider"/> records instead of sending.</summary>
internal interface ISmsProvider
{
    Task<SendResult> SendAsync(Guid messageId, string phoneNumber, string text, CancellationToken cancellationToken);
}

/// <summary>Records each text message it would send in <c>notify.recorded_sms</c>, once per message id.</summary>
internal sealed class DevelopmentSmsProvider(NotificationsDb db, TimeProvider clock) : ISmsProvider
{
    public async Task<SendResult> SendAsync(Guid messageId, string phoneNumber, string text, CancellationToken cancellationToken)
    {
        if (!await db.RecordedSms.AnyAsync(s => s.MessageId == messageId, cancellationToken))
        {
            db.RecordedSms.Add(RecordedSms.Of(messageId, phoneNumber, text, Outbound.StoredPrecision(clock.GetUtcNow())));
        }

        return SendResult.Ok;
    }
}

internal sealed class SmsSender(ISmsProvider provider) : IChannelSender
{
    public Channel Channel => Channel.Sms;

    public Task<SendResult> SendAsync(Message message, CancellationToken cancellationToken) =>
        provider.SendAsync(message.Id, message.Address!, message.Body ?? string.Empty, cancellationToken);
}

/// <summary>Letters go to the agency's print queue as a PDF; the message is delivered once it is there.</summary>
internal sealed class LetterSender(NotificationsDb db, TimeProvider clock) : IChannelSender
{
    public Channel Channel => Channel.Letter;

    public async Task<SendResult> SendAsync(Message message, CancellationToken cancellationToken)
    {
        if (!await db.Letters.AnyAsync(l => l.MessageId == message.Id, cancellationToken))
        {
            var now = Outbound.StoredPrecision(clock.GetUtcNow());
            db.Letters.Add(Letter.Queue(message.Id, message.AgencyCode, LetterPdf.Render(message, now), now));
        }

        return SendResult.Ok;
    }
}
