using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EGov.Citizens.Domain;

/// <summary>The kinds of input an e-form field takes.</summary>
internal static class FieldTypes
{
    public const string Text = "text";
    public const string Number = "number";
    public const string Date = "date";
    public const string Choice = "choice";
    public const string YesNo = "yes-no";
    public const string File = "file";

    public static readonly IReadOnlyList<string> All = [Text, Number, Date, Choice, YesNo, File];
}

/// <summary>One field of a service's form. Labels are bilingual: English, and French when given.</summary>
internal sealed record FormField(
    string Name,
    string Label,
    string? LabelFr,
    string Type,
    bool Required,
    decimal? Min = null,
    decimal? Max = null,
    int? MaxLength = null,
    string? Pattern = null,
    IReadOnlyList<string>? Choices = null);

/// <summary>A service's form definition as filed with a service version.</summary>
internal sealed record FormDefinition(IReadOnlyList<FormField> Fields)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static FormDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<FormDefinition>(json, Json) ?? new FormDefinition([]);

    public FormField? Find(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>Field names the form does not define: rejected on drafts and on submissions alike.</summary>
    public IEnumerable<string> UnknownNames(IEnumerable<string> names) => names.Where(n => Find(n) is null);

    /// <summary>
    /// Full validation of a submission: every required field present, every value of its field's type and within
    /// its limits. Returns field → messages (keys are <c>fields.&lt;name&gt;</c>).
    /// </summary>
    public Dictionary<string, List<string>> Validate(IReadOnlyDictionary<string, JsonElement> values)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string name, string message)
        {
            if (!errors.TryGetValue($"fields.{name}", out var list))
            {
                errors[$"fields.{name}"] = list = [];
            }

            list.Add(message);
        }

        foreach (var name in UnknownNames(values.Keys))
        {
            Add(name, $"The form has no field '{name}'.");
        }

        foreach (var field in Fields)
        {
            if (!values.TryGetValue(field.Name, out var value) || value.ValueKind == JsonValueKind.Null
                || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString())))
            {
                if (field.Required)
                {
                    Add(field.Name, $"'{field.Label}' is required.");
                }

                continue;
            }

            if (CheckValue(field, value) is { } message)
            {
                Add(field.Name, message);
            }
        }

        return errors;
    }

    private static string? CheckValue(FormField field, JsonElement value)
    {
        switch (field.Type)
        {
            case FieldTypes.Text:
            case FieldTypes.File:
                if (value.ValueKind != JsonValueKind.String)
                {
                    return field.Type == FieldTypes.File ? "Give the id of an uploaded attachment." : "Must be text.";
                }

                var text = value.GetString()!;
                if (field.MaxLength is { } maxLength && text.Length > maxLength)
                {
                    return $"At most {maxLength} characters.";
                }

                if (field.Pattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100)))
                {
                    return "Does not have the expected format.";
                }

                return null;
            case FieldTypes.Number:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
                {
                    return "Must be a number.";
                }

                if (field.Min is { } min && number < min)
                {
                    return $"At least {min.ToString(CultureInfo.InvariantCulture)}.";
                }

                return field.Max is { } max && number > max ? $"At most {max.ToString(CultureInfo.InvariantCulture)}." : null;
            case FieldTypes.Date:
                return value.ValueKind == JsonValueKind.String
                       && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    ? null
                    : "Must be a date (YYYY-MM-DD).";
            case FieldTypes.Choice:
                return value.ValueKind == JsonValueKind.String && (field.Choices ?? []).Contains(value.GetString()!, StringComparer.Ordinal)
                    ? null
                    : $"Must be one of: {string.Join(", ", field.Choices ?? [])}.";
            case FieldTypes.YesNo:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "Must be true or false.";
            default:
                return "The form defines this field with an unknown type.";
        }
    }
}
