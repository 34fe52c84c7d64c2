using EGov.Businesses.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace EGov.Businesses.Sessions;

/// <summary>
/// One activation per representative and business, wherever the requests land in the cluster; calls are serialised,
/// so one representative's filings for one business are made one after the other and the rate limit holds across
/// the cluster.
/// </summary>
/// <remarks>
/// The power is read from the register (<see cref="ISessionPowers"/>) on every call, never cached: a mandate revoked
/// between two calls refuses the second. Durability: drafts, the acting context and the rate-limit window are written
/// to PostgreSQL (<c>g2b.grain_state</c>) before the call returns; a filing is durable once its own transaction
/// commits, the session is updated right after (a lost update leaves the draft in place; resubmitting with the same
/// <c>Idempotency-Key</c> answers with the filing made).
/// </remarks>
internal sealed class BusinessSessionGrain(
    [PersistentState("session", "g2b")] IPersistentState<BusinessSessionState> session,
    IServiceScopeFactory scopes,
    IOptions<BusinessesOptions> options,
    TimeProvider clock) : Grain, IBusinessSessionGrain
{
    private BusinessSessionState Committed { get; set; } = null!;

    private string Number { get; set; } = string.Empty;

    private string Subject { get; set; } = string.Empty;

    public static string KeyOf(string subject, string number) => $"{subject}|{number}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var bar = key.LastIndexOf('|');
        Subject = key[..bar];
        Number = key[(bar + 1)..];
        Committed = session.State;
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<SessionOutcome> StartAsync(ActingRepresentative representative)
    {
        if (await PowerAsync(representative) is not { } power)
        {
            return NoPower();
        }

        var now = clock.GetUtcNow();
        var basis = power.Basis;
        if (Committed.StartedAt is null || Committed.Basis != basis)
        {
            await CommitAsync(next =>
            {
                next.StartedAt ??= now;
                next.Basis = basis;
                next.LastActivity = now;
            });
        }

        return new SessionOutcome { Kind = SessionOutcomeKind.Ok, Context = Context(power) };
    }

    public async Task<SessionOutcome> SaveDraftAsync(ActingRepresentative representative, string kind, string json)
    {
        if (await CheckAsync(representative, MandateScope.Filings) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        DraftState saved = null!;
        await CommitAsync(next =>
        {
            var created = next.Drafts.TryGetValue(kind, out var draft) ? draft.CreatedAt : now;
            saved = new DraftState { Json = json, CreatedAt = created, SavedAt = now };
            next.Drafts[kind] = saved;
            next.LastActivity = now;
        });
        return new SessionOutcome { Kind = SessionOutcomeKind.Ok, Draft = View(kind, saved) };
    }

    public async Task<SessionOutcome> GetDraftAsync(ActingRepresentative representative, string kind)
    {
        if (await PowerAsync(representative) is null)
        {
            return NoPower();
        }

        return Committed.Drafts.TryGetValue(kind, out var draft)
            ? new SessionOutcome { Kind = SessionOutcomeKind.Ok, Draft = View(kind, draft) }
            : SessionOutcome.Of(SessionOutcomeKind.NoDraft, $"There is no draft {kind} filing in this session.");
    }

    public async Task<SessionOutcome> DeleteDraftAsync(ActingRepresentative representative, string kind)
    {
        if (await CheckAsync(representative, MandateScope.Filings) is { } refused)
        {
            return refused;
        }

        if (!Committed.Drafts.ContainsKey(kind))
        {
            return SessionOutcome.Of(SessionOutcomeKind.NoDraft, $"There is no draft {kind} filing in this session.");
        }

        var now = clock.GetUtcNow();
        await CommitAsync(next =>
        {
            next.Drafts.Remove(kind);
            next.LastActivity = now;
        });
        return SessionOutcome.Of(SessionOutcomeKind.Ok);
    }

    public async Task<SessionOutcome> FileAsync(ActingRepresentative representative, FilingCommand command)
    {
        if (await PowerAsync(representative) is not { } power)
        {
            return NoPower();
        }

        if (!power.Covers(MandateScope.Filings))
        {
            return OutOfScope();
        }

        var now = clock.GetUtcNow();
        var limits = options.Value;
        var window = TimeSpan.FromSeconds(limits.FilingWindowSeconds);
        var recent = Committed.RecentFilings.Where(t => t > now - window).ToList();
        if (recent.Count >= limits.FilingLimit)
        {
            return new SessionOutcome { Kind = SessionOutcomeKind.RateLimited, RetryAfter = recent.Min() + window - now };
        }

        SessionOutcome result;
        await using (var scope = scopes.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<IBusinessFiling>().FileAsync(Number, representative, power.MandateId, command);
        }

        if (result is { Kind: SessionOutcomeKind.Ok, Answer.Replayed: false })
        {
            await CommitAsync(next =>
            {
                next.RecentFilings = [.. next.RecentFilings.Where(t => t > now - window), now];
                next.Drafts.Remove(command.Kind);
                next.LastActivity = now;
            });
        }

        return result;
    }

    private async Task<SessionOutcome?> CheckAsync(ActingRepresentative representative, MandateScope scope)
    {
        var power = await PowerAsync(representative);
        return power is null ? NoPower() : power.Covers(scope) ? null : OutOfScope();
    }

    private async Task<SessionPower?> PowerAsync(ActingRepresentative representative)
    {
        if (representative.Actor != Subject)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var powers = scope.ServiceProvider.GetRequiredService<ISessionPowers>();
        return await powers.ResolveAsync(Number, representative.ToRepresentative(), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
    }

    private SessionContext Context(SessionPower power) => new()
    {
        Number = Number,
        Basis = power.Basis,
        Role = power.Role,
        MandateId = power.MandateId,
        Scopes = [.. power.Scopes],
        StartedAt = Committed.StartedAt ?? clock.GetUtcNow(),
        LastActivity = Committed.LastActivity,
        Drafts = [.. Committed.Drafts.OrderByDescending(d => d.Value.SavedAt).Select(d => new DraftSummary { Kind = d.Key, SavedAt = d.Value.SavedAt })],
        FilingsInWindow = Committed.RecentFilings.Count(t => t > clock.GetUtcNow() - TimeSpan.FromSeconds(options.Value.FilingWindowSeconds)),
    };

    private SessionOutcome NoPower() => SessionOutcome.Of(SessionOutcomeKind.NoPower, $"There is no business {Number} you may act for.");

    private static SessionOutcome OutOfScope() => SessionOutcome.Of(SessionOutcomeKind.OutOfScope, "Your mandate for this business does not cover filings.");

    private static DraftView View(string kind, DraftState draft) => new() { Kind = kind, Json = draft.Json, CreatedAt = draft.CreatedAt, SavedAt = draft.SavedAt };

    /// <summary>
    /// Applies <paramref name="change"/> to a copy of the committed state, writes it, and makes it the committed state
    /// once PostgreSQL committed it. A version conflict (a write whose answer was lost) reloads and applies the change
    /// once more; every change here sets values, so applying it again is harmless.
    /// </summary>
    private async Task CommitAsync(Action<BusinessSessionState> change)
    {
        var next = Committed.Copy();
        change(next);
        try
        {
            await WriteAsync(next);
        }
        catch (InconsistentStateException)
        {
            await session.ReadStateAsync();
            Committed = session.State;
            next = Committed.Copy();
            change(next);
            await WriteAsync(next);
        }

        Committed = next;
    }

    private async Task WriteAsync(BusinessSessionState next)
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
}
