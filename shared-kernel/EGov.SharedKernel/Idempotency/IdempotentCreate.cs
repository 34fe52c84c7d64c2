using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.SharedKernel.Idempotency;

/// <summary>Identifies a creating request for idempotency: operation scope, caller, key and the hash of the request.</summary>
public sealed record IdempotentRequest(string Scope, string Owner, string Key, string RequestHash);

/// <summary>The answer a creating request gave, stored to be given again for the same key.</summary>
public sealed record StoredAnswer(int StatusCode, string Body, string? Location);

/// <summary>What one run of <see cref="IdempotentCreate.RunAsync{TRefusal}"/> came to.</summary>
public abstract record IdempotentOutcome<TRefusal>
    where TRefusal : class
{
    private IdempotentOutcome()
    {
    }

    /// <summary>The effect happened now, or (<see cref="Replayed"/>) earlier with this key and this request.</summary>
    public sealed record Answered(StoredAnswer Answer, bool Replayed) : IdempotentOutcome<TRefusal>;

    /// <summary>The key was used before with a different request.</summary>
    public sealed record KeyReused : IdempotentOutcome<TRefusal>;

    /// <summary>The work refused the request; nothing was written or remembered.</summary>
    public sealed record Refused(TRefusal Refusal) : IdempotentOutcome<TRefusal>;
}

/// <summary>What the work of a creating request gives back: the answer to store, or a refusal.</summary>
public sealed record CreateAttempt<TRefusal>(StoredAnswer? Answer, TRefusal? Refusal)
    where TRefusal : class
{
    public static CreateAttempt<TRefusal> Created(StoredAnswer answer) => new(answer, null);

    public static CreateAttempt<TRefusal> Refuse(TRefusal refusal) => new(null, refusal);
}

/// <summary>
/// The whole idempotent-create sequence in one call: look the key up (replay, or refuse a reused key), run the work
/// (which stages its effect in the context and returns the answer), remember the answer in the same transaction
/// as the effect, and answer a concurrent duplicate (the key's unique violation) with the stored answer.
/// </summary>
public static class IdempotentCreate
{
    /// <summary>The stored outcome of an earlier request with this key, or null when the key is new.</summary>
    public static async Task<IdempotentOutcome<TRefusal>?> ReplayAsync<TRefusal>(DbContext db, IdempotentRequest request, CancellationToken ct)
        where TRefusal : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var (lookup, record) = await IdempotencyKeys.FindAsync(db, request.Scope, request.Owner, request.Key, request.RequestHash, ct);
        return lookup switch
        {
            IdempotencyLookup.Replay => new IdempotentOutcome<TRefusal>.Answered(new StoredAnswer(record!.StatusCode, record.ResponseBody, record.Location), true),
            IdempotencyLookup.Mismatch => new IdempotentOutcome<TRefusal>.KeyReused(),
            _ => null,
        };
    }

    public static async Task<IdempotentOutcome<TRefusal>> RunAsync<TRefusal>(
        DbContext db, IdempotentRequest request, Func<CancellationToken, Task<CreateAttempt<TRefusal>>> work, TimeProvider clock, CancellationToken ct)
        where TRefusal : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(clock);
        if (await ReplayAsync<TRefusal>(db, request, ct) is { } earlier)
        {
            return earlier;
        }

        var attempt = await work(ct);
        if (attempt.Answer is not { } answer)
        {
            db.ChangeTracker.Clear();
            return new IdempotentOutcome<TRefusal>.Refused(attempt.Refusal ?? throw new InvalidOperationException("A create attempt gives an answer or a refusal."));
        }

        IdempotencyKeys.Remember(db, request.Scope, request.Owner, request.Key, request.RequestHash, answer.StatusCode, answer.Body, answer.Location, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            // A concurrent request with the same key won: answer as it did.
            db.ChangeTracker.Clear();
            return await ReplayAsync<TRefusal>(db, request, ct)
                ?? throw new InvalidOperationException("A unique violation without a stored idempotency record.", ex);
        }

        return new IdempotentOutcome<TRefusal>.Answered(answer, false);
    }
}
