using System.Text.Json;
using System.Text.Json.Serialization;
using EGov.Notifications.Domain;
using EGov.Notifications.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EGov.Notifications.Delivery;

/// <summary>Wakes the senders when a request queued messages, so delivery does not wait for a poll.</summary>
internal sealed class DeliverySignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// The background sender (one in every instance). It claims due messages under a lease in a short transaction
/// (<c>FOR UPDATE SKIP LOCKED</c>, so instances never claim the same message), sends them one by one and records
/// each outcome. A message whose sender died stays <c>Sending</c> until its lease runs out and is then claimed
/// again; a stopping host finishes the message in hand and hands the rest of its batch back at once. Per-agency
/// rate limit: an agency that had <c>RatePerMinutePerAgency</c> messages sent in the last minute gets no more claimed.
/// </summary>
internal sealed class MessageSender(
    IServiceScopeFactory scopes, IOptions<NotificationsOptions> options, TimeProvider clock, DeliverySignal signal, ILogger<MessageSender> logger)
    : BackgroundService
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await RoundAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
            {
                failures++;
                logger.LogWarning("The notification sender could not complete a round ({Error}); it backs off.", ex.GetType().Name);
                Npgsql.NpgsqlConnection.ClearAllPools();
            }

            if (claimed == 0 || failures > 0)
            {
                var wait = failures > 0
                    ? TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures)))
                    : TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds);
                try
                {
                    await signal.WaitAsync(wait, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One claim and its sends; the number of messages claimed.</summary>
    internal async Task<int> RoundAsync(CancellationToken stoppingToken)
    {
        var claimed = await ClaimAsync(stoppingToken);
        for (var i = 0; i < claimed.Count; i++)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                await ReleaseAsync(claimed.Skip(i).ToList());
                return claimed.Count;
            }

            // The send itself is never cut by a stop: a message in hand is finished and its outcome recorded.
            await DeliverAsync(claimed[i]);
        }

        return claimed.Count;
    }

    private async Task<List<Guid>> ClaimAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var leaseUntil = now.AddSeconds(settings.LeaseSeconds);
        var minuteAgo = now.AddMinutes(-1);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        return await db.Database.SqlQuery<Guid>($"""
            UPDATE notify.messages AS m
               SET status = 'Sending', lease_until = {leaseUntil}, attempts = m.attempts + 1
             WHERE m.id IN (
                   SELECT d.id FROM notify.messages AS d
                    WHERE ((d.status IN ('Created', 'TemporaryFailure') AND d.next_attempt_at <= {now})
                           OR (d.status = 'Sending' AND d.lease_until < {now}))
                      AND d.agency_code NOT IN (
                          SELECT s.agency_code FROM notify.messages AS s
                           WHERE s.sent_at > {minuteAgo}
                           GROUP BY s.agency_code HAVING count(*) >= {settings.RatePerMinutePerAgency})
                    ORDER BY d.next_attempt_at
                    LIMIT {settings.BatchSize}
                    FOR UPDATE SKIP LOCKED)
            RETURNING m.id AS "Value"
            """).ToListAsync(ct);
    }

    /// <summary>Hands claimed, unsent messages back (a stopping host), so the next sender need not wait for the lease.</summary>
    private async Task ReleaseAsync(List<Guid> ids)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE notify.messages
               SET status = CASE WHEN attempts > 1 THEN 'TemporaryFailure' ELSE 'Created' END, lease_until = NULL, attempts = attempts - 1
             WHERE id = ANY({ids.ToArray()}) AND status = 'Sending'
            """, CancellationToken.None);
    }

    private async Task DeliverAsync(Guid id)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == id, CancellationToken.None);
        if (message is not { Status: MessageStatus.Sending } || message.Address is null)
        {
            return;
        }

        var normalized = UndeliverableAddress.Normalize(message.Address);
        SendResult result;
        if (await db.UndeliverableAddresses.AnyAsync(a => a.Channel == message.Channel && a.Address == normalized, CancellationToken.None))
        {
            result = new SendResult(SendOutcome.PermanentFailure, "The address is marked undeliverable (an earlier permanent bounce).");
        }
        else
        {
            var sender = scope.ServiceProvider.GetServices<IChannelSender>().Single(s => s.Channel == message.Channel);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(settings.Smtp.TimeoutSeconds, 5) * 2));
            try
            {
                result = await sender.SendAsync(message, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                result = new SendResult(SendOutcome.TemporaryFailure, "The channel did not answer in time.");
            }
        }

        var now = Outbound.StoredPrecision(clock.GetUtcNow());
        switch (result.Outcome)
        {
            case SendOutcome.Delivered:
                message.Delivered(now);
                break;
            case SendOutcome.TemporaryFailure:
                message.FailedTemporarily(result.Reason ?? "Refused for now.", RetryDelay(message.Attempts, settings), settings.MaxAttempts, now);
                break;
            default:
                message.FailedPermanently(result.Reason ?? "Refused.", now);
                if (result.Undeliverable && !await db.UndeliverableAddresses.AnyAsync(a => a.Channel == message.Channel && a.Address == normalized, CancellationToken.None))
                {
                    db.UndeliverableAddresses.Add(UndeliverableAddress.Mark(message.Channel, message.Address, message.Id, result.Reason ?? "Refused.", now));
                }

                break;
        }

        await StatusCallbacks.StageAsync(db, message, now, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Notification {MessageId} ({Channel}) is {Status} after {Attempts} attempt(s).", message.Id, message.Channel, message.Status, message.Attempts);
        }
    }

    internal static TimeSpan RetryDelay(int attempts, NotificationsOptions settings)
    {
        var seconds = settings.FirstRetryDelaySeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, settings.MaxRetryDelaySeconds));
    }
}
