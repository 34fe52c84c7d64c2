using Microsoft.Extensions.Options;

namespace EGov.BuildingBlocks.Calendar;

/// <summary>
/// Settings of the platform's working calendar (section <c>Platform</c>): the public holidays of the whole
/// country, and the days a region or an agency adds for itself.
/// </summary>
public sealed class CalendarOptions
{
    public const string Section = "Platform";

    /// <summary>Days that are not working days anywhere, besides Saturdays and Sundays.</summary>
    public List<DateOnly> PublicHolidays { get; set; } = [];

    /// <summary>
    /// Extra non-working days of one scope: a region or an agency code (<c>Platform:LocalHolidays:NRA:0=2026-06-01</c>).
    /// Keys are compared without regard to case.
    /// </summary>
    public Dictionary<string, List<DateOnly>> LocalHolidays { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The one working calendar of the platform: every statutory deadline of every module is counted on it.
/// </summary>
public interface IWorkingCalendar
{
    /// <summary>Working days of the whole platform, plus the local days of each given scope (agency or region codes).</summary>
    WorkingDays For(params string?[] scopes);
}

/// <summary><see cref="IWorkingCalendar"/> over <see cref="CalendarOptions"/>.</summary>
internal sealed class ConfiguredWorkingCalendar(IOptionsMonitor<CalendarOptions> options) : IWorkingCalendar
{
    public WorkingDays For(params string?[] scopes)
    {
        var settings = options.CurrentValue;
        var days = new HashSet<DateOnly>(settings.PublicHolidays);
        foreach (var scope in scopes)
        {
            if (scope is not null && LocalDays(settings, scope) is { } local)
            {
                days.UnionWith(local);
            }
        }

        return new WorkingDays(days);
    }

    private static List<DateOnly>? LocalDays(CalendarOptions settings, string scope)
    {
        // Binding from configuration replaces the dictionary, and with it the comparer.
        foreach (var (key, value) in settings.LocalHolidays)
        {
            if (string.Equals(key, scope, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}

/// <summary>
/// Working-day arithmetic: Saturdays, Sundays and the given holidays do not count. Immutable.
/// </summary>
public sealed class WorkingDays
{
    private readonly HashSet<DateOnly> _holidays;

    public WorkingDays(IEnumerable<DateOnly> holidays) => _holidays = [.. holidays];

    /// <summary>Weekends only, no holidays.</summary>
    public static WorkingDays WeekendsOnly { get; } = new([]);

    public bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day);

    /// <summary>The date <paramref name="days"/> working days after <paramref name="start"/> (the start day itself does not count).</summary>
    public DateOnly Add(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
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
