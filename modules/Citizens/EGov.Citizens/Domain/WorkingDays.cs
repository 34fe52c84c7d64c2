namespace EGov.Citizens.Domain;

/// <summary>Working-day arithmetic for statutory deadlines: weekends and the configured public holidays do not count.</summary>
internal sealed class WorkingDays(IEnumerable<DateOnly> publicHolidays)
{
    private readonly HashSet<DateOnly> _holidays = [.. publicHolidays];

    public bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day);

    /// <summary>The date <paramref name="days"/> working days after <paramref name="start"/> (the start day itself does not count).</summary>
    public DateOnly Add(DateOnly start, int days)
    {
        var day = start;
        var left = days;
        while (left > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                left--;
            }
        }

        return day;
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/>; 0 when <paramref name="to"/> is not later.</summary>
    public int Between(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }
}
