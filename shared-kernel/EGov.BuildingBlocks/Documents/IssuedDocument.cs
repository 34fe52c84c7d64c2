using EGov.BuildingBlocks.Parties;

namespace EGov.BuildingBlocks.Documents;

/// <summary>
/// A signed document a module issued (a certificate, a licence, a decision letter). Every module maps the record
/// into its own schema (<see cref="DocumentsModel.MapIssuedDocuments"/>); the platform finds it by its verification
/// code whichever module issued it. Its facts are signed (<see cref="Signature"/>); only the revocation changes later,
/// through <see cref="Revoke"/>.
/// </summary>
public sealed class IssuedDocument
{
    public const int MaxTypeLength = 64;
    public const int MaxAgencyCodeLength = 20;
    public const int MaxCaseReferenceLength = 40;
    public const int MaxHolderDisplayLength = 40;
    public const int MaxSignatureLength = 2000;
    public const int MaxKeyIdLength = 64;
    public const int MaxRevocationReasonLength = 1000;
    public const int MaxRevokedByLength = 200;

    private IssuedDocument()
    {
    }

    internal IssuedDocument(Guid id, string type, string verificationCode, string agencyCode, PartyRef holder, string holderDisplay, Guid caseId, string caseReference, DateTimeOffset issuedAt)
    {
        Id = id;
        Type = type;
        VerificationCode = verificationCode;
        AgencyCode = agencyCode;
        HolderKind = holder.Kind;
        HolderId = holder.Id;
        HolderDisplay = holderDisplay;
        CaseId = caseId;
        CaseReference = caseReference;
        IssuedAt = issuedAt;
    }

    public Guid Id { get; private set; }

    /// <summary>What the document certifies, in the issuing module's terms (G2C: the service code).</summary>
    public string Type { get; private set; } = string.Empty;

    /// <summary>The public code anyone may check at <c>/api/documents/verify/{code}</c>: 20 Crockford base32 characters.</summary>
    public string VerificationCode { get; private set; } = string.Empty;

    /// <summary>The issuing agency: the one whose staff may revoke the document.</summary>
    public string AgencyCode { get; private set; } = string.Empty;

    /// <summary>The kind of party the document was issued to (with <see cref="HolderId"/>: <see cref="Holder"/>).</summary>
    public PartyKind HolderKind { get; private set; }

    /// <summary>The holder's id in its kind's own terms (a citizen's token subject, a registry number...).</summary>
    public string HolderId { get; private set; } = string.Empty;

    /// <summary>The party the document was issued to.</summary>
    public PartyRef Holder => new(HolderKind, HolderId);

    /// <summary>What the public check shows of the holder: initials only (<c>A*** S***</c>), never a name or an id.</summary>
    public string HolderDisplay { get; private set; } = string.Empty;

    /// <summary>The case the document was issued on (G2C: the application).</summary>
    public Guid CaseId { get; private set; }

    /// <summary>The human reference of that case (<c>G2C-2026-000123</c>).</summary>
    public string CaseReference { get; private set; } = string.Empty;

    /// <summary>Whole seconds, UTC: the value signed is exactly the value stored.</summary>
    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>Compact JWS (ES256) whose payload is the canonical JSON of the facts above (<see cref="DocumentPayload"/>).</summary>
    public string Signature { get; private set; } = string.Empty;

    /// <summary>The signing key (<c>kid</c>), published in the platform's key set for as long as the platform runs.</summary>
    public string KeyId { get; private set; } = string.Empty;

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevocationReason { get; private set; }

    /// <summary>The actor who revoked it (a token subject or a service account), as in the audit trail.</summary>
    public string? RevokedBy { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Withdraws the document: its check says <c>revoked</c> from now on, with the reason. Once only.</summary>
    /// <exception cref="InvalidOperationException">The document is already revoked.</exception>
    /// <exception cref="ArgumentException">The reason is blank or longer than <see cref="MaxRevocationReasonLength"/>, or no actor is named.</exception>
    public void Revoke(string reason, string revokedBy, DateTimeOffset at)
    {
        if (IsRevoked)
        {
            throw new InvalidOperationException($"Document {Id} was already revoked.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxRevocationReasonLength)
        {
            throw new ArgumentException($"A revocation reason is 1 to {MaxRevocationReasonLength} characters.", nameof(reason));
        }

        if (string.IsNullOrWhiteSpace(revokedBy))
        {
            throw new ArgumentException("Name who revokes the document.", nameof(revokedBy));
        }

        RevokedAt = at;
        RevocationReason = reason.Trim();
        RevokedBy = revokedBy.Length > MaxRevokedByLength ? revokedBy[..MaxRevokedByLength] : revokedBy;
    }

    internal void Sign(string keyId, string signature)
    {
        KeyId = keyId;
        Signature = signature;
    }
}

/// <summary>
/// What a module asks to issue. The holder's name is only used for the masked display of the public check
/// (initials of each part); it is not stored.
/// </summary>
/// <param name="Type">What the document certifies (1–64 characters).</param>
/// <param name="AgencyCode">The issuing agency.</param>
/// <param name="Holder">The party it is issued to.</param>
/// <param name="HolderNameParts">The holder's name in parts (given and family name; a business name), any of them missing.</param>
/// <param name="CaseId">The case it is issued on.</param>
/// <param name="CaseReference">The case's human reference.</param>
public sealed record DocumentToIssue(
    string Type,
    string AgencyCode,
    PartyRef Holder,
    IReadOnlyList<string?> HolderNameParts,
    Guid CaseId,
    string CaseReference);

public static class IssuedDocumentQueries
{
    /// <summary>The documents issued to <paramref name="holder"/> (translated to SQL on the holder columns).</summary>
    public static IQueryable<IssuedDocument> HeldBy(this IQueryable<IssuedDocument> documents, PartyRef holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var kind = holder.Kind;
        var id = holder.Id;
        return documents.Where(d => d.HolderKind == kind && d.HolderId == id);
    }
}
