using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace EGov.Citizens.Sessions;

/// <summary>
/// One activation per citizen, wherever the citizen's requests land in the cluster; calls are serialised, so
/// concurrent saves of one draft never interleave and concurrent submissions are handled one after the other.
/// </summary>
/// <remarks>
/// Durability: every change of drafts, rate-limit window and submitted-draft markers is written to PostgreSQL
/// (<c>g2c.grain_state</c>) before the call returns, so an acknowledged draft survives a host restart and the loss
/// of the silo that held it. An application is durable once its own transaction commits (tables
/// <c>g2c.applications</c> …); the session is updated right after. If the host dies between the two, the draft is
/// still there and the application exists: resubmitting with the same <c>Idempotency-Key</c> answers with that
/// application. The unread count is a cache of <c>g2c.notices</c>, recounted after every inbox change.
/// <para>Reads (<see cref="GetAsync"/>, <see cref="GetDraftAsync"/>) interleave with a change whose write is in
/// flight and answer from the last committed state: a change is made on a copy of the state, and the copy becomes
/// the state reads see only once PostgreSQL committed it. A failed write leaves the committed state in place.</para>
/// </remarks>
internal sealed class CitizenSessionGrain(
    [PersistentState("session", "g2c")] IPersistentState<CitizenSessionState> session,
    IServiceScopeFactory scopes,
    IOptions<CitizensOptions> options,
    TimeProvider clock) : Grain, ICitizenSessionGrain
{
    /// <summary>The last committed state (what reads answer from); <c>session.State</c> differs while a write is in flight.</summary>
    private CitizenSessionState Committed { get; set; } = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Committed = session.State;
        return base.OnActivateAsync(cancellationToken);
    }

    public Task<SessionView> GetAsync()
    {
        var state = Committed;
        var drafts = new List<DraftSummary>(state.Drafts.Count);
        foreach (var (code, draft) in state.Drafts)
        {
            drafts.Add(new DraftSummary { ServiceCode = code, FieldCount = draft.Fields.Count, SavedAt = draft.SavedAt });
        }

        drafts.Sort(static (a, b) => b.SavedAt.CompareTo(a.SavedAt));
        return Task.FromResult(new SessionView { LastActivity = state.LastActivity, UnreadCount = state.UnreadCount, Drafts = drafts });
    }

    public async Task<DraftView> SaveDraftAsync(string serviceCode, Dictionary<string, string> fields)
    {
        var now = clock.GetUtcNow();
        DraftState saved = null!;
        await CommitAsync(next =>
        {
            if (!next.Drafts.TryGetValue(serviceCode, out var draft))
            {
                draft = new DraftState { CreatedAt = now };
                next.SubmittedDrafts.Remove(serviceCode);
            }

            saved = new DraftState { Fields = draft.Fields.With(fields), CreatedAt = draft.CreatedAt, SavedAt = now };
            next.Drafts[serviceCode] = saved;
            next.LastActivity = now;
        });
        return View(serviceCode, saved);
    }

    public Task<DraftView?> GetDraftAsync(string serviceCode) =>
        Task.FromResult(Committed.Drafts.TryGetValue(serviceCode, out var draft) ? View(serviceCode, draft) : null);

    public async Task<bool> DeleteDraftAsync(string serviceCode)
    {
        if (!Committed.Drafts.ContainsKey(serviceCode))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        await CommitAsync(next =>
        {
            next.Drafts.Remove(serviceCode);
            next.LastActivity = now;
        });
        return true;
    }

    public async Task SetUnreadCountAsync(int unread)
    {
        if (Committed.UnreadCount != unread)
        {
            await CommitAsync(next => next.UnreadCount = unread);
        }
    }

    public async Task<SubmissionResult> SubmitAsync(SubmissionCommand command)
    {
        await using var scope = scopes.CreateAsyncScope();
        var filing = scope.ServiceProvider.GetRequiredService<IApplicationFiling>();

        // A repeated request is answered as before, whatever the rate limit or the draft say now.
        if (await filing.ReplayAsync(command) is { } replay)
        {
            return replay;
        }

        var now = clock.GetUtcNow();
        var limits = options.Value;
        var window = TimeSpan.FromSeconds(limits.SubmissionWindowSeconds);
        var recent = Committed.RecentSubmissions.Where(t => t > now - window).ToList();
        if (recent.Count >= limits.SubmissionLimit)
        {
            return new SubmissionResult { Kind = SubmissionResultKind.RateLimited, RetryAfter = recent.Min() + window - now };
        }

        var fields = command.Fields;
        if (command.FromDraft)
        {
            if (!Committed.Drafts.TryGetValue(command.ServiceCode, out var draft))
            {
                return Committed.SubmittedDrafts.TryGetValue(command.ServiceCode, out var submitted)
                    ? new SubmissionResult { Kind = SubmissionResultKind.DraftAlreadySubmitted, ApplicationId = submitted }
                    : SubmissionResult.Invalid("fromDraft", $"You have no draft for service '{command.ServiceCode}'.");
            }

            fields = draft.Fields.ToJson();
        }

        var result = await filing.FileAsync(command, fields ?? "{}");
        if (result is { Kind: SubmissionResultKind.Created, ApplicationId: { } created })
        {
            await CommitAsync(next =>
            {
                next.RecentSubmissions = [.. next.RecentSubmissions.Where(t => t > now - window), now];
                if (command.FromDraft)
                {
                    next.Drafts.Remove(command.ServiceCode);
                    next.SubmittedDrafts[command.ServiceCode] = created;
                }

                next.UnreadCount = result.UnreadCount ?? next.UnreadCount;
                next.LastActivity = now;
            });
        }

        return result;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a copy of the committed state, writes it and makes it the committed state
    /// once PostgreSQL committed it; on failure the previous state stays.
    /// </summary>
    /// <remarks>
    /// A version conflict means the stored session moved past this activation. Most often it is a write of this
    /// activation whose answer was lost (the connection broke after the commit: PostgreSQL restarting, a backend
    /// terminated), so the caller got an error and the stored version is one ahead. The stored state is read and the
    /// change applied to it once more (every change here sets values, so applying it again is harmless); only a
    /// second conflict escapes, and Orleans then deactivates the grain.
    /// </remarks>
    private async Task CommitAsync(Action<CitizenSessionState> change)
    {
        var next = Committed.Copy();
        change(next);
        try
        {
            await WriteAsync(next);
        }
        catch (InconsistentStateException)
        {
            await ReloadAsync();
            next = Committed.Copy();
            change(next);
            await WriteAsync(next);
        }

        Committed = next;
    }

    private async Task WriteAsync(CitizenSessionState next)
    {
        session.State = next;
        try
        {
            await session.WriteStateAsync();
        }
        catch
        {
            session.State = Committed;
            throw;
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            await session.ReadStateAsync();
        }
        catch
        {
            session.State = Committed;
            throw;
        }

        Committed = session.State;
    }

    private static DraftView View(string serviceCode, DraftState draft) => new()
    {
        ServiceCode = serviceCode,
        Fields = draft.Fields.ToJson(),
        CreatedAt = draft.CreatedAt,
        SavedAt = draft.SavedAt,
    };
}
