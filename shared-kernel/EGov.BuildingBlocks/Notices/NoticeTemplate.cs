using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Notices;

/// <summary>A parameter a template takes: its name in placeholders, its type, and whether a notice may go without it.</summary>
public sealed record NoticeParameter(string Name, NoticeValueType Type, bool Optional = false);

/// <summary>The checked content of a template (see <see cref="NoticeTemplateRules.Validate"/>).</summary>
public sealed record NoticeTemplateContent(
    IReadOnlyList<NoticeParameter> Parameters, LocalizedText Subject, LocalizedText Body, LocalizedText DateFormat)
{
    /// <summary>The longest value <see cref="ReadValues"/> accepts for one placeholder.</summary>
    public const int MaxValueLength = 1000;

    /// <summary>Same texts and date formats (parameters are the key's own and never change).</summary>
    public bool SameTextsAs(NoticeTemplate template) =>
        Subject.Equals(template.Subject) && Body.Equals(template.Body) && DateFormat.Equals(template.DateFormat);

    /// <summary>
    /// The text in <paramref name="language"/> (with <see cref="LocalizedText"/>'s fallback among the template's
    /// languages). Every required parameter needs a value of its type; values the template does not take are left
    /// unused, so a module may send a value before its templates use it. Throws when a value is missing or of the
    /// wrong type: that is a mistake of the calling code, not of the reader (<see cref="ReadValues"/> checks values
    /// that come from outside first). <paramref name="key"/> names the template in the exception.
    /// </summary>
    public RenderedNotice Render(string key, string? language, NoticeValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        var chosen = Subject.LanguageFor(language) ?? throw new InvalidOperationException($"The template '{key}' has no text.");
        foreach (var parameter in Parameters)
        {
            if (!values.TryGet(parameter.Name, out var value))
            {
                if (!parameter.Optional)
                {
                    throw new ArgumentException($"The template '{key}' needs a value for '{parameter.Name}'.", nameof(values));
                }

                continue;
            }

            if (value.Type != parameter.Type)
            {
                throw new ArgumentException($"'{parameter.Name}' of the template '{key}' is a {parameter.Type}, not a {value.Type}.", nameof(values));
            }

            shown[parameter.Name] = value.Show(chosen, DateFormat);
        }

        string? ValueOf(string name) => shown.TryGetValue(name, out var text) ? text : null;
        return new RenderedNotice(
            chosen,
            Notice.Fit(NoticeText.Render(Parse(key, Subject.In(chosen)), ValueOf), Notice.MaxSubjectLength),
            Notice.Fit(NoticeText.Render(Parse(key, Body.In(chosen)), ValueOf), Notice.MaxBodyLength));
    }

    /// <summary>
    /// Values given as text from outside the platform (an API request: dates as <c>yyyy-MM-dd</c>), checked against the
    /// parameters: a required parameter without a value (absent or blank) is refused, never rendered as a blank; a name
    /// the template does not take and a date that is not one are refused too. Mistakes go under
    /// <c>{path}.{name}</c>; null when there is any.
    /// </summary>
    public NoticeValues? ReadValues(IReadOnlyDictionary<string, string?>? given, string path, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        given ??= new Dictionary<string, string?>();
        var before = errors.Count;
        var values = new NoticeValues();
        foreach (var name in given.Keys.Where(n => Parameters.All(p => p.Name != n)).Order(StringComparer.Ordinal))
        {
            var takes = Parameters.Count == 0 ? "none" : string.Join(", ", Parameters.Select(p => p.Name));
            errors.Add($"{path}.{name}", $"'{name}' is not a parameter of this template (it takes: {takes}).");
        }

        foreach (var parameter in Parameters)
        {
            var text = given.TryGetValue(parameter.Name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
            if (text is null)
            {
                if (!parameter.Optional)
                {
                    errors.Add($"{path}.{parameter.Name}", $"'{parameter.Name}' needs a value: the template uses it and a message never goes out with a blank.");
                }

                continue;
            }

            if (text.Length > MaxValueLength)
            {
                errors.Add($"{path}.{parameter.Name}", $"A value is at most {MaxValueLength} characters.");
                continue;
            }

            switch (parameter.Type)
            {
                case NoticeValueType.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date):
                    values.Add(parameter.Name, date);
                    break;
                case NoticeValueType.Date:
                    errors.Add($"{path}.{parameter.Name}", $"'{parameter.Name}' is a date: yyyy-MM-dd.");
                    break;
                default:
                    values.Add(parameter.Name, text);
                    break;
            }
        }

        return errors.Count == before ? values : null;
    }

    private static IReadOnlyList<NoticeText.Segment> Parse(string key, string text) =>
        NoticeText.Parse(text, out var error) ?? throw new InvalidOperationException($"The template '{key}' is not valid: {error}");
}

