using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace EGov.BuildingBlocks.Documents;

/// <summary>What the public check of a verification code found.</summary>
public enum DocumentStatus
{
    /// <summary>Issued, its signature checks against the platform's keys, not revoked.</summary>
    [JsonStringEnumMemberName("valid")]
    Valid,

    /// <summary>Issued and authentic, but withdrawn by its issuer (see the date and reason).</summary>
    [JsonStringEnumMemberName("revoked")]
    Revoked,

    /// <summary>Issued and authentic, but what it certifies (a licence) is suspended by its issuer for now.</summary>
    [JsonStringEnumMemberName("suspended")]
    Suspended,

    /// <summary>Issued and authentic, but what it certifies (a licence) ran out on <c>validUntil</c>.</summary>
    [JsonStringEnumMemberName("expired")]
    Expired,

    /// <summary>No module issued a document with that code.</summary>
    [JsonStringEnumMemberName("unknown")]
    Unknown,

    /// <summary>A record with that code exists but does not match its signature: do not rely on it.</summary>
    [JsonStringEnumMemberName("invalid")]
    Invalid,
}

/// <summary>
/// The answer of the public check: only what a third party needs to rely on a document, never the holder's identity
/// (the holder is initials only).
/// </summary>
public sealed record DocumentVerification(
    DocumentStatus Status,
    string? Issuer,
    string? Type,
    DateTimeOffset? IssuedAt,
    string? Holder,
    DateTimeOffset? RevokedAt,
    string? RevocationReason,
    DateOnly? ValidUntil = null)
{
    public static DocumentVerification Unknown { get; } = new(DocumentStatus.Unknown, null, null, null, null, null, null);

    public static DocumentVerification Invalid { get; } = new(DocumentStatus.Invalid, null, null, null, null, null, null);

    internal static DocumentVerification Of(IssuedDocument document, string issuer, DocumentStanding? standing) => new(
        document.IsRevoked ? DocumentStatus.Revoked : standing?.Status ?? DocumentStatus.Valid,
        issuer,
        document.Type,
        document.IssuedAt,
        document.HolderDisplay,
        document.RevokedAt,
        document.RevocationReason,
        standing?.ValidUntil);
}

/// <summary>The public check of documents issued by any module, and the platform's published keys.</summary>
public interface IDocumentVerifier
{
    /// <summary>
    /// Finds the document with <paramref name="code"/> in every module that issues documents, checks its signature
    /// against the published keys and its payload against the stored facts.
    /// </summary>
    Task<DocumentVerification> VerifyAsync(string code, CancellationToken cancellationToken);

    /// <summary>Every document-signing key, current and retired, as a JWKS of public keys.</summary>
    Task<PublishedKeySet> PublishedKeysAsync(CancellationToken cancellationToken);
}

internal sealed partial class DocumentVerifier(IEnumerable<IDocumentSource> sources, DocumentKeyStore keys, ILogger<DocumentVerifier> logger) : IDocumentVerifier
{
    public async Task<DocumentVerification> VerifyAsync(string code, CancellationToken cancellationToken)
    {
        if (VerificationCodes.Normalize(code) is not { } normalized)
        {
            return DocumentVerification.Unknown;
        }

        foreach (var source in sources)
        {
            if (await source.FindAsync(normalized, cancellationToken) is not var (document, issuer, standing))
            {
                continue;
            }

            using var key = await keys.PublicKeyAsync(document.KeyId, cancellationToken);
            if (!DocumentSignatures.IsAuthentic(document, key))
            {
                LogNotAuthentic(logger, document.Id);
                return DocumentVerification.Invalid;
            }

            return DocumentVerification.Of(document, issuer, standing);
        }

        return DocumentVerification.Unknown;
    }

    public Task<PublishedKeySet> PublishedKeysAsync(CancellationToken cancellationToken) => keys.PublishedAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Issued document {DocumentId} does not match its signature: its record was changed after issue")]
    private static partial void LogNotAuthentic(ILogger logger, Guid documentId);
}
