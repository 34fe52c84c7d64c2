using EGov.SharedKernel.Persistence;
using Npgsql;

namespace EGov.SharedKernel.Auditing;

public sealed record AuditProblem(long Sequence, string Problem);

public sealed record AuditVerification(string Schema, bool Valid, long RecordsChecked, IReadOnlyList<AuditProblem> Problems);

/// <summary>
/// Walks a module's audit log in order and names every record that breaks the chain: an altered record (its hash
/// no longer matches its fields), an inserted one (it does not link to its predecessor or repeats a sequence
/// number) or a deleted one (a gap in the sequence).
/// </summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        SchemaName.EnsureValid(schema);
        var problems = new List<AuditProblem>();
        long count = 0;
        long expectedSequence = 1;
        var previousHash = AuditChain.GenesisHash;

        await using var command = dataSource.CreateCommand(
            $"""
             SELECT sequence, occurred_at, actor, on_behalf_of, action, entity_type, entity_id, correlation_id, details, previous_hash, hash
             FROM {schema}.audit_log ORDER BY sequence
             """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            count++;
            var record = new AuditRecord
            {
                Sequence = reader.GetInt64(0),
                OccurredAt = reader.GetFieldValue<DateTimeOffset>(1),
                Actor = reader.GetString(2),
                OnBehalfOf = reader.IsDBNull(3) ? null : reader.GetString(3),
                Action = reader.GetString(4),
                EntityType = reader.GetString(5),
                EntityId = reader.GetString(6),
                CorrelationId = reader.IsDBNull(7) ? null : reader.GetString(7),
                Details = reader.IsDBNull(8) ? null : reader.GetString(8),
                PreviousHash = reader.GetString(9),
                Hash = reader.GetString(10),
            };

            if (record.Sequence > expectedSequence)
            {
                problems.Add(new AuditProblem(record.Sequence, $"records {expectedSequence}..{record.Sequence - 1} are missing (deleted)"));
            }
            else if (record.Sequence < expectedSequence)
            {
                problems.Add(new AuditProblem(record.Sequence, "sequence number out of order (inserted)"));
            }

            if (!string.Equals(record.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                problems.Add(new AuditProblem(record.Sequence, "does not link to the preceding record (inserted, or a predecessor was deleted or altered)"));
            }

            if (!string.Equals(AuditChain.ComputeHash(record), record.Hash, StringComparison.Ordinal))
            {
                problems.Add(new AuditProblem(record.Sequence, "content does not match its hash (altered)"));
            }

            expectedSequence = record.Sequence + 1;
            previousHash = record.Hash;
        }

        return new AuditVerification(schema, problems.Count == 0, count, problems);
    }
}
