using System.Security.Cryptography;
using System.Text;

namespace EGov.BuildingBlocks.Documents;

/// <summary>
/// Verification codes: 20 characters of Crockford's base32 (no I, L, O, U: unambiguous when read aloud or typed from
/// paper), 100 random bits, so a code cannot be guessed and two modules never draw the same one.
/// </summary>
internal static class VerificationCodes
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 20;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The code as stored (trimmed, upper case), or null when it cannot be one (no lookup needed).</summary>
    public static string? Normalize(string? code)
    {
        var normalized = code?.Trim().ToUpperInvariant();
        return normalized is { Length: Length } && normalized.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? normalized : null;
    }
}

/// <summary>How the public check shows a holder: the initial of each name part, never the name.</summary>
internal static class HolderMask
{
    /// <summary>"Anna", "Schmidt" → "A*** S***"; a missing part is "***". At least one part is shown.</summary>
    public static string Of(IReadOnlyList<string?> parts)
    {
        static string One(string? part) =>
            string.IsNullOrWhiteSpace(part) ? "***" : $"{Rune.ToUpperInvariant(Rune.GetRuneAt(part.Trim(), 0))}***";
        var shown = parts.Count == 0 ? [One(null)] : parts.Take(4).Select(One);
        return string.Join(' ', shown);
    }
}
