using Orleans;
using Orleans.Concurrency;

namespace EGov.Citizens.Sessions;

/// <summary>A citizen's session: saved drafts, unread inbox count and last activity. Keyed by the token subject.</summary>
internal interface ICitizenSessionGrain : IGrainWithStringKey
{
    /// <summary>The committed session; answered even while a change of the session is being written.</summary>
    [AlwaysInterleave]
    Task<SessionView> GetAsync();

    /// <summary>Merges the given field values into the draft of a service (creating it) and persists it before returning.</summary>
    Task<DraftView> SaveDraftAsync(string serviceCode, Dictionary<string, string> fields);

    /// <summary>The committed draft of a service; answered even while a change of the session is being written.</summary>
    [AlwaysInterleave]
    Task<DraftView?> GetDraftAsync(string serviceCode);

    Task<bool> DeleteDraftAsync(string serviceCode);

    /// <summary>
    /// Submits an application. All submissions of one citizen pass through here one at a time, so one draft submitted
    /// twice at once makes one application, and the citizen's rate limit holds across the cluster.
    /// </summary>
    Task<SubmissionOutcome> SubmitAsync(SubmissionCommand command);

    /// <summary>Sets the unread inbox count (counted from the inbox table after each change).</summary>
    Task SetUnreadCountAsync(int unread);
}

/// <summary>
/// Persisted session state (JSON in <c>g2c.grain_state</c>). The grain never changes a state it has written: it
/// changes a <see cref="Copy"/> and keeps the old one until the copy is committed, so reads that run while a write
/// is in flight see only committed data.
/// </summary>
internal sealed class CitizenSessionState
{
    public Dictionary<string, DraftState> Drafts { get; set; } = new(StringComparer.Ordinal);

    public int UnreadCount { get; set; }

    public DateTimeOffset? LastActivity { get; set; }

    /// <summary>When this citizen's recent applications were accepted (the rate limit's window).</summary>
    public List<DateTimeOffset> RecentSubmissions { get; set; } = [];

    /// <summary>Service code → application made from the draft of that service (answers a repeated submission of it).</summary>
    public Dictionary<string, Guid> SubmittedDrafts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A copy to change; drafts are immutable and shared.</summary>
    public CitizenSessionState Copy() => new()
    {
        Drafts = new Dictionary<string, DraftState>(Drafts, StringComparer.Ordinal),
        UnreadCount = UnreadCount,
        LastActivity = LastActivity,
        RecentSubmissions = [.. RecentSubmissions],
        SubmittedDrafts = new Dictionary<string, Guid>(SubmittedDrafts, StringComparer.Ordinal),
    };
}

/// <summary>One saved draft, immutable: a save replaces it.</summary>
internal sealed class DraftState
{
    /// <summary>Field values (drafts may be incomplete or not yet valid).</summary>
    public DraftFields Fields { get; init; } = DraftFields.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset SavedAt { get; init; }
}

[GenerateSerializer]
[Immutable]
internal sealed class SessionView
{
    [Id(0)]
    public DateTimeOffset? LastActivity { get; init; }

    [Id(1)]
    public int UnreadCount { get; init; }

    [Id(2)]
    public List<DraftSummary> Drafts { get; init; } = [];
}

[GenerateSerializer]
[Immutable]
internal sealed class DraftSummary
{
    [Id(0)]
    public required string ServiceCode { get; init; }

    [Id(1)]
    public int FieldCount { get; init; }

    [Id(2)]
    public DateTimeOffset SavedAt { get; init; }
}

[GenerateSerializer]
[Immutable]
internal sealed class DraftView
{
    [Id(0)]
    public required string ServiceCode { get; init; }

    /// <summary>The fields as one JSON object.</summary>
    [Id(1)]
    public required string Fields { get; init; }

    [Id(2)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(3)]
    public DateTimeOffset SavedAt { get; init; }
}

/// <summary>The caller and the request of a submission, as the endpoint read them.</summary>
[GenerateSerializer]
internal sealed class SubmissionCommand
{
    [Id(0)]
    public required SubmittingCitizen Citizen { get; init; }

    [Id(1)]
    public required string ServiceCode { get; init; }

    /// <summary>Field values as a JSON object, or null when submitting the saved draft.</summary>
    [Id(2)]
    public string? Fields { get; init; }

    [Id(3)]
    public bool FromDraft { get; init; }

    [Id(4)]
    public required string IdempotencyKey { get; init; }

    [Id(5)]
    public required string RequestHash { get; init; }
}

/// <summary>The token claims a submission needs (profile creation, audit).</summary>
[GenerateSerializer]
internal sealed class SubmittingCitizen
{
    [Id(0)]
    public required string Subject { get; init; }

    [Id(1)]
    public string? Username { get; init; }

    [Id(2)]
    public string? NationalId { get; init; }

    [Id(3)]
    public string? GivenName { get; init; }

    [Id(4)]
    public string? FamilyName { get; init; }

    [Id(5)]
    public string? Email { get; init; }
}

/// <summary>An HTTP answer decided inside the grain: a JSON body, field errors, or a problem.</summary>
[GenerateSerializer]
internal sealed class SubmissionOutcome
{
    [Id(0)]
    public int StatusCode { get; init; }

    [Id(1)]
    public string? Body { get; init; }

    [Id(2)]
    public string? Location { get; init; }

    [Id(3)]
    public Dictionary<string, string[]>? Errors { get; init; }

    [Id(4)]
    public string? Detail { get; init; }

    [Id(5)]
    public int? RetryAfterSeconds { get; init; }

    [Id(6)]
    public Guid? ApplicationId { get; init; }

    [Id(7)]
    public int? UnreadCount { get; init; }
}
