using EGov.Businesses.Contracts;

namespace EGov.Businesses.Domain;

/// <summary>
/// A power to act for a business, granted by an officer to a person (national id) or a system user (client id):
/// for some scopes, from a day to its expiry, until revoked. It carries its own trail: who granted it, when and why,
/// and who revoked it, when and why.
/// </summary>
internal sealed class Mandate
{
    public const int MaxDays = 3 * 366;

    private Mandate()
    {
    }

    public Mandate(
        Guid id, Guid businessId, Representative holder, string? holderName, IReadOnlyCollection<MandateScope> scopes,
        DateOnly validFrom, DateOnly expiresOn, string grantedBy, Guid grantedByOfficer, string? reason, DateTimeOffset now)
    {
        if (scopes.Count == 0)
        {
            throw new ArgumentException("A mandate has at least one scope.", nameof(scopes));
        }

        if (expiresOn < validFrom)
        {
            throw new ArgumentException("A mandate expires on or after the day it starts.", nameof(expiresOn));
        }

        Id = id;
        BusinessId = businessId;
        HolderKind = holder.Kind;
        HolderId = holder.Id;
        HolderName = holderName;
        Scopes = [.. scopes.Distinct().Order()];
        ValidFrom = validFrom;
        ExpiresOn = expiresOn;
        GrantedBy = grantedBy;
        GrantedByOfficer = grantedByOfficer;
        GrantReason = reason;
        GrantedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid BusinessId { get; private set; }

    public RepresentativeKind HolderKind { get; private set; }

    /// <summary>The holder's national id (a person: personal data) or client id (a system user).</summary>
    public string HolderId { get; private set; } = string.Empty;

    public string? HolderName { get; private set; }

    public List<MandateScope> Scopes { get; private set; } = [];

    public DateOnly ValidFrom { get; private set; }

    /// <summary>The last day the mandate is valid.</summary>
    public DateOnly ExpiresOn { get; private set; }

    public DateTimeOffset GrantedAt { get; private set; }

    /// <summary>Audit actor of the grant (token subject).</summary>
    public string GrantedBy { get; private set; } = string.Empty;

    /// <summary>The officer in whose office the mandate was granted.</summary>
    public Guid GrantedByOfficer { get; private set; }

    public string? GrantReason { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public string? RevocationReason { get; private set; }

    public uint Version { get; private set; }

    public bool Holds(Representative representative) => HolderKind == representative.Kind && HolderId == representative.Id;

    /// <summary>Valid on <paramref name="day"/>: started, not expired, not revoked.</summary>
    public bool ValidOn(DateOnly day) => RevokedAt is null && ValidFrom <= day && day <= ExpiresOn;

    public MandateState StateOn(DateOnly day) =>
        RevokedAt is not null ? MandateState.Revoked
        : day > ExpiresOn ? MandateState.Expired
        : day < ValidFrom ? MandateState.Pending
        : MandateState.Valid;

    /// <summary>Revokes the mandate; false when it was revoked already (the first revocation stands).</summary>
    public bool Revoke(string by, string reason, DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return false;
        }

        RevokedAt = now;
        RevokedBy = by;
        RevocationReason = reason;
        return true;
    }
}

internal enum MandateState
{
    Pending,
    Valid,
    Expired,
    Revoked,
}
