using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Json;

/// <summary>
/// Reads one JSON object of a definition written by people (a form, a package) member by member. Everything
/// wrong is recorded in <see cref="Errors"/> under the member's path (<c>form.pages[0].fields[2].max</c>) and
/// reading goes on, so one answer names every mistake; nothing here throws on input. A member set to JSON
/// <c>null</c> is taken as absent; a member the object does not define, or one given twice, is an error.
/// </summary>
public sealed class JsonObjectReader
{
    private readonly Dictionary<string, JsonElement> _members;

    private JsonObjectReader(Dictionary<string, JsonElement> members, string path, ValidationErrors errors)
    {
        _members = members;
        Path = path;
        Errors = errors;
    }

    /// <summary>Where the object is, as an error path (empty for the root).</summary>
    public string Path { get; }

    public ValidationErrors Errors { get; }

    /// <summary>
    /// Opens <paramref name="json"/> as an object whose members are among <paramref name="known"/>; records an
    /// error and returns null when it is not an object.
    /// </summary>
    public static JsonObjectReader? Open(JsonElement json, string path, ValidationErrors errors, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(known);
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Root(path), "Must be a JSON object.");
            return null;
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in json.EnumerateObject())
        {
            var at = At(path, member.Name);
            if (!known.Contains(member.Name))
            {
                errors.Add(at, $"Unknown member '{member.Name}'; the members here are: {string.Join(", ", known)}.");
            }
            else if (!members.TryAdd(member.Name, member.Value))
            {
                errors.Add(at, $"'{member.Name}' is given twice.");
            }
        }

        return new JsonObjectReader(members, path, errors);
    }

    /// <summary>The path of a member of the object at <paramref name="path"/>.</summary>
    public static string At(string path, string member) => string.IsNullOrEmpty(path) ? member : $"{path}.{member}";

    /// <summary>The path of an item of the array at <paramref name="path"/>.</summary>
    public static string Item(string path, int index) => $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";

    public string At(string member) => At(Path, member);

    /// <summary>Whether the member is present and not null.</summary>
    public bool Has(string member) => Get(member) is not null;

    /// <summary>The member's value when present and not null.</summary>
    public JsonElement? Get(string member) =>
        _members.TryGetValue(member, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A required member that is absent: records the error and returns null.</summary>
    private JsonElement? Present(string member, bool required, string what)
    {
        var value = Get(member);
        if (value is null && required)
        {
            Errors.Add(At(member), $"'{member}' is required: {what}.");
        }

        return value;
    }

    /// <summary>A string of 1 to <paramref name="maxLength"/> characters (trimmed), matching <paramref name="pattern"/> when given.</summary>
    public string? GetString(string member, bool required, int maxLength, Regex? pattern = null, string? rule = null)
    {
        var what = rule ?? $"text of at most {maxLength} characters";
        if (Present(member, required, what) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Errors.Add(At(member), $"Must be {what}.");
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            Errors.Add(At(member), $"Must not be empty: {what}.");
            return null;
        }

        if (text.Length > maxLength)
        {
            Errors.Add(At(member), $"At most {maxLength} characters.");
            return null;
        }

        if (pattern is not null && !pattern.IsMatch(text))
        {
            Errors.Add(At(member), $"Must be {what}.");
            return null;
        }

        return text;
    }

    /// <summary>A whole number between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public int? GetInt(string member, bool required, int min, int max)
    {
        var what = $"a whole number from {min} to {max}";
        if (Present(member, required, what) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            Errors.Add(At(member), $"Must be {what}.");
            return null;
        }

        return number;
    }

    /// <summary>A number between <paramref name="min"/> and <paramref name="max"/> with at most <paramref name="maxDecimals"/> decimals.</summary>
    public decimal? GetDecimal(string member, bool required, decimal min, decimal max, int? maxDecimals = null)
    {
        var what = $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}"
            + (maxDecimals is { } d ? $" with at most {d} decimals" : string.Empty);
        if (Present(member, required, what) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number < min || number > max
            || (maxDecimals is { } places && decimal.Round(number, places) != number))
        {
            Errors.Add(At(member), $"Must be {what}.");
            return null;
        }

        return number;
    }

    public bool? GetBoolean(string member, bool required)
    {
        if (Present(member, required, "true or false") is not { } value)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Errors.Add(At(member), "Must be true or false.");
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>A text in languages: an object of language code to text (see <see cref="LocalizedText.Validate"/>).</summary>
    public LocalizedText? GetText(string member, bool required, int maxLength)
    {
        var value = Get(member);
        if (value is null)
        {
            return LocalizedText.Validate(null, At(member), Errors, maxLength, required);
        }

        return ReadText(value.Value, At(member), Errors, maxLength);
    }

    /// <summary>Reads a text in languages at <paramref name="path"/>; records what is wrong and returns null then.</summary>
    public static LocalizedText? ReadText(JsonElement value, string path, ValidationErrors errors, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Must be an object of language code to text, such as {\"en\": \"…\"}.");
            return null;
        }

        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        var ok = true;
        foreach (var language in value.EnumerateObject())
        {
            if (language.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(At(path, language.Name), "Must be text.");
                ok = false;
            }
            else if (!texts.TryAdd(language.Name, language.Value.GetString()))
            {
                errors.Add(At(path, language.Name), $"Language '{language.Name}' is given twice.");
                ok = false;
            }
        }

        var text = LocalizedText.Validate(texts, path, errors, maxLength);
        return ok ? text : null;
    }

    /// <summary>An array of <paramref name="minItems"/> to <paramref name="maxItems"/> items.</summary>
    public IReadOnlyList<JsonElement>? GetArray(string member, bool required, int minItems, int maxItems)
    {
        var what = minItems > 0 ? $"a list of {minItems} to {maxItems} items" : $"a list of at most {maxItems} items";
        if (Present(member, required, what) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Errors.Add(At(member), $"Must be {what}.");
            return null;
        }

        var count = value.GetArrayLength();
        if (count < minItems || count > maxItems)
        {
            Errors.Add(At(member), $"Must be {what}.");
            return null;
        }

        return value.EnumerateArray().ToList();
    }

    /// <summary>A list of distinct strings, each matching <paramref name="pattern"/> when given.</summary>
    public IReadOnlyList<string>? GetStrings(string member, bool required, int minItems, int maxItems, int maxLength, Regex? pattern = null, string? rule = null)
    {
        if (GetArray(member, required, minItems, maxItems) is not { } items)
        {
            return null;
        }

        var what = rule ?? $"text of at most {maxLength} characters";
        var result = new List<string>(items.Count);
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var at = Item(At(member), i);
            if (items[i].ValueKind != JsonValueKind.String || items[i].GetString()!.Trim() is not { Length: > 0 } text
                || text.Length > maxLength || (pattern is not null && !pattern.IsMatch(text)))
            {
                Errors.Add(at, $"Must be {what}.");
                ok = false;
            }
            else if (result.Contains(text, StringComparer.Ordinal))
            {
                Errors.Add(at, $"'{text}' is listed twice.");
                ok = false;
            }
            else
            {
                result.Add(text);
            }
        }

        return ok ? result : null;
    }

    /// <summary>A nested object whose members are among <paramref name="known"/>.</summary>
    public JsonObjectReader? GetObject(string member, bool required, IReadOnlyCollection<string> known, string? what = null)
    {
        if (Present(member, required, what ?? "an object") is not { } value)
        {
            return null;
        }

        return Open(value, At(member), Errors, known);
    }

    private static string Root(string path) => string.IsNullOrEmpty(path) ? "$" : path;
}
