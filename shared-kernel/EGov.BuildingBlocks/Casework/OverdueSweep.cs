using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using EGov.SharedKernel.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EGov.BuildingBlocks.Casework;

/// <summary>What a module does when one of its cases is found overdue (notice, event, audit), and after the commit.</summary>
public interface IOverdueHandler<in TDb, TCase>
    where TDb : ModuleDbContext
    where TCase : CaseRecord
{
    /// <summary>Adds to <paramref name="db"/> what the flag brings with it; saved with the flag.</summary>
    Task FlaggedAsync(TDb db, TCase overdue, DateTimeOffset now, CancellationToken ct);

    /// <summary>After the batch was committed (refresh caches, sessions).</summary>
    Task CommittedAsync(IReadOnlyList<TCase> flagged, CancellationToken ct);
}

/// <summary>How often a module's overdue sweep runs.</summary>
public sealed record OverdueSweepInterval(TimeSpan Value);

/// <summary>
/// Flags every open, running case past its due date, in batches: the flag and the timeline entry by the case
/// itself, the rest by the module's <see cref="IOverdueHandler{TDb,TCase}"/>, one transaction per batch.
/// </summary>
/// <remarks>
/// A durable sweep rather than a timer per case: the due date is stored with the case, so the sweep needs no state
/// of its own and survives restarts. Every node may sweep; the flag is set under optimistic concurrency
/// (<c>xmin</c>), so a case is flagged, and its event raised, exactly once.
/// </remarks>
public sealed partial class OverdueSweep<TDb, TCase>(
    IServiceScopeFactory scopes, OverdueSweepInterval interval, TimeProvider clock, ILogger<OverdueSweep<TDb, TCase>> logger)
    : PeriodicSweep(interval.Value, clock, logger)
    where TDb : ModuleDbContext
    where TCase : CaseRecord
{
    private const int BatchSize = 100;

    protected override string Name => $"Overdue sweep of {typeof(TCase).Name}";

    protected override async Task<string?> PassAsync(CancellationToken cancellationToken) =>
        await RunOnceAsync(cancellationToken) is > 0 and var flagged ? $"{flagged} cases flagged overdue" : null;

    /// <summary>One pass: flags every case that is overdue now. Returns how many this pass flagged.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var flagged = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDb>();
            var handler = scope.ServiceProvider.GetRequiredService<IOverdueHandler<TDb, TCase>>();
            var now = Clock.GetUtcNow();
            var due = await db.Set<TCase>()
                .Where(CaseRecord.PastDueOn<TCase>(DateOnly.FromDateTime(now.UtcDateTime)))
                .OrderBy(c => c.DueDate).Take(BatchSize).ToListAsync(ct);
            if (due.Count == 0)
            {
                return flagged;
            }

            var flaggedNow = due.Where(c => c.FlagOverdue(now)).ToList();
            foreach (var overdue in flaggedNow)
            {
                await handler.FlaggedAsync(db, overdue, now, ct);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                flagged += flaggedNow.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another node (or a member of staff) changed one of them meanwhile: the next pass reads afresh.
                LogConcurrent(logger, typeof(TCase).Name);
                return flagged;
            }

            await handler.CommittedAsync(flaggedNow, ct);
            if (flaggedNow.Count == 0)
            {
                return flagged;
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Overdue sweep of {CaseType} met a concurrent change; the next pass continues")]
    private static partial void LogConcurrent(ILogger logger, string caseType);
}

public static class CaseworkRegistration
{
    /// <summary>Registers a module's overdue sweep (a background service, also resolvable to run a pass on demand).</summary>
    public static IServiceCollection AddOverdueSweep<TDb, TCase, THandler>(this IServiceCollection services, Func<IServiceProvider, TimeSpan> interval)
        where TDb : ModuleDbContext
        where TCase : CaseRecord
        where THandler : class, IOverdueHandler<TDb, TCase>
    {
        services.AddScoped<IOverdueHandler<TDb, TCase>, THandler>();
        services.AddSingleton(sp => new OverdueSweep<TDb, TCase>(
            sp.GetRequiredService<IServiceScopeFactory>(),
            new OverdueSweepInterval(interval(sp)),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OverdueSweep<TDb, TCase>>>()));
        services.AddHostedService(sp => sp.GetRequiredService<OverdueSweep<TDb, TCase>>());
        return services;
    }
}