/// <summary>A notice as rendered from a template: the language it is in, its subject and its body.</summary>
public sealed record RenderedNotice(string Language, string Subject, string Body);

/// <summary>
/// One version of a message template: a key (<c>application-submitted</c>), the parameters it takes, subject and
/// body in any number of languages with placeholders, and how it shows dates per language. Versions are never
/// changed: publishing makes the next version, and each notice records the version it was rendered from.
/// </summary>
public sealed class NoticeTemplate
{
    public const int MaxKeyLength = 64;
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 4000;
    public const int MaxParameters = 20;
    public const int MaxCreatedByLength = 200;

    private NoticeTemplate()
    {
    }

    public string Key { get; private set; } = string.Empty;

    public int Version { get; private set; }

    public IReadOnlyList<NoticeParameter> Parameters { get; private set; } = [];

    public LocalizedText Subject { get; private set; } = LocalizedText.Empty;

    public LocalizedText Body { get; private set; } = LocalizedText.Empty;

    /// <summary>The date format per language (<see cref="NoticeDateFormat"/>); empty: <see cref="NoticeDateFormat.Default"/>.</summary>
    public LocalizedText DateFormat { get; private set; } = LocalizedText.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Who published it: an operator's subject, or <c>seed</c> for the version a module ships.</summary>
    public string CreatedBy { get; private set; } = string.Empty;

    /// <summary>The first version of <paramref name="key"/> (checked content, see <see cref="NoticeTemplateRules"/>).</summary>
    public static NoticeTemplate First(string key, NoticeTemplateContent content, DateTimeOffset at, string by) =>
        NoticeTemplateRules.IsKey(key)
            ? Create(key, 1, content, at, by)
            : throw new ArgumentException($"'{key}' is not a template key.", nameof(key));

    /// <summary>The version after this one, with new texts; the parameters stay the key's own.</summary>
    public NoticeTemplate Next(NoticeTemplateContent content, DateTimeOffset at, string by)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.Parameters.SequenceEqual(Parameters))
        {
            throw new ArgumentException("A new version takes the same parameters as the key's versions before it.", nameof(content));
        }

        return Create(Key, Version + 1, content, at, by);
    }

    /// <summary>
    /// The notice in <paramref name="language"/> (with <see cref="LocalizedText"/>'s fallback among the template's
    /// languages). Every required parameter needs a value of its type; values the template does not take are left
    /// unused, so a module may send a value before its templates use it. Throws when a value is missing or of the
    /// wrong type: that is a mistake of the calling code, not of the reader.
    /// </summary>
    public RenderedNotice Render(string? language, NoticeValues values) => Content.Render(Key, language, values);

    /// <summary>The checked content of this version (parameters, texts, date formats).</summary>
    public NoticeTemplateContent Content => new(Parameters, Subject, Body, DateFormat);

    private static NoticeTemplate Create(string key, int version, NoticeTemplateContent content, DateTimeOffset at, string by)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        return new NoticeTemplate
        {
            Key = key,
            Version = version,
            Parameters = content.Parameters,
            Subject = content.Subject,
            Body = content.Body,
            DateFormat = content.DateFormat,
            CreatedAt = at,
            CreatedBy = by.Length <= MaxCreatedByLength ? by : by[..MaxCreatedByLength],
        };
    }
}
