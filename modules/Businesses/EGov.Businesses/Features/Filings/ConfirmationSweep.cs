using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.Businesses.Contracts;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EGov.Businesses.Features.Filings;

/// <summary>
/// The annual-confirmation rule, applied on a timer: a reminder in the business inbox once the due date is
/// <see cref="BusinessesOptions.ReminderDaysBefore"/> days away (once per due date), and the day after the due date
/// without a confirmation, the overdue flag, a notice and <see cref="AnnualConfirmationOverdueFlagged"/> (once per due date).
/// Several nodes may sweep at once: each business is changed under its row version, the loser skips it.
/// </summary>
internal sealed class ConfirmationSweep(
    IServiceScopeFactory scopes, IOptions<BusinessesOptions> options, TimeProvider clock, ILogger<ConfirmationSweep> logger)
    : PeriodicSweep(TimeSpan.FromSeconds(options.Value.ConfirmationSweepSeconds), clock, logger)
{
    private const int Batch = 200;

    protected override string Name => "Annual-confirmation sweep";

    protected override async Task<string?> PassAsync(CancellationToken cancellationToken)
    {
        var (reminded, overdue) = await RunOnceAsync(cancellationToken);
        return reminded + overdue > 0 ? $"{reminded} reminders sent, {overdue} businesses flagged overdue" : null;
    }

    /// <summary>One pass over the register; returns how many reminders were sent and how many businesses were flagged overdue.</summary>
    public async Task<(int Reminded, int Overdue)> RunOnceAsync(CancellationToken ct)
    {
        var today = Register.Today(Clock);
        var remindFrom = today.AddDays(options.Value.ReminderDaysBefore);
        var reminded = 0;
        var overdue = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BusinessesDb>();
            var inbox = scope.ServiceProvider.GetRequiredService<NoticeInbox<BusinessesDb>>();
            var due = await db.Businesses
                .Where(b => (b.ConfirmationDueOn < today && (b.OverdueSince == null || b.OverdueSince != b.ConfirmationDueOn))
                    || (b.ConfirmationDueOn >= today && b.ConfirmationDueOn <= remindFrom && (b.ReminderSentFor == null || b.ReminderSentFor != b.ConfirmationDueOn)))
                .OrderBy(b => b.ConfirmationDueOn)
                .Take(Batch)
                .ToListAsync(ct);
            if (due.Count == 0)
            {
                return (reminded, overdue);
            }

            foreach (var business in due)
            {
                var party = PartyRef.Business(business.Number);
                var values = new NoticeValues { { "dueDate", business.ConfirmationDueOn } };
                if (business.ConfirmationDueOn < today)
                {
                    business.FlagConfirmationOverdue();
                    business.RemindedOfConfirmation();
                    await inbox.SendAsync(party, null, "annual-confirmation-overdue", values, null, ct);
                    db.Publish(new AnnualConfirmationOverdueFlagged(business.Number, business.ConfirmationDueOn, Clock.GetUtcNow()));
                    overdue++;
                }
                else
                {
                    business.RemindedOfConfirmation();
                    await inbox.SendAsync(party, null, "annual-confirmation-reminder", values, null, ct);
                    reminded++;
                }
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another node swept (or a filing changed) one of these businesses: the next pass reads them again.
                return (reminded, overdue);
            }

            if (due.Count < Batch)
            {
                return (reminded, overdue);
            }
        }
    }
}
