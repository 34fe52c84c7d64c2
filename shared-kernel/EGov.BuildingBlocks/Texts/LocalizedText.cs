using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Texts;

/// <summary>
/// A text in any number of languages, as a map of language code to text (<c>{"en": "…", "fr": "…"}</c>).
/// Reading it in a language falls back, in this order: the language asked for, its primary subtag
/// (<c>fr-BE</c> → <c>fr</c>), the platform's default language, then the first language of the map in
/// ordinal order, so every reader gets a text. Immutable; serialised as the JSON object itself.
/// </summary>
[JsonConverter(typeof(LocalizedTextJsonConverter))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "A text in many languages, not a collection by name.")]
public sealed partial class LocalizedText : IReadOnlyDictionary<string, string>, IEquatable<LocalizedText>
{
    /// <summary>Languages are lower-case ISO 639 codes with an optional region (<c>en</c>, <c>fr</c>, <c>pt-BR</c>).</summary>
    public const string LanguagePattern = "^[a-z]{2,3}(-[A-Z]{2})?$";

    public const int MaxLanguages = 30;

    private readonly SortedDictionary<string, string> _texts;

    private LocalizedText(SortedDictionary<string, string> texts) => _texts = texts;

    public static LocalizedText Empty { get; } = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

    /// <summary>A map from trusted input (seed data, code); throws on an invalid language code or an empty text.</summary>
    public static LocalizedText Of(IEnumerable<KeyValuePair<string, string>> texts)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, text) in texts)
        {
            if (!IsLanguage(language) || string.IsNullOrWhiteSpace(text))
            {
                throw new ArgumentException($"'{language}' is not a language code with a text.", nameof(texts));
            }

            map[language] = text.Trim();
        }

        return new LocalizedText(map);
    }

    /// <summary>One language.</summary>
    public static LocalizedText Of(string language, string text) => Of([new KeyValuePair<string, string>(language, text)]);

    /// <summary>
    /// Checks a map given by a caller and records what is wrong under <paramref name="path"/> (<c>title.fr</c>).
    /// Returns the text when it is valid, else null.
    /// </summary>
    public static LocalizedText? Validate(
        IReadOnlyDictionary<string, string?>? texts, string path, ValidationErrors errors, int maxLength, bool required = true)
    {
        if (texts is null || texts.Count == 0)
        {
            if (required)
            {
                errors.Add(path, $"'{path}' is required: an object of language code to text, such as {{\"en\": \"…\"}}.");
            }

            return required ? null : Empty;
        }

        var before = errors.Count;
        if (texts.Count > MaxLanguages)
        {
            errors.Add(path, $"At most {MaxLanguages} languages.");
            return null;
        }

        foreach (var (language, text) in texts)
        {
            if (!IsLanguage(language))
            {
                errors.Add($"{path}.{language}", "A language is a lower-case ISO 639 code with an optional region, such as en, fr or pt-BR.");
            }
            else if (string.IsNullOrWhiteSpace(text))
            {
                errors.Add($"{path}.{language}", "The text is empty.");
            }
            else if (text.Trim().Length > maxLength)
            {
                errors.Add($"{path}.{language}", $"At most {maxLength} characters.");
            }
        }

        return errors.Count == before ? Of(texts.Select(t => new KeyValuePair<string, string>(t.Key, t.Value!))) : null;
    }

    public static bool IsLanguage(string? language) => language is not null && Language().IsMatch(language);

    /// <summary>The text in <paramref name="language"/>, with the fallback described on the type; empty only for an empty map.</summary>
    public string In(string? language, string defaultLanguage = Languages.Default) =>
        LanguageFor(language, defaultLanguage) is { } chosen ? _texts[chosen] : string.Empty;

    /// <summary>
    /// The language of the map that <see cref="In"/> reads for <paramref name="language"/> (after the fallback described
    /// on the type); null only for an empty map.
    /// </summary>
    public string? LanguageFor(string? language, string defaultLanguage = Languages.Default)
    {
        if (language is not null)
        {
            if (_texts.ContainsKey(language))
            {
                return language;
            }

            var dash = language.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && _texts.ContainsKey(language[..dash]))
            {
                return language[..dash];
            }
        }

        if (_texts.ContainsKey(defaultLanguage))
        {
            return defaultLanguage;
        }

        foreach (var first in _texts.Keys)
        {
            return first;
        }

        return null;
    }

    /// <summary>The longest text of the map (for checks against a column limit).</summary>
    public int MaxTextLength => _texts.Count == 0 ? 0 : _texts.Values.Max(t => t.Length);

    public string ToJson() => JsonSerializer.Serialize(_texts);

    public static LocalizedText FromJson(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) is { } map ? Of(map) : Empty;

    public int Count => _texts.Count;

    public IEnumerable<string> Keys => _texts.Keys;

    public IEnumerable<string> Values => _texts.Values;

    public string this[string key] => _texts[key];

    public bool ContainsKey(string key) => _texts.ContainsKey(key);

    public bool TryGetValue(string key, out string value) => _texts.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _texts.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(LocalizedText? other) => other is not null && _texts.Count == other._texts.Count && _texts.All(t => other._texts.TryGetValue(t.Key, out var o) && o == t.Value);

    public override bool Equals(object? obj) => Equals(obj as LocalizedText);

    public override int GetHashCode() => _texts.Aggregate(0, (hash, t) => HashCode.Combine(hash, t.Key, t.Value));

    public override string ToString() => ToJson();

    [GeneratedRegex(LanguagePattern)]
    private static partial Regex Language();
}

/// <summary>Reads and writes a <see cref="LocalizedText"/> as a JSON object of language → text.</summary>
public sealed class LocalizedTextJsonConverter : JsonConverter<LocalizedText>
{
    public override LocalizedText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var map = JsonSerializer.Deserialize<Dictionary<string, string>>(ref reader)
            ?? throw new JsonException("A localized text is an object of language code to text.");
        try
        {
            return LocalizedText.Of(map);
        }
        catch (ArgumentException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, LocalizedText value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (language, text) in value)
        {
            writer.WriteString(language, text);
        }

        writer.WriteEndObject();
    }
}
