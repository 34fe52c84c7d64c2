using EGov.SharedKernel.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EGov.SharedKernel.Events;

/// <summary>
/// Delivers every module's outbox to the subscribers at least once. A batch of due messages is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> (so several instances can run side by side), each message is handed to every
/// subscriber of its type (each behind its own inbox), and only then marked dispatched. A failure leaves the
/// message pending with an exponential back-off and the error recorded for operators.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceProvider services,
    NpgsqlDataSource dataSource,
    IEnumerable<IModuleDatabase> modules,
    IEnumerable<IntegrationEventSubscription> subscriptions,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly ILookup<string, IntegrationEventSubscription> _subscribers =
        subscriptions.ToLookup(s => s.EventType, StringComparer.Ordinal);

    private readonly string[] _schemas = modules.Select(m => SchemaName.EnsureValid(m.Module.Schema)).Distinct().ToArray();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.DispatcherEnabled)
        {
            LogDisabled(logger);
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = 0;
                foreach (var schema in _schemas)
                {
                    delivered += await DispatchBatchAsync(schema, settings, stoppingToken);
                }

                failures = 0;
                if (delivered == 0)
                {
                    await signal.WaitAsync(TimeSpan.FromMilliseconds(settings.PollIntervalMilliseconds), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The database is unreachable or restarting: drop pooled connections and back off.
                failures++;
                dataSource.Clear();
                var delay = Backoff(failures, 1, 30);
                LogDatabaseUnavailable(logger, ex.GetType().Name, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<int> DispatchBatchAsync(string schema, OutboxOptions settings, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var batch = new List<IntegrationEventEnvelope>();
        var attempts = new Dictionary<Guid, int>();
        await using (var select = new NpgsqlCommand(
            $"""
             SELECT id, type, payload::text, occurred_at, correlation_id, attempts
             FROM {schema}.outbox_messages
             WHERE dispatched_at IS NULL AND next_attempt_at <= @now
             ORDER BY occurred_at, id
             LIMIT @limit
             FOR UPDATE SKIP LOCKED
             """, connection, transaction))
        {
            select.Parameters.AddWithValue("now", clock.GetUtcNow());
            select.Parameters.AddWithValue("limit", settings.BatchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetGuid(0);
                batch.Add(new IntegrationEventEnvelope(
                    id,
                    reader.GetString(1),
                    schema,
                    reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
                attempts[id] = reader.GetInt32(5);
            }
        }

        foreach (var envelope in batch)
        {
            string? error = null;
            try
            {
                foreach (var subscriber in _subscribers[envelope.Type])
                {
                    await subscriber.Deliver(services, envelope, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (ex is NpgsqlException { IsTransient: true })
                {
                    throw;
                }

                error = $"{ex.GetType().Name}: {ex.Message}";
                LogDeliveryFailed(logger, envelope.Type, envelope.EventId, schema, attempts[envelope.EventId] + 1, ex.GetType().Name);
            }

            await using var update = new NpgsqlCommand(
                error is null
                    ? $"UPDATE {schema}.outbox_messages SET dispatched_at = @now, attempts = attempts + 1, last_error = NULL WHERE id = @id"
                    : $"UPDATE {schema}.outbox_messages SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE id = @id",
                connection,
                transaction);
            update.Parameters.AddWithValue("id", envelope.EventId);
            update.Parameters.AddWithValue("now", clock.GetUtcNow());
            if (error is not null)
            {
                var failedAttempts = attempts[envelope.EventId] + 1;
                update.Parameters.AddWithValue("next", clock.GetUtcNow() + Backoff(failedAttempts, settings.FirstRetryDelaySeconds, settings.MaxRetryDelaySeconds));
                update.Parameters.AddWithValue("error", error.Length > 2000 ? error[..2000] : error);
                if (failedAttempts == settings.StuckAfterAttempts)
                {
                    LogStuck(logger, envelope.Type, envelope.EventId, schema, failedAttempts);
                }
            }

            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    internal static TimeSpan Backoff(int attempt, int firstSeconds, int maxSeconds)
    {
        var seconds = firstSeconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, maxSeconds));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox dispatcher is disabled on this instance")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatcher cannot reach PostgreSQL ({Error}); retrying in {DelaySeconds} s")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string error, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of {EventType} {EventId} from {Schema} failed (attempt {Attempt}): {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string eventType, Guid eventId, string schema, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {EventType} {EventId} in {Schema} is stuck after {Attempts} attempts")]
    private static partial void LogStuck(ILogger logger, string eventType, Guid eventId, string schema, int attempts);
}
