using System.Text;
using System.Text.Json;
using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Forms;

/// <summary>How much of a form the answers must cover.</summary>
public enum FormCheck
{
    /// <summary>
    /// A submission: every shown required field answered, every answer valid; answers of fields their condition
    /// hides are dropped from what is accepted.
    /// </summary>
    Complete,

    /// <summary>
    /// A draft, work in progress: the names of the answers present, and that each is of the JSON kind its type
    /// takes (text, number, true/false, a list, an object with the type's members) within the caps that bound any
    /// answer (<see cref="FormLimits.MaxTextLength"/>, …). The field's own limits (lengths, ranges, patterns,
    /// choices, dates), required-ness and conditions wait for the submission; nothing is dropped.
    /// </summary>
    Partial,
}

/// <summary>
/// A form: pages of fields, each field with its type, texts in languages, limits and an optional condition on an
/// earlier answer. JSON:
/// <c>{"pages": [{"name": "…", "title": {…}, "condition": {…}, "fields": [{"name", "type", "label", …}]}]}</c>.
/// The one place where a definition is checked (<see cref="Validate"/>) and answers are checked against it
/// (<see cref="CheckValues"/>). Immutable; equal when their JSON is.
/// </summary>
public sealed class FormDefinition : IEquatable<FormDefinition>
{
    private readonly Dictionary<string, FormField> _byName;
    private readonly Dictionary<string, FormPage> _pageOf;
    private string? _json;

    internal FormDefinition(IReadOnlyList<FormPage> pages)
    {
        Pages = pages;
        Fields = pages.SelectMany(p => p.Fields).ToList();
        _byName = Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        _pageOf = pages.SelectMany(p => p.Fields.Select(f => (f.Name, Page: p))).ToDictionary(x => x.Name, x => x.Page, StringComparer.Ordinal);
        Languages = FormDefinitionReader.LanguagesOf(pages);
    }

    public IReadOnlyList<FormPage> Pages { get; }

    /// <summary>Every field of every page, in order.</summary>
    public IReadOnlyList<FormField> Fields { get; }

    /// <summary>The languages any text of the form is written in, in ordinal order.</summary>
    public IReadOnlyList<string> Languages { get; }

    public FormField? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// Checks a definition and records every mistake under <paramref name="path"/> (<c>form.pages[0].fields[1].max</c>).
    /// Returns the form when it is valid, else null.
    /// </summary>
    public static FormDefinition? Validate(JsonElement json, string path, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return FormDefinitionReader.Read(json, path, errors);
    }

    /// <summary>A definition from trusted storage; throws <see cref="FormatException"/> naming the mistakes when it is not valid.</summary>
    public static FormDefinition FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new ValidationErrors();
        return Validate(document.RootElement, "form", errors)
            ?? throw new FormatException("The stored form is not valid: " + string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    /// <summary>The definition as canonical JSON (members in a fixed order, languages sorted, absent limits left out).</summary>
    public string ToJson() => _json ??= Write();

    public JsonElement ToJsonElement()
    {
        using var document = JsonDocument.Parse(ToJson());
        return document.RootElement.Clone();
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        FormJson.Write(writer, this);
    }

    /// <summary>
    /// Checks answers (field name → JSON value) against the form and records what is wrong under
    /// <c>{path}.{field}</c> (<c>fields.plate</c>, <c>fields.home.city</c>). A null, an empty string, an empty list
    /// or an empty object is no answer. <paramref name="today"/> resolves relative date limits.
    /// Returns what is accepted — for <see cref="FormCheck.Complete"/> the answers of shown fields, in form order;
    /// for <see cref="FormCheck.Partial"/> every answer given — or null when anything was wrong.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? CheckValues(
        IReadOnlyDictionary<string, JsonElement> values, FormCheck mode, DateOnly today, ValidationErrors errors, string path = "fields")
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        return FormAnswers.Check(this, values, mode, today, errors, path);
    }

    /// <summary>The names of the fields shown for these answers (conditions on pages and fields applied in order).</summary>
    public IReadOnlySet<string> Shown(IReadOnlyDictionary<string, JsonElement> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return FormAnswers.Shown(this, values);
    }

    /// <summary>The page a field is on.</summary>
    public FormPage PageOf(FormField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return _pageOf[field.Name];
    }

    /// <summary>Answers as one JSON object in the form's field order (for storing what <see cref="CheckValues"/> accepted).</summary>
    public string AnswersToJson(IReadOnlyDictionary<string, JsonElement> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var name in Fields.Select(f => f.Name).Concat(answers.Keys.Where(k => Find(k) is null)).Where(answers.ContainsKey))
            {
                writer.WritePropertyName(name);
                answers[name].WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The form with every text read in <paramref name="language"/> (fallback as <see cref="LocalizedText.In"/>).</summary>
    public FormView In(string language) => FormView.Of(this, language);

    public bool Equals(FormDefinition? other) => other is not null && string.Equals(ToJson(), other.ToJson(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as FormDefinition);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToJson());

    public override string ToString() => ToJson();

    private string Write()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            FormJson.Write(writer, this);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
