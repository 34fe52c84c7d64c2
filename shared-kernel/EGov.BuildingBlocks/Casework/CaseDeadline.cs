using EGov.BuildingBlocks.Calendar;

namespace EGov.BuildingBlocks.Casework;

/// <summary>
/// A statutory deadline in working days: due on <see cref="DueDate"/>; while paused (the agency waits for the
/// applicant) it keeps the working days that were left and runs again from the day it resumes. Immutable.
/// </summary>
public sealed record CaseDeadline
{
    private CaseDeadline(DateOnly dueDate, int? remainingAtPause, DateOnly? pausedOn, bool overdue)
    {
        DueDate = dueDate;
        RemainingAtPause = remainingAtPause;
        PausedOn = pausedOn;
        Overdue = overdue;
    }

    public DateOnly DueDate { get; }

    /// <summary>Working days that were left when the deadline paused; null while it runs.</summary>
    public int? RemainingAtPause { get; }

    public DateOnly? PausedOn { get; }

    /// <summary>Set once the case was found past its due date; stays set.</summary>
    public bool Overdue { get; }

    public bool IsPaused => PausedOn is not null;

    /// <summary>A deadline of <paramref name="workingDays"/> working days after <paramref name="start"/> (which does not count).</summary>
    public static CaseDeadline Start(DateOnly start, int workingDays, WorkingDays calendar) =>
        new(calendar.Add(start, workingDays), null, null, false);

    /// <summary>As stored (persistence only).</summary>
    public static CaseDeadline Restore(DateOnly dueDate, int? remainingAtPause, DateOnly? pausedOn, bool overdue) =>
        new(dueDate, remainingAtPause, pausedOn, overdue);

    /// <summary>Stops the clock today with the working days left (none when already past due). Pausing twice changes nothing.</summary>
    public CaseDeadline Pause(DateOnly today, WorkingDays calendar) =>
        IsPaused ? this : new(DueDate, Math.Max(0, calendar.Between(today, DueDate)), today, Overdue);

    /// <summary>Runs the clock again: due the working days that were left after today.</summary>
    public CaseDeadline Resume(DateOnly today, WorkingDays calendar) =>
        RemainingAtPause is { } left ? new(calendar.Add(today, left), null, null, Overdue) : this;

    /// <summary>Running and past its due date on <paramref name="today"/>.</summary>
    public bool IsPastDue(DateOnly today) => !IsPaused && today > DueDate;

    public CaseDeadline FlagOverdue() => Overdue ? this : new(DueDate, RemainingAtPause, PausedOn, true);
}
