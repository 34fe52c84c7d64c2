using EGov.BuildingBlocks.Calendar;
using Microsoft.Extensions.Options;

namespace EGov.BuildingBlocks.Tests;

public sealed class CalendarTests
{
    private static readonly DateOnly Friday = new(2026, 12, 18);

    [Fact]
    public void Weekends_do_not_count()
    {
        var days = WorkingDays.WeekendsOnly;
        Assert.Equal(new DateOnly(2026, 12, 21), days.Add(Friday, 1));
        Assert.Equal(new DateOnly(2026, 12, 25), days.Add(Friday, 5));
        Assert.Equal(Friday, days.Add(Friday, 0));
        Assert.Equal(5, days.Between(Friday, new DateOnly(2026, 12, 25)));
        Assert.Equal(0, days.Between(Friday, Friday));
        Assert.Equal(0, days.Between(Friday, Friday.AddDays(-3)));
    }

    [Fact]
    public void Platform_holidays_and_local_days_of_a_scope_do_not_count()
    {
        var options = new CalendarOptions
        {
            PublicHolidays = [new DateOnly(2026, 12, 25)],
            LocalHolidays = new() { ["NRA"] = [new DateOnly(2026, 12, 24)] },
        };
        var calendar = new ConfiguredWorkingCalendar(new StaticMonitor(options));

        Assert.Equal(new DateOnly(2026, 12, 28), calendar.For().Add(Friday, 5));
        Assert.Equal(new DateOnly(2026, 12, 29), calendar.For("nra").Add(Friday, 5));
        Assert.Equal(new DateOnly(2026, 12, 28), calendar.For("CCM", null).Add(Friday, 5));
        Assert.False(calendar.For("NRA").IsWorkingDay(new DateOnly(2026, 12, 24)));
        Assert.True(calendar.For("CCM").IsWorkingDay(new DateOnly(2026, 12, 24)));
    }

    [Fact]
    public void Negative_days_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkingDays.WeekendsOnly.Add(Friday, -1));

    private sealed class StaticMonitor(CalendarOptions value) : IOptionsMonitor<CalendarOptions>
    {
        public CalendarOptions CurrentValue => value;

        public CalendarOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CalendarOptions, string?> listener) => null;
    }
}
