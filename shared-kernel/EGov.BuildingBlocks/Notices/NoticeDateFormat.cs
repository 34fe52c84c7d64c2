using System.Globalization;

namespace EGov.BuildingBlocks.Notices;

/// <summary>
/// How a template shows a date in one language: a numeric pattern of <c>d</c>/<c>dd</c>, <c>M</c>/<c>MM</c>,
/// <c>yy</c>/<c>yyyy</c> and the separators space, <c>.</c>, <c>/</c> and <c>-</c> (<c>yyyy-MM-dd</c>,
/// <c>dd/MM/yyyy</c>, <c>d.M.yyyy</c>). Numbers only, so the output never depends on the machine's culture data.
/// </summary>
public static class NoticeDateFormat
{
    /// <summary>The format of a language the template gives none for.</summary>
    public const string Default = "yyyy-MM-dd";

    public const int MaxLength = 20;

    /// <summary>Whether <paramref name="pattern"/> has a day, a month and a year, each once, and separators only between.</summary>
    public static bool IsValid(string? pattern)
    {
        if (pattern is not { Length: > 0 and <= MaxLength })
        {
            return false;
        }

        var seen = new HashSet<char>();
        for (var i = 0; i < pattern.Length;)
        {
            var c = pattern[i];
            var run = 1;
            while (i + run < pattern.Length && pattern[i + run] == c)
            {
                run++;
            }

            var ok = c switch
            {
                'd' or 'M' => run <= 2 && seen.Add(c),
                'y' => run is 2 or 4 && seen.Add(c),
                ' ' or '.' or '/' or '-' => true,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }

            i += run;
        }

        return seen.Count == 3;
    }

    /// <summary>The date in <paramref name="pattern"/> (<see cref="Default"/> when empty).</summary>
    public static string Show(DateOnly date, string? pattern)
    {
        var format = string.IsNullOrEmpty(pattern) ? Default : pattern;
        if (!IsValid(format))
        {
            throw new ArgumentException($"'{format}' is not a date format of a notice template.", nameof(pattern));
        }

        // "/" is the culture's date separator in .NET formats: quoted, it is the slash itself.
        return date.ToString(format.Replace("/", "'/'", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }
}
