using EGov.SharedKernel.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EGov.SharedKernel.Events;

public sealed record PendingOutboxMessage(
    string Module,
    Guid Id,
    string Type,
    DateTimeOffset OccurredAt,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError,
    bool Stuck);

/// <summary>What operators see of the outboxes: undelivered messages, and which of them are stuck.</summary>
public sealed class OutboxMonitor(NpgsqlDataSource dataSource, IEnumerable<IModuleDatabase> modules, IOptions<OutboxOptions> options)
{
    public async Task<IReadOnlyList<PendingOutboxMessage>> PendingAsync(bool stuckOnly, int limit, CancellationToken cancellationToken)
    {
        var stuckAfter = options.Value.StuckAfterAttempts;
        var result = new List<PendingOutboxMessage>();
        foreach (var module in modules)
        {
            var schema = SchemaName.EnsureValid(module.Module.Schema);
            await using var command = dataSource.CreateCommand(
                $"""
                 SELECT id, type, occurred_at, attempts, next_attempt_at, last_error
                 FROM {schema}.outbox_messages
                 WHERE dispatched_at IS NULL AND attempts >= @min
                 ORDER BY occurred_at LIMIT @limit
                 """);
            command.Parameters.AddWithValue("min", stuckOnly ? stuckAfter : 0);
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var attempts = reader.GetInt32(3);
                result.Add(new PendingOutboxMessage(
                    module.Module.Code,
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetFieldValue<DateTimeOffset>(2),
                    attempts,
                    reader.GetFieldValue<DateTimeOffset>(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    attempts >= stuckAfter));
            }
        }

        return result;
    }

    /// <summary>Makes a pending message due now (after an operator fixed its cause).</summary>
    public async Task<bool> RetryNowAsync(string moduleCode, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var module = modules.FirstOrDefault(m => string.Equals(m.Module.Code, moduleCode, StringComparison.Ordinal));
        if (module is null)
        {
            return false;
        }

        await using var command = dataSource.CreateCommand(
            $"UPDATE {SchemaName.EnsureValid(module.Module.Schema)}.outbox_messages SET next_attempt_at = @now WHERE id = @id AND dispatched_at IS NULL");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}

/// <summary>Readiness stays healthy but degraded while any outbox message is stuck, so dashboards show it.</summary>
public sealed class OutboxHealthCheck(OutboxMonitor monitor) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stuck = await monitor.PendingAsync(stuckOnly: true, limit: 100, cancellationToken);
        return stuck.Count == 0
            ? HealthCheckResult.Healthy("No stuck outbox messages.")
            : HealthCheckResult.Degraded($"{stuck.Count} outbox message(s) stuck; see GET /api/platform/outbox?stuck=true.");
    }
}
