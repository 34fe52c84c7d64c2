using System.Collections.Frozen;

namespace EGov.Employees.Domain;

/// <summary>
/// International bank account numbers (ISO 13616): the country's length from the IBAN registry and the mod-97 check
/// (the number with its first four characters moved to the end, letters as 10–35, leaves 1 when divided by 97).
/// </summary>
internal static class Iban
{
    /// <summary>IBAN lengths of the SEPA countries and a few others, from the SWIFT IBAN registry.</summary>
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22,
        ["DK"] = 18, ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GI"] = 23, ["GR"] = 27,
        ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IS"] = 26, ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20,
        ["LV"] = 21, ["MC"] = 27, ["MT"] = 31, ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24,
        ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["VA"] = 22, ["AL"] = 28, ["BA"] = 20, ["ME"] = 22,
        ["MK"] = 19, ["RS"] = 22, ["TR"] = 26, ["UA"] = 29, ["MD"] = 24, ["GE"] = 22, ["IL"] = 23, ["AE"] = 23,
        ["SA"] = 24, ["TN"] = 24, ["MA"] = 28, ["BR"] = 29,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The IBAN in electronic form (no spaces, capitals), or null with the reason when it is not one.</summary>
    public static string? Normalize(string? input, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            problem = "An IBAN is required.";
            return null;
        }

        var iban = string.Concat(input.Where(c => c != ' ')).ToUpperInvariant();
        if (iban.Length < 5 || iban.Length > 34 || !iban.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'))
            || !char.IsAsciiLetter(iban[0]) || !char.IsAsciiLetter(iban[1]) || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
        {
            problem = "An IBAN is a country code, two check digits and up to 30 letters or digits.";
            return null;
        }

        if (!Lengths.TryGetValue(iban[..2], out var length))
        {
            problem = $"IBANs of country '{iban[..2]}' are not accepted.";
            return null;
        }

        if (iban.Length != length)
        {
            problem = $"An IBAN of country '{iban[..2]}' has {length} characters, not {iban.Length}.";
            return null;
        }

        if (Mod97(iban) != 1)
        {
            problem = "The IBAN's check digits do not match (mod-97 check).";
            return null;
        }

        return iban;
    }

    public static bool IsValid(string? input) => Normalize(input, out _) is not null;

    /// <summary>The remainder of the rearranged IBAN modulo 97, computed digit by digit.</summary>
    internal static int Mod97(string iban)
    {
        var remainder = 0;
        foreach (var c in iban[4..] + iban[..4])
        {
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
        }

        return remainder;
    }

    /// <summary>What may be shown where the account must not be: the country and the last four characters.</summary>
    public static string Mask(string iban) => iban.Length <= 6 ? "****" : $"{iban[..2]}** **** {iban[^4..]}";
}
