using Npgsql;

namespace EGov.Host.Tests.Hardening;

/// <summary>
/// Exact row counts (<c>count(*)</c>, not the delayed statistics) of every table in the module schemas — the
/// modules' data, audit logs, outboxes, inboxes, idempotency records and grain state — to prove that refused input
/// wrote nothing.
/// </summary>
/// <remarks>
/// Background writers on a fresh database: the outbox dispatcher (marks messages dispatched: an update, counts do not
/// change; inbox rows in the receiving module: counted, so the host is drained before a snapshot) and the citizens'
/// overdue sweep (only applications past their due date, which a run never creates). Nothing is excluded.
/// </remarks>
public sealed class RowCounts(string connectionString, IReadOnlyList<string> schemas)
{
    private string? _countSql;
    private List<string> _outboxTables = [];

    public async Task<IReadOnlyDictionary<string, long>> SnapshotAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        _countSql ??= await BuildAsync(connection, ct);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (_countSql.Length == 0)
        {
            return counts;
        }

        await using var command = new NpgsqlCommand(_countSql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Waits until no outbox message is waiting for delivery and two snapshots agree (a quiet host).</summary>
    public async Task QuiesceAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        await SnapshotAsync(ct);
        while (DateTime.UtcNow < deadline && await PendingOutboxAsync(ct) > 0)
        {
            await Task.Delay(100, ct);
        }

        var previous = await SnapshotAsync(ct);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(300, ct);
            var current = await SnapshotAsync(ct);
            if (Changes(previous, current).Count == 0)
            {
                return;
            }

            previous = current;
        }
    }

    public static IReadOnlyList<string> Changes(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Where(a => !before.TryGetValue(a.Key, out var b) || b != a.Value)
            .Select(a => $"{a.Key} {(before.TryGetValue(a.Key, out var b) ? a.Value - b : a.Value):+#;-#;0}")
            .ToList();

    private async Task<long> PendingOutboxAsync(CancellationToken ct)
    {
        long pending = 0;
        foreach (var table in _outboxTables)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE dispatched_at IS NULL", connection);
            pending += Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        return pending;
    }

    private async Task<string> BuildAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT format('%I.%I', table_schema, table_name),
                   EXISTS (SELECT 1 FROM information_schema.columns c
                           WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'dispatched_at')
            FROM information_schema.tables t
            WHERE table_schema = ANY(@schemas) AND table_type = 'BASE TABLE'
            ORDER BY 1
            """, connection))
        {
            command.Parameters.AddWithValue("schemas", schemas.ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
                if (reader.GetBoolean(1))
                {
                    _outboxTables.Add(reader.GetString(0));
                }
            }
        }

        return string.Join("\nUNION ALL ", tables.Select(t => $"SELECT '{t.Replace("'", "''", StringComparison.Ordinal)}', count(*) FROM {t}"));
    }
}
