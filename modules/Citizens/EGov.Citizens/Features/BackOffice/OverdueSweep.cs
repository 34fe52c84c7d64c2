using EGov.BuildingBlocks.Notices;
using EGov.Citizens.Contracts;
using EGov.Citizens.Domain;
using EGov.Citizens.Features.Applications;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EGov.Citizens.Features.BackOffice;

/// <summary>
/// Flags open applications past their due date: the overdue flag (citizen and back office see it), a timeline
/// entry, an inbox message in the citizen's language and one <see cref="ApplicationOverdueFlagged"/> event.
/// </summary>
/// <remarks>
/// A durable sweep rather than an Orleans reminder: the due date is stored with the application, so the sweep needs
/// no state of its own and survives restarts. Every instance may sweep; the flag is set under optimistic
/// concurrency (<c>xmin</c>), so an application is flagged — and its event raised — exactly once.
/// </remarks>
internal sealed partial class OverdueSweep(IServiceScopeFactory scopes, IOptions<CitizensOptions> options, TimeProvider clock, ILogger<OverdueSweep> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

    /// <summary>One pass: flags every application that is overdue today. Returns how many this pass flagged.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var flagged = 0;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var system = new SystemUser("overdue sweep");
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CitizensDb>();
            var notifier = scope.ServiceProvider.GetRequiredService<CitizenNotifier>();
            var due = await db.Applications.Include(a => a.Timeline)
                .Where(a => !a.Overdue && a.DueDate < today
                    && (a.Status == ApplicationStatus.Submitted || a.Status == ApplicationStatus.InReview))
                .OrderBy(a => a.DueDate).Take(BatchSize).ToListAsync(ct);
            if (due.Count == 0)
            {
                return flagged;
            }

            var now = clock.GetUtcNow();
            foreach (var application in due)
            {
                application.Overdue = true;
                application.UpdatedAt = now;
                application.Record("overdue", "system", now);
                await notifier.SendAsync(application.CitizenSubject, application.Id, "application-overdue", new NoticeValues { { "reference", application.Reference }, { "dueDate", application.DueDate } }, ct);
                db.Publish(new ApplicationOverdueFlagged(application.Id, application.Reference, application.ServiceCode, application.AgencyCode, application.DueDate, now));
                db.Audit(system, "application.overdue", "application", application.Id.ToString(), new { application.Reference, application.DueDate });
            }

            try
            {
                await db.SaveChangesAsync(ct);
                flagged += due.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance (or a caseworker) changed one of them meanwhile: the next pass reads afresh.
                LogConcurrent(logger);
                return flagged;
            }

            foreach (var subject in due.Select(a => a.CitizenSubject).Distinct(StringComparer.Ordinal))
            {
                await notifier.RefreshSessionAsync(subject, ct);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.OverdueSweepSeconds), clock);
        do
        {
            try
            {
                var flagged = await RunOnceAsync(stoppingToken);
                if (flagged > 0)
                {
                    LogFlagged(logger, flagged);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Information, "Overdue sweep flagged {Count} applications")]
    private static partial void LogFlagged(ILogger logger, int count);

    [LoggerMessage(LogLevel.Information, "Overdue sweep met a concurrent change; the next pass continues")]
    private static partial void LogConcurrent(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Overdue sweep failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
