using System.Globalization;

namespace EGov.Portal.Pages;

/// <summary>Dates as GOV.UK writes them ("4 June 2026"), in the user's language.</summary>
public static class Dates
{
    public static string Written(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.CurrentCulture) : string.Empty;

    public static string Written(DateOnly? value) =>
        value is { } v ? v.ToString("d MMMM yyyy", CultureInfo.CurrentCulture) : string.Empty;
}
