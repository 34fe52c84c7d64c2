using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EGov.Notifications.Domain;
using EGov.Notifications.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EGov.Notifications.Delivery;

/// <summary>The body of a status callback (also the shape agencies verify and parse).</summary>
internal sealed record StatusCallback(
    Guid Id, string? Reference, string AgencyCode, Channel Channel, MessageStatus Status, string TemplateKey, int TemplateVersion,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? Error);

/// <summary>
/// Delivery status callbacks to an agency's own system: staged in the same transaction as the status they report,
/// then posted by <see cref="CallbackSender"/> with <c>X-EGov-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body
/// under the agency's secret&gt;</c>, retried with back-off until the system answers 2xx.
/// </summary>
internal static class StatusCallbacks
{
    public const string SignatureHeader = "X-EGov-Signature";
    public const string DeliveryHeader = "X-EGov-Delivery";

    public static async Task StageAsync(NotificationsDb db, Message message, DateTimeOffset at, CancellationToken ct)
    {
        if (message.Status is MessageStatus.Created or MessageStatus.Sending
            || !await db.Callbacks.AnyAsync(c => c.AgencyCode == message.AgencyCode, ct))
        {
            return;
        }

        var body = JsonSerializer.Serialize(
            new StatusCallback(message.Id, message.Reference, message.AgencyCode, message.Channel, message.Status, message.TemplateKey,
                message.TemplateVersion, message.Attempts, message.CreatedAt, message.CompletedAt, message.LastError),
            MessageSender.Json);
        db.CallbackDeliveries.Add(CallbackDelivery.For(message.AgencyCode, message.Id, body, at));
    }

    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}

/// <summary>Posts due status callbacks (one instance at a time per row: <c>FOR UPDATE SKIP LOCKED</c>).</summary>
internal sealed class CallbackSender(
    IServiceScopeFactory scopes, IHttpClientFactory http, IOptions<NotificationsOptions> options, TimeProvider clock, ILogger<CallbackSender> logger)
    : BackgroundService
{
    public const string HttpClientName = "notify-callbacks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await RoundAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
            {
                logger.LogWarning("The callback sender could not complete a round ({Error}).", ex.GetType().Name);
            }

            if (sent == 0)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<int> RoundAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.CallbackDeliveries
            .FromSql($"SELECT * FROM notify.callback_deliveries WHERE delivered_at IS NULL AND next_attempt_at <= {now} ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var agencies = due.Select(d => d.AgencyCode).Distinct().ToList();
        var targets = await db.Callbacks.Where(c => agencies.Contains(c.AgencyCode)).ToDictionaryAsync(c => c.AgencyCode, ct);
        var client = http.CreateClient(HttpClientName);
        client.Timeout = TimeSpan.FromSeconds(settings.CallbackTimeoutSeconds);
        foreach (var delivery in due)
        {
            var at = Outbound.StoredPrecision(clock.GetUtcNow());
            if (!targets.TryGetValue(delivery.AgencyCode, out var target))
            {
                delivery.Failed("The agency has no callback URL any more.", TimeSpan.FromSeconds(settings.MaxRetryDelaySeconds), at);
                continue;
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target.Url)
                {
                    Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                };
                request.Headers.Add(StatusCallbacks.SignatureHeader, StatusCallbacks.Sign(target.Secret, delivery.Payload));
                request.Headers.Add(StatusCallbacks.DeliveryHeader, delivery.Id.ToString());
                using var response = await client.SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                {
                    delivery.Acknowledged(at);
                }
                else
                {
                    delivery.Failed($"HTTP {(int)response.StatusCode}", MessageSender.RetryDelay(delivery.Attempts + 1, settings), at);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                delivery.Failed($"Not reached ({ex.GetType().Name})", MessageSender.RetryDelay(delivery.Attempts + 1, settings), at);
            }

            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Status callback {DeliveryId} for {AgencyCode}: attempt {Attempts}, {Outcome}.",
                    delivery.Id, delivery.AgencyCode, delivery.Attempts, delivery.DeliveredAt is null ? "not acknowledged" : "acknowledged");
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return due.Count;
    }
}

/// <summary>
/// Deletes addresses, subjects, bodies, PDFs and recorded texts of messages finished longer ago than the retention period
/// (a letter only once it is printed); the status, template and times stay.
/// </summary>
internal sealed class RetentionSweep(IServiceScopeFactory scopes, IOptions<NotificationsOptions> options, TimeProvider clock, ILogger<RetentionSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var forgotten = await SweepAsync(stoppingToken);
                if (forgotten > 0)
                {
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        logger.LogInformation("The retention period removed the content of {Count} notification(s).", forgotten);
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(options.Value.RetentionSweepSeconds), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
            {
                logger.LogWarning("The retention sweep failed ({Error}); it runs again later.", ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
            }
        }
    }

    internal async Task<int> SweepAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var now = Outbound.StoredPrecision(clock.GetUtcNow());
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ids = await db.Messages
            .Where(m => m.ContentDeletedAt == null && m.CompletedAt != null && m.CompletedAt <= cutoff)
            .Where(m => !db.Letters.Any(l => l.MessageId == m.Id && l.PrintedAt == null))
            .OrderBy(m => m.CompletedAt).Select(m => m.Id).Take(1000).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }

        await db.Messages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.Address, (string?)null).SetProperty(m => m.Subject, (string?)null)
                .SetProperty(m => m.Body, (string?)null).SetProperty(m => m.ContentDeletedAt, now), ct);
        await db.Letters.Where(l => ids.Contains(l.MessageId)).ExecuteUpdateAsync(s => s.SetProperty(l => l.Pdf, (byte[]?)null), ct);
        await db.RecordedSms.Where(r => ids.Contains(r.MessageId)).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.PhoneNumber, (string?)null).SetProperty(r => r.Text, (string?)null), ct);
        await transaction.CommitAsync(ct);
        return ids.Count;
    }
}
