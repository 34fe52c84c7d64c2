using Microsoft.EntityFrameworkCore;

namespace EGov.SharedKernel.Persistence;

/// <summary>What saving a change came to when someone else may have changed the same rows.</summary>
public enum SaveResult
{
    Saved,

    /// <summary>A row changed since it was read (optimistic concurrency): read again and retry.</summary>
    ChangedMeanwhile,

    /// <summary>A unique key is already taken (a concurrent create of the same thing).</summary>
    Duplicate,
}

public static class SaveOrConflict
{
    /// <summary>Saves; a concurrency conflict or a unique violation is a result to answer with 409, not an exception.</summary>
    public static async Task<SaveResult> TrySaveAsync(this DbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            await db.SaveChangesAsync(ct);
            return SaveResult.Saved;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return SaveResult.ChangedMeanwhile;
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return SaveResult.Duplicate;
        }
    }
}
