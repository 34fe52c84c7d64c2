using EGov.Businesses.Contracts;
using Orleans;
using Orleans.Concurrency;

namespace EGov.Businesses.Sessions;

/// <summary>
/// A representative's session for one business, keyed <c>{token subject}|{registration number}</c>: the acting context
/// (on what footing, with which scopes), saved drafts of filings, and the rate limit of filings. Every call checks
/// the representative's power against the register first, so a mandate revoked or an officer ceased stops the
/// next call, not the next sign-in.
/// </summary>
internal interface IBusinessSessionGrain : IGrainWithStringKey
{
    /// <summary>Starts (or resumes) the session: checks the power and records the acting context.</summary>
    Task<SessionOutcome> StartAsync(ActingRepresentative representative);

    /// <summary>Saves a draft filing of a kind (a JSON object), after checking the power covers filings.</summary>
    Task<SessionOutcome> SaveDraftAsync(ActingRepresentative representative, string kind, string json);

    /// <summary>The committed draft of a kind; the power is checked as for any read of the business.</summary>
    [AlwaysInterleave]
    Task<SessionOutcome> GetDraftAsync(ActingRepresentative representative, string kind);

    Task<SessionOutcome> DeleteDraftAsync(ActingRepresentative representative, string kind);

    /// <summary>Files to the register: power (scope Filings) checked, rate limit, then the filing's own transaction.</summary>
    Task<SessionOutcome> FileAsync(ActingRepresentative representative, FilingCommand command);
}

/// <summary>Who calls: a person by national id or a system user by client id (never logged).</summary>
[GenerateSerializer]
[Immutable]
internal sealed class ActingRepresentative
{
    [Id(0)]
    public RepresentativeKind Kind { get; init; }

    [Id(1)]
    public required string Id { get; init; }

    /// <summary>The token subject (or client id) for audit records.</summary>
    [Id(2)]
    public required string Actor { get; init; }

    public Representative ToRepresentative() => new(Kind, Id);
}

/// <summary>A filing request as the endpoint validated it, with its idempotency key.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class FilingCommand
{
    /// <summary>The request body, canonical JSON.</summary>
    [Id(0)]
    public required string RequestJson { get; init; }

    [Id(1)]
    public required string IdempotencyKey { get; init; }

    [Id(2)]
    public required string RequestHash { get; init; }

    /// <summary>The filing kind (the draft of this kind is discarded once filed).</summary>
    [Id(3)]
    public required string Kind { get; init; }
}

internal enum SessionOutcomeKind
{
    Ok,

    /// <summary>The representative may not act for the business (404).</summary>
    NoPower,

    /// <summary>The power does not cover what was asked (403).</summary>
    OutOfScope,

    /// <summary>Too many filings in the window (429).</summary>
    RateLimited,

    Invalid,

    /// <summary>A rule of the register refused the filing (409).</summary>
    Conflict,

    KeyReused,

    /// <summary>No draft of that kind (404).</summary>
    NoDraft,
}

[GenerateSerializer]
[Immutable]
internal sealed class SessionOutcome
{
    [Id(0)]
    public SessionOutcomeKind Kind { get; init; }

    [Id(1)]
    public string? Message { get; init; }

    [Id(2)]
    public Dictionary<string, string[]>? Errors { get; init; }

    [Id(3)]
    public SessionContext? Context { get; init; }

    [Id(4)]
    public DraftView? Draft { get; init; }

    [Id(5)]
    public StoredFiling? Answer { get; init; }

    [Id(6)]
    public TimeSpan? RetryAfter { get; init; }

    public static SessionOutcome Of(SessionOutcomeKind kind, string? message = null) => new() { Kind = kind, Message = message };
}

/// <summary>The acting context and the drafts of the session.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class SessionContext
{
    [Id(0)]
    public required string Number { get; init; }

    /// <summary><c>Officer</c> or <c>Mandate</c>.</summary>
    [Id(1)]
    public required string Basis { get; init; }

    [Id(2)]
    public string? Role { get; init; }

    [Id(3)]
    public Guid? MandateId { get; init; }

    [Id(4)]
    public List<MandateScope> Scopes { get; init; } = [];

    [Id(5)]
    public DateTimeOffset StartedAt { get; init; }

    [Id(6)]
    public DateTimeOffset? LastActivity { get; init; }

    [Id(7)]
    public List<DraftSummary> Drafts { get; init; } = [];

    [Id(8)]
    public int FilingsInWindow { get; init; }
}

[GenerateSerializer]
[Immutable]
internal sealed class DraftSummary
{
    [Id(0)]
    public required string Kind { get; init; }

    [Id(1)]
    public DateTimeOffset SavedAt { get; init; }
}

[GenerateSerializer]
[Immutable]
internal sealed class DraftView
{
    [Id(0)]
    public required string Kind { get; init; }

    [Id(1)]
    public required string Json { get; init; }

    [Id(2)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(3)]
    public DateTimeOffset SavedAt { get; init; }
}

/// <summary>The HTTP answer of a filing, as stored for its idempotency key.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class StoredFiling
{
    [Id(0)]
    public int StatusCode { get; init; }

    [Id(1)]
    public required string Body { get; init; }

    [Id(2)]
    public string? Location { get; init; }

    /// <summary>True when the answer was given before to the same key (no new filing).</summary>
    [Id(3)]
    public bool Replayed { get; init; }
}

/// <summary>A representative's power for one business on a day, as the session needs it.</summary>
internal sealed record SessionPower(string Basis, string? Role, Guid? MandateId, IReadOnlyList<MandateScope> Scopes)
{
    public bool Covers(MandateScope scope) => Scopes.Contains(scope);
}

/// <summary>Reads a representative's power from the register (implemented by the representation feature).</summary>
internal interface ISessionPowers
{
    Task<SessionPower?> ResolveAsync(string number, Representative representative, DateOnly day);
}

/// <summary>The database side of a filing, run by the session grain after its checks.</summary>
internal interface IBusinessFiling
{
    Task<SessionOutcome> FileAsync(string number, ActingRepresentative representative, Guid? mandateId, FilingCommand command);
}

/// <summary>Persisted session state (JSON in <c>g2b.grain_state</c>); changed only on a copy, see the grain.</summary>
internal sealed class BusinessSessionState
{
    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? LastActivity { get; set; }

    public string? Basis { get; set; }

    public Dictionary<string, DraftState> Drafts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When this representative's recent filings for the business were accepted (the rate limit's window).</summary>
    public List<DateTimeOffset> RecentFilings { get; set; } = [];

    public BusinessSessionState Copy() => new()
    {
        StartedAt = StartedAt,
        LastActivity = LastActivity,
        Basis = Basis,
        Drafts = new Dictionary<string, DraftState>(Drafts, StringComparer.Ordinal),
        RecentFilings = [.. RecentFilings],
    };
}

/// <summary>One saved draft, immutable: a save replaces it.</summary>
internal sealed class DraftState
{
    public string Json { get; init; } = "{}";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset SavedAt { get; init; }
}
