using Orleans;

namespace EGov.Citizens.Sessions;

/// <summary>A citizen's session: saved drafts, unread inbox count and last activity. Keyed by the token subject.</summary>
internal interface ICitizenSessionGrain : IGrainWithStringKey
{
    Task<SessionView> GetAsync();

    /// <summary>Merges the given field values into the draft of a service (creating it) and persists it before returning.</summary>
    Task<DraftView> SaveDraftAsync(string serviceCode, Dictionary<string, string> fields);

    Task<DraftView?> GetDraftAsync(string serviceCode);

    Task<bool> DeleteDraftAsync(string serviceCode);
}

/// <summary>Persisted session state (JSON in <c>g2c.grain_state</c>).</summary>
internal sealed class CitizenSessionState
{
    public Dictionary<string, DraftState> Drafts { get; set; } = new(StringComparer.Ordinal);

    public int UnreadCount { get; set; }

    public DateTimeOffset? LastActivity { get; set; }
}

internal sealed class DraftState
{
    /// <summary>Field name → value as raw JSON text (drafts may be incomplete or not yet valid).</summary>
    public Dictionary<string, string> Fields { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}

[GenerateSerializer]
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
internal sealed class DraftView
{
    [Id(0)]
    public required string ServiceCode { get; init; }

    [Id(1)]
    public Dictionary<string, string> Fields { get; init; } = [];

    [Id(2)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(3)]
    public DateTimeOffset SavedAt { get; init; }
}
