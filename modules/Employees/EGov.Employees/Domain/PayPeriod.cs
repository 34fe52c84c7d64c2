using System.Globalization;

namespace EGov.Employees.Domain;

/// <summary>A calendar month of payroll, written <c>yyyy-MM</c>; stored as the number <c>yyyyMM</c>.</summary>
internal readonly record struct PayPeriod(int Year, int Month) : IComparable<PayPeriod>
{
    public DateOnly Start => new(Year, Month, 1);

    public DateOnly End => Start.AddMonths(1).AddDays(-1);

    public int Days => DateTime.DaysInMonth(Year, Month);

    public int Number => (Year * 100) + Month;

    public static PayPeriod FromNumber(int number) => new(number / 100, number % 100);

    public static PayPeriod Of(DateOnly day) => new(day.Year, day.Month);

    public PayPeriod Next() => Of(Start.AddMonths(1));

    public static bool TryParse(string? text, out PayPeriod period)
    {
        period = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            return false;
        }

        period = new PayPeriod(year, month);
        return true;
    }

    public int CompareTo(PayPeriod other) => Number.CompareTo(other.Number);

    public static bool operator <(PayPeriod a, PayPeriod b) => a.Number < b.Number;

    public static bool operator >(PayPeriod a, PayPeriod b) => a.Number > b.Number;

    public static bool operator <=(PayPeriod a, PayPeriod b) => a.Number <= b.Number;

    public static bool operator >=(PayPeriod a, PayPeriod b) => a.Number >= b.Number;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
