using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.SharedKernel.Auditing;

/// <summary>
/// The hash chain over a module's audit log: record n stores SHA-256 of its own fields and record n-1's hash.
/// Writers serialise on a transaction-level advisory lock per schema, so the chain has no forks.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>PostgreSQL keeps microseconds; the hash must cover what is stored.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    internal static async Task LinkAsync(ModuleDbContext db, IReadOnlyList<AuditRecord> pending, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(
            "SELECT pg_advisory_xact_lock({0})", [AdvisoryLockKey.For("egov-audit:" + db.Schema)], cancellationToken);
        var last = await db.AuditRecords.AsNoTracking()
            .OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? GenesisHash;
        foreach (var record in pending)
        {
            record.Sequence = ++sequence;
            record.PreviousHash = previous;
            record.Hash = ComputeHash(record);
            previous = record.Hash;
        }
    }

    public static string ComputeHash(AuditRecord record)
    {
        var canonical = string.Join(
            '\u001f',
            record.Sequence.ToString(CultureInfo.InvariantCulture),
            record.OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            record.Actor,
            record.OnBehalfOf ?? string.Empty,
            record.Action,
            record.EntityType,
            record.EntityId,
            record.CorrelationId ?? string.Empty,
            record.Details ?? string.Empty,
            record.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
