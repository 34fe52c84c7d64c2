namespace EGov.Agencies.Domain.Exchange;

internal enum AccessRightStatus
{
    Requested,
    Granted,
    Refused,
    Revoked,
}

/// <summary>Why an access right refused a change.</summary>
internal enum RightChangeRefusal
{
    None,

    /// <summary>The right is not in a state the change applies to (e.g. approving a revoked right).</summary>
    WrongState,

    /// <summary>The operations named are not among those requested (or granted, when narrowing).</summary>
    OperationsOutside,

    /// <summary>A right needs at least one operation.</summary>
    NoOperations,
}

/// <summary>
/// A consuming agency's right to call a provider's data service for a stated purpose and legal basis. Deny by
/// default: only a <see cref="AccessRightStatus.Granted"/> right lets calls through, and only for its operations.
/// </summary>
internal sealed class AccessRight
{
    public const int MaxPurposeLength = 500;
    public const int MaxReasonLength = 1000;

    private AccessRight()
    {
    }

    public Guid Id { get; private set; }

    public Guid ServiceId { get; private set; }

    public string ProviderCode { get; private set; } = string.Empty;

    public string ServiceCode { get; private set; } = string.Empty;

    public string ConsumerCode { get; private set; } = string.Empty;

    public string Purpose { get; private set; } = string.Empty;

    public string LegalBasis { get; private set; } = string.Empty;

    public List<string> RequestedOperations { get; private set; } = [];

    /// <summary>The operations the right covers once granted (the requested ones, or fewer).</summary>
    public List<string> Operations { get; private set; } = [];

    public AccessRightStatus Status { get; private set; }

    public string RequestedBy { get; private set; } = string.Empty;

    public DateTimeOffset RequestedAt { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public long Version { get; private set; }

    /// <summary>Whether this right is one that blocks a second request for the same service (requested or granted).</summary>
    public bool IsOpen => Status is AccessRightStatus.Requested or AccessRightStatus.Granted;

    public static AccessRight Request(
        Guid id, DataService service, string consumerCode, string purpose, string legalBasis, IReadOnlyList<string> operations, string requestedBy, DateTimeOffset now) => new()
        {
            Id = id,
            ServiceId = service.Id,
            ProviderCode = service.ProviderCode,
            ServiceCode = service.Code,
            ConsumerCode = consumerCode,
            Purpose = purpose,
            LegalBasis = legalBasis,
            RequestedOperations = [.. operations],
            Status = AccessRightStatus.Requested,
            RequestedBy = requestedBy,
            RequestedAt = now,
            Version = 1,
        };

    /// <summary>Grants the request, for all requested operations or the subset named.</summary>
    public RightChangeRefusal Approve(IReadOnlyList<string>? operations, string by, DateTimeOffset now)
    {
        if (Status != AccessRightStatus.Requested)
        {
            return RightChangeRefusal.WrongState;
        }

        var granted = operations is null ? RequestedOperations : operations.Distinct(StringComparer.Ordinal).ToList();
        if (granted.Count == 0)
        {
            return RightChangeRefusal.NoOperations;
        }

        if (granted.Any(o => !RequestedOperations.Contains(o)))
        {
            return RightChangeRefusal.OperationsOutside;
        }

        Operations = [.. granted];
        Status = AccessRightStatus.Granted;
        Decide(by, null, now);
        return RightChangeRefusal.None;
    }

    public RightChangeRefusal Refuse(string reason, string by, DateTimeOffset now)
    {
        if (Status != AccessRightStatus.Requested)
        {
            return RightChangeRefusal.WrongState;
        }

        Status = AccessRightStatus.Refused;
        Decide(by, reason, now);
        return RightChangeRefusal.None;
    }

    /// <summary>Restricts a granted right to fewer operations.</summary>
    public RightChangeRefusal Narrow(IReadOnlyList<string> operations, string by, DateTimeOffset now)
    {
        if (Status != AccessRightStatus.Granted)
        {
            return RightChangeRefusal.WrongState;
        }

        var kept = operations.Distinct(StringComparer.Ordinal).ToList();
        if (kept.Count == 0)
        {
            return RightChangeRefusal.NoOperations;
        }

        if (kept.Any(o => !Operations.Contains(o)))
        {
            return RightChangeRefusal.OperationsOutside;
        }

        Operations = kept;
        Decide(by, Reason, now);
        return RightChangeRefusal.None;
    }

    /// <summary>Ends a granted (or still requested) right; calls are refused from now on.</summary>
    public RightChangeRefusal Revoke(string reason, string by, DateTimeOffset now)
    {
        if (!IsOpen)
        {
            return RightChangeRefusal.WrongState;
        }

        Status = AccessRightStatus.Revoked;
        RevokedAt = now;
        Decide(by, reason, now);
        return RightChangeRefusal.None;
    }

    public bool Allows(string operation) => Status == AccessRightStatus.Granted && Operations.Contains(operation);

    private void Decide(string by, string? reason, DateTimeOffset now)
    {
        DecidedBy = by;
        DecidedAt = now;
        Reason = reason;
        Version++;
    }
}
