using System.Globalization;
using System.Text;

namespace EGov.Businesses.Domain;

/// <summary>
/// A company name and the two forms the register compares and searches it in: without case and diacritics,
/// punctuation folded to spaces (so "Café Łódź Ltd." and "CAFE LODZ LTD" are the same name).
/// </summary>
internal sealed record BusinessName
{
    public const int MaxLength = 160;

    private BusinessName(string display, string key)
    {
        Display = display;
        Key = key;
    }

    /// <summary>The name as registered.</summary>
    public string Display { get; }

    /// <summary>Lower case, without diacritics, letters and digits separated by single spaces: unique in the register.</summary>
    public string Key { get; }

    /// <summary>Null when the text holds no letter or digit.</summary>
    public static BusinessName? From(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var display = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var key = Fold(display);
        return key.Length == 0 ? null : new BusinessName(display, key);
    }

    /// <summary>Lower case, diacritics removed, every run of other characters one space.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            var mapped = Special(c);
            if (mapped is not null)
            {
                if (space && folded.Length > 0)
                {
                    folded.Append(' ');
                }

                folded.Append(mapped);
                space = false;
            }
            else if (char.IsLetterOrDigit(c))
            {
                if (space && folded.Length > 0)
                {
                    folded.Append(' ');
                }

                folded.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return folded.ToString();
    }

    /// <summary>Letters that carry no combining mark to strip in Unicode (ł, ø, đ, ß, æ, œ, ı).</summary>
    private static string? Special(char c) => c switch
    {
        'Ł' or 'ł' => "l",
        'Ø' or 'ø' => "o",
        'Đ' or 'đ' => "d",
        'ß' => "ss",
        'Æ' or 'æ' => "ae",
        'Œ' or 'œ' => "oe",
        'ı' => "i",
        _ => null,
    };
}
