using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EGov.Businesses.Features.Licences;

/// <summary>
/// The licence rules that need no one to act, on a timer: a renewal reminder in the business inbox once a running
/// licence is within its type's reminder days of expiry (once per expiry date), and the day after its last day, the
/// expiry of a licence that was not renewed: status, a notice and <see cref="LicenceExpired"/>, once. Several nodes may
/// sweep at once: each licence is changed under its row version, the loser skips it.
/// </summary>
internal sealed class LicenceSweep(
    IServiceScopeFactory scopes, IOptions<BusinessesOptions> options, TimeProvider clock, ILogger<LicenceSweep> logger)
    : PeriodicSweep(TimeSpan.FromSeconds(options.Value.LicenceSweepSeconds), clock, logger)
{
    private const int Batch = 200;

    protected override string Name => "Licence sweep";

    protected override async Task<string?> PassAsync(CancellationToken cancellationToken)
    {
        var (reminded, expired) = await RunOnceAsync(cancellationToken);
        return reminded + expired > 0 ? $"{reminded} renewal reminders sent, {expired} licences expired" : null;
    }

    /// <summary>One pass; returns how many reminders were sent and how many licences expired.</summary>
    public async Task<(int Reminded, int Expired)> RunOnceAsync(CancellationToken ct)
    {
        var reminded = 0;
        var expired = 0;
        while (true)
        {
            var now = Clock.GetUtcNow();
            var today = Register.Today(Clock);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BusinessesDb>();
            var inbox = scope.ServiceProvider.GetRequiredService<NoticeInbox<BusinessesDb>>();

            // Every licence read is changed (expired or reminded), so each pass reads the next ones.
            var due = await db.Licences.Where(Licence.SweepDueOn(today)).OrderBy(l => l.ValidUntil).ThenBy(l => l.Id).Take(Batch).ToListAsync(ct);
            if (due.Count == 0)
            {
                return (reminded, expired);
            }

            var types = await LicenceCatalogue.CurrentOfAsync(db, due.Select(l => l.LicenceTypeCode), ct);
            foreach (var licence in due)
            {
                var party = PartyRef.Business(licence.BusinessNumber);
                if (licence.Expire(now))
                {
                    await inbox.SendAsync(party, null, "licence-expired", new NoticeValues { { "number", licence.Number }, { "validUntil", licence.ValidUntil } }, new NoticeRegarding(licence.Id), ct);
                    db.Publish(new LicenceExpired(licence.Number, licence.BusinessNumber, licence.LicenceTypeCode, licence.AgencyCode, licence.ValidUntil, now));
                    expired++;
                }
                else if (licence.ReminderDue(today))
                {
                    var validity = types[licence.LicenceTypeCode].Definition.Validity;
                    licence.Reminded(now);
                    await inbox.SendAsync(party, null, "licence-renewal-reminder", new NoticeValues
                    {
                        { "number", licence.Number },
                        { "validUntil", licence.ValidUntil },
                        { "renewalOpensOn", licence.RenewalOpensOn(validity) },
                    }, new NoticeRegarding(licence.Id), ct);
                    reminded++;
                }
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another node swept (or an agency changed) one of these licences: the next pass reads them again.
                return (reminded, expired);
            }

            if (due.Count < Batch)
            {
                return (reminded, expired);
            }
        }
    }
}

/// <summary>
/// What G2B adds when the casework block's overdue sweep flags a licence application past its statutory deadline: a
/// message in the business inbox and an audit record. The flag and the timeline entry are the application's own; the
/// agency's queue shows it with <c>overdue=true</c>.
/// </summary>
internal sealed class LicenceApplicationOverdue(NoticeInbox<BusinessesDb> inbox) : IOverdueHandler<BusinessesDb, LicenceApplication>
{
    private static readonly Actor Sweep = Actor.System("overdue sweep");

    public async Task FlaggedAsync(BusinessesDb db, LicenceApplication overdue, DateTimeOffset now, CancellationToken ct)
    {
        await inbox.SendAsync(overdue.Applicant, null, "licence-application-overdue",
            new NoticeValues { { "reference", overdue.Reference }, { "dueDate", overdue.DueDate } }, new NoticeRegarding(overdue.Id), ct);
        db.Audit(Sweep, "licence-application.overdue", "licence-application", overdue.Id.ToString(), new { overdue.Reference, overdue.DueDate }, onBehalfOf: overdue.AgencyCode);
    }

    public Task CommittedAsync(IReadOnlyList<LicenceApplication> flagged, CancellationToken ct) => Task.CompletedTask;
}
