using EGov.Citizens.Features.Applications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

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
/// application. The unread count is a cache of <c>g2c.citizen_inbox</c>, recounted after every inbox change.
/// </remarks>
internal sealed class CitizenSessionGrain(
    [PersistentState("session", "g2c")] IPersistentState<CitizenSessionState> session,
    IServiceScopeFactory scopes,
    IOptions<CitizensOptions> options,
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
            session.State.SubmittedDrafts.Remove(serviceCode);
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

    public async Task SetUnreadCountAsync(int unread)
    {
        if (session.State.UnreadCount != unread)
        {
            session.State.UnreadCount = unread;
            await session.WriteStateAsync();
        }
    }

    public async Task<SubmissionOutcome> SubmitAsync(SubmissionCommand command)
    {
        await using var scope = scopes.CreateAsyncScope();
        var submission = scope.ServiceProvider.GetRequiredService<ApplicationSubmission>();

        if (await submission.ReplayAsync(command) is { } replay)
        {
            return replay;
        }

        var now = clock.GetUtcNow();
        var limits = options.Value;
        var window = TimeSpan.FromSeconds(limits.SubmissionWindowSeconds);
        session.State.RecentSubmissions.RemoveAll(t => t <= now - window);
        if (session.State.RecentSubmissions.Count >= limits.SubmissionLimit)
        {
            var retryAfter = session.State.RecentSubmissions.Min() + window - now;
            return new SubmissionOutcome
            {
                StatusCode = 429,
                Detail = $"You have submitted {limits.SubmissionLimit} applications within {limits.SubmissionWindowSeconds / 60} minutes; try again later.",
                RetryAfterSeconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)),
            };
        }

        string? fields = command.Fields;
        if (command.FromDraft)
        {
            if (!session.State.Drafts.TryGetValue(command.ServiceCode, out var draft))
            {
                return session.State.SubmittedDrafts.TryGetValue(command.ServiceCode, out var submitted)
                    ? new SubmissionOutcome
                    {
                        StatusCode = 409,
                        Detail = "This draft has already been submitted.",
                        ApplicationId = submitted,
                    }
                    : new SubmissionOutcome
                    {
                        StatusCode = 400,
                        Errors = new() { ["fromDraft"] = [$"You have no draft for service '{command.ServiceCode}'."] },
                    };
            }

            fields = "{" + string.Join(',', draft.Fields.Select(f => $"{System.Text.Json.JsonSerializer.Serialize(f.Key)}:{f.Value}")) + "}";
        }

        var outcome = await submission.SubmitAsync(command, fields ?? "{}");
        if (outcome.ApplicationId is { } created && outcome.StatusCode == 201)
        {
            session.State.RecentSubmissions.Add(now);
            if (command.FromDraft)
            {
                session.State.Drafts.Remove(command.ServiceCode);
                session.State.SubmittedDrafts[command.ServiceCode] = created;
            }

            session.State.UnreadCount = outcome.UnreadCount ?? session.State.UnreadCount;
            session.State.LastActivity = now;
            await session.WriteStateAsync();
        }

        return outcome;
    }

    private static DraftView View(string serviceCode, DraftState draft) => new()
    {
        ServiceCode = serviceCode,
        Fields = new Dictionary<string, string>(draft.Fields, StringComparer.Ordinal),
        CreatedAt = draft.CreatedAt,
        SavedAt = draft.SavedAt,
    };
}
