using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.Businesses.Contracts;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EGov.Businesses.Features.Filings;

/// <summary>
/// The annual-confirmation rule, applied on a timer: a reminder in the business inbox once the due date is
/// <see cref="BusinessesOptions.ReminderDaysBefore"/> days away (once per due date), and the day after the due date
/// without a confirmation, the overdue flag, a notice and <see cref="AnnualConfirmationOverdueFlagged"/> (once per due date).
/// Several nodes may sweep at once: each business is changed under its row version, the loser skips it.
/// </summary>
internal sealed partial class ConfirmationSweep(
    IServiceScopeFactory scopes, IOptions<BusinessesOptions> options, TimeProvider clock, ILogger<ConfirmationSweep> logger) : BackgroundService
{
    private const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ConfirmationSweepSeconds), clock);
        do
        {
            try
            {
                var (reminded, overdue) = await RunOnceAsync(stoppingToken);
                if (reminded + overdue > 0)
                {
                    Swept(logger, reminded, overdue);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over the register; returns how many reminders were sent and how many businesses were flagged overdue.</summary>
    public async Task<(int Reminded, int Overdue)> RunOnceAsync(CancellationToken ct)
    {
        var today = Register.Today(clock);
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
                    db.Publish(new AnnualConfirmationOverdueFlagged(business.Number, business.ConfirmationDueOn, clock.GetUtcNow()));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Annual confirmations: {Reminded} reminders sent, {Overdue} businesses flagged overdue.")]
    private static partial void Swept(ILogger logger, int reminded, int overdue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The annual-confirmation sweep failed; it runs again on the next tick.")]
    private static partial void SweepFailed(ILogger logger, Exception exception);
}
