using System.Security.Cryptography;
using System.Text;
using EGov.SharedKernel.Http;
using Microsoft.EntityFrameworkCore;

namespace EGov.SharedKernel.Idempotency;

/// <summary>
/// The stored answer to a creating request sent with an <c>Idempotency-Key</c>. Keys are scoped per operation and
/// per caller, so two callers never see each other's answers.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Scope { get; set; } = string.Empty;

    public string Owner { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;

    /// <summary>SHA-256 (hex) of the request as the operation understood it.</summary>
    public string RequestHash { get; set; } = string.Empty;

    public int StatusCode { get; set; }

    public string ResponseBody { get; set; } = string.Empty;

    public string? Location { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What an idempotency lookup found for a request.</summary>
public enum IdempotencyLookup
{
    /// <summary>The key is new: do the work, and <see cref="IdempotencyKeys.Remember"/> the answer in the same save.</summary>
    New,

    /// <summary>The same key came with the same request: answer with the stored response, do nothing.</summary>
    Replay,

    /// <summary>The same key came with a different request: 409.</summary>
    Mismatch,
}

/// <summary>
/// Idempotency keys for creating requests: same key + same body → the same response and one effect; same key +
/// different body → 409. The record is saved in the same transaction as the effect, and its primary key
/// (scope, owner, key) makes a concurrent duplicate fail instead of acting twice.
/// </summary>
/// <remarks>
/// A module opts in with <see cref="MapIdempotencyRecords"/> in its model (table <c>idempotency_records</c> in its
/// own schema, added by a migration of that module) and calls <see cref="FindAsync"/> / <see cref="Remember"/>.
/// </remarks>
public static class IdempotencyKeys
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 100;

    public static ModelBuilder MapIdempotencyRecords(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_records");
            e.HasKey(r => new { r.Scope, r.Owner, r.Key });
            e.Property(r => r.Scope).HasMaxLength(100);
            e.Property(r => r.Owner).HasMaxLength(200);
            e.Property(r => r.Key).HasMaxLength(MaxKeyLength);
            e.Property(r => r.RequestHash).HasMaxLength(64);
            e.Property(r => r.ResponseBody).HasColumnType("text"); // text, not jsonb: a replay answers byte for byte
            e.Property(r => r.Location).HasMaxLength(500);
            e.HasIndex(r => r.CreatedAt);
        });
        return modelBuilder;
    }

    /// <summary>Checks the header value: required, 1–100 printable ASCII characters.</summary>
    public static string? Validate(string? key, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            errors.Add(HeaderName, $"The '{HeaderName}' header is required: a unique value per intended request (a UUID, for example).");
            return null;
        }

        if (key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            errors.Add(HeaderName, $"'{HeaderName}' is 1 to {MaxKeyLength} printable ASCII characters without spaces.");
            return null;
        }

        return key;
    }

    /// <summary>SHA-256 (hex) of a canonical text of the request.</summary>
    public static string Hash(string canonicalRequest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    public static async Task<(IdempotencyLookup Outcome, IdempotencyRecord? Record)> FindAsync(
        DbContext db, string scope, string owner, string key, string requestHash, CancellationToken cancellationToken)
    {
        var record = await db.Set<IdempotencyRecord>().AsNoTracking()
            .SingleOrDefaultAsync(r => r.Scope == scope && r.Owner == owner && r.Key == key, cancellationToken);
        if (record is null)
        {
            return (IdempotencyLookup.New, null);
        }

        return (record.RequestHash == requestHash ? IdempotencyLookup.Replay : IdempotencyLookup.Mismatch, record);
    }

    /// <summary>Adds the answer to the context; it is saved with the effect it answers for.</summary>
    public static void Remember(
        DbContext db, string scope, string owner, string key, string requestHash, int statusCode, string responseBody, string? location, DateTimeOffset now) =>
        db.Set<IdempotencyRecord>().Add(new IdempotencyRecord
        {
            Scope = scope,
            Owner = owner,
            Key = key,
            RequestHash = requestHash,
            StatusCode = statusCode,
            ResponseBody = responseBody,
            Location = location,
            CreatedAt = now,
        });
}
