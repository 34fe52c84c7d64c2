using Orleans;
using Orleans.Runtime;

namespace EGov.Citizens.Sessions;

/// <summary>
/// One activation per citizen, wherever the citizen's requests land in the cluster; calls are serialised, so
/// concurrent saves of one draft never interleave.
/// </summary>
/// <remarks>
/// Durability: every change is written to PostgreSQL (<c>g2c.grain_state</c>) before the call returns, so an
/// acknowledged draft survives a host restart and the loss of the silo that held it. Reads are served from
/// memory; the state is loaded once per activation.
/// </remarks>
internal sealed class CitizenSessionGrain(
    [PersistentState("session", "g2c")] IPersistentState<CitizenSessionState> session,
    TimeProvider clock) : Grain, ICitizenSessionGrain
{
    public Task<SessionView> GetAsync() => Task.FromResult(new SessionView
    {
        LastActivity = session.State.LastActivity,
        UnreadCount = session.State.UnreadCount,
        Drafts = session.State.Drafts
            .OrderByDescending(d => d.Value.SavedAt)
            .Select(d => new DraftSummary { ServiceCode = d.Key, FieldCount = d.Value.Fields.Count, SavedAt = d.Value.SavedAt })
            .ToList(),
    });

    public async Task<DraftView> SaveDraftAsync(string serviceCode, Dictionary<string, string> fields)
    {
        var now = clock.GetUtcNow();
        if (!session.State.Drafts.TryGetValue(serviceCode, out var draft))
        {
            session.State.Drafts[serviceCode] = draft = new DraftState { CreatedAt = now };
        }

        foreach (var (name, value) in fields)
        {
            draft.Fields[name] = value;
        }

        draft.SavedAt = now;
        session.State.LastActivity = now;
        await session.WriteStateAsync();
        return View(serviceCode, draft);
    }

    public Task<DraftView?> GetDraftAsync(string serviceCode) =>
        Task.FromResult(session.State.Drafts.TryGetValue(serviceCode, out var draft) ? View(serviceCode, draft) : null);

    public async Task<bool> DeleteDraftAsync(string serviceCode)
    {
        if (!session.State.Drafts.Remove(serviceCode))
        {
            return false;
        }

        session.State.LastActivity = clock.GetUtcNow();
        await session.WriteStateAsync();
        return true;
    }

    private static DraftView View(string serviceCode, DraftState draft) => new()
    {
        ServiceCode = serviceCode,
        Fields = new Dictionary<string, string>(draft.Fields, StringComparer.Ordinal),
        CreatedAt = draft.CreatedAt,
        SavedAt = draft.SavedAt,
    };
}
