using EGov.SharedKernel.Identity;
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
    Task<SubmissionResult> SubmitAsync(SubmissionCommand command);

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

    /// <summary>The citizen calling, as their token describes them.</summary>
    public static SubmittingCitizen From(ICurrentUser user) => new()
    {
        Subject = user.Subject ?? throw new InvalidOperationException("An authenticated citizen has a subject."),
        Username = user.Username,
        NationalId = user.NationalId,
        GivenName = user.GivenName,
        FamilyName = user.FamilyName,
        Email = user.Email,
    };
}

/// <summary>What a submission came to, in the platform's terms; the endpoint maps it to HTTP.</summary>
internal enum SubmissionResultKind
{
    /// <summary>An application was filed now; <see cref="SubmissionResult.Answer"/> is its stored answer.</summary>
    Created,

    /// <summary>The same key and request were seen before: the stored answer again, nothing filed.</summary>
    Replayed,

    /// <summary>The key was used before with a different request.</summary>
    KeyReused,

    /// <summary>The request or its answers are not valid; <see cref="SubmissionResult.Errors"/> names the fields.</summary>
    Invalid,

    /// <summary>Too many submissions within the window; <see cref="SubmissionResult.RetryAfter"/> says when to try again.</summary>
    RateLimited,

    /// <summary>The draft to submit was already submitted; <see cref="SubmissionResult.ApplicationId"/> is the application made from it.</summary>
    DraftAlreadySubmitted,
}

/// <summary>The answer stored for an idempotency key: what the first request was answered.</summary>
[GenerateSerializer]
[Immutable]
internal sealed class StoredSubmission
{
    [Id(0)]
    public int StatusCode { get; init; }

    [Id(1)]
    public required string Body { get; init; }

    [Id(2)]
    public string? Location { get; init; }
}

[GenerateSerializer]
[Immutable]
internal sealed class SubmissionResult
{
    [Id(0)]
    public SubmissionResultKind Kind { get; init; }

    [Id(1)]
    public StoredSubmission? Answer { get; init; }

    [Id(2)]
    public Dictionary<string, string[]>? Errors { get; init; }

    [Id(3)]
    public TimeSpan? RetryAfter { get; init; }

    [Id(4)]
    public Guid? ApplicationId { get; init; }

    /// <summary>The citizen's unread inbox messages after a filing (the session keeps the count).</summary>
    [Id(5)]
    public int? UnreadCount { get; init; }

    public static SubmissionResult Invalid(string field, string message) =>
        new() { Kind = SubmissionResultKind.Invalid, Errors = new() { [field] = [message] } };
}

/// <summary>
/// The database side of a submission, which the session grain runs one at a time per citizen. Implemented by the
/// applications feature; the session knows only this contract.
/// </summary>
internal interface IApplicationFiling
{
    /// <summary>The earlier outcome of this idempotency key (replayed answer or key reused), or null when the key is new.</summary>
    Task<SubmissionResult?> ReplayAsync(SubmissionCommand command);

    /// <summary>Validates and files the application with the given answers (JSON object), remembering the answer for the key.</summary>
    Task<SubmissionResult> FileAsync(SubmissionCommand command, string fieldsJson);
}
