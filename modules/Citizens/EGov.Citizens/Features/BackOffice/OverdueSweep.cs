using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Notices;
using EGov.Citizens.Contracts;
using EGov.Citizens.Domain;
using EGov.Citizens.Features.Applications;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Auditing;

namespace EGov.Citizens.Features.BackOffice;

/// <summary>
/// What G2C adds when the casework block's overdue sweep flags an application: an inbox message in the citizen's
/// language, one <see cref="ApplicationOverdueFlagged"/> event and an audit record; after the commit, the sessions'
/// unread counts. The flag and the timeline entry are the application's own.
/// </summary>
internal sealed class ApplicationOverdue(CitizenNotifier notifier) : IOverdueHandler<CitizensDb, Application>
{
    private static readonly Actor Sweep = Actor.System("overdue sweep");

    public async Task FlaggedAsync(CitizensDb db, Application overdue, DateTimeOffset now, CancellationToken ct)
    {
        await notifier.SendAsync(overdue.CitizenSubject, overdue.Id, "application-overdue", new NoticeValues { { "reference", overdue.Reference }, { "dueDate", overdue.DueDate } }, ct);
        db.Publish(new ApplicationOverdueFlagged(overdue.Id, overdue.Reference, overdue.ServiceCode, overdue.AgencyCode, overdue.DueDate, now));
        db.Audit(Sweep, "application.overdue", "application", overdue.Id.ToString(), new { overdue.Reference, overdue.DueDate });
    }

    public async Task CommittedAsync(IReadOnlyList<Application> flagged, CancellationToken ct)
    {
        foreach (var subject in flagged.Select(a => a.CitizenSubject).Distinct(StringComparer.Ordinal))
        {
            await notifier.RefreshSessionAsync(subject, ct);
        }
    }
}
