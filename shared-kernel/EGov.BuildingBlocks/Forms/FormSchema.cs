using System.Text.Json.Nodes;
using EGov.BuildingBlocks.Texts;

namespace EGov.BuildingBlocks.Forms;

/// <summary>
/// The JSON Schema (2020-12) of a form definition, built from the same tables and limits the definition check
/// uses. It states the shape (members, types, which limits each field type takes, <see cref="FormLimits"/>);
/// what a schema cannot say — names unique, conditions on earlier fields with their values, patterns that
/// compile, limits in order — is checked by <see cref="FormDefinition.Validate"/>.
/// </summary>
public static class FormSchema
{
    /// <summary>The reference to the form schema within a document holding <see cref="Definitions"/>.</summary>
    public const string Reference = "#/$defs/form";

    /// <summary>The <c>$defs</c> a form needs: <c>form</c>, <c>formPage</c>, <c>formField</c>, <c>formChoice</c>, <c>formCondition</c>.</summary>
    public static JsonObject Definitions() => new()
    {
        ["form"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "A form: pages of fields. Answers are an object of field name to value; a field or page with a condition is shown only when an earlier answer has one of the given values.",
            ["required"] = new JsonArray("pages"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["pages"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["maxItems"] = FormLimits.MaxPages,
                    ["items"] = Ref("formPage"),
                },
            },
        },
        ["formPage"] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("name", "fields"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["name"] = Name(),
                ["title"] = LocalizedTextSchema.Of(FormLimits.MaxTitleLength),
                ["condition"] = Ref("formCondition"),
                ["fields"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["maxItems"] = FormLimits.MaxFields,
                    ["items"] = Ref("formField"),
                },
            },
        },
        ["formCondition"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Shown only when the answer to an earlier choice, multiChoice or yesNo field is one of 'equals'.",
            ["required"] = new JsonArray("field", "equals"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["field"] = Name(),
                ["equals"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["maxItems"] = FormLimits.MaxConditionValues,
                    ["items"] = new JsonObject { ["type"] = new JsonArray("string", "boolean") },
                },
            },
        },
        ["formChoice"] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("value", "label"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["value"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = FormLimits.MaxChoiceValueLength, ["pattern"] = "\\S" },
                ["label"] = LocalizedTextSchema.Of(FormLimits.MaxLabelLength),
            },
        },
        ["formField"] = Field(),
    };

    private static JsonObject Field()
    {
        var properties = new JsonObject
        {
            [FieldMembers.Name] = Name(),
            [FieldMembers.Type] = new JsonObject { ["enum"] = Strings(FieldTypes.AllNames) },
            [FieldMembers.Label] = LocalizedTextSchema.Of(FormLimits.MaxLabelLength),
            [FieldMembers.Hint] = LocalizedTextSchema.Of(FormLimits.MaxHintLength),
            [FieldMembers.Required] = new JsonObject { ["type"] = "boolean", ["description"] = "Must be answered when shown (default false)." },
            [FieldMembers.Condition] = Ref("formCondition"),
            [FieldMembers.MinLength] = Integer(0, FormLimits.MaxTextLength),
            [FieldMembers.MaxLength] = Integer(1, FormLimits.MaxTextLength),
            [FieldMembers.Pattern] = Pattern("A .NET regular expression the whole answer must match."),
            [FieldMembers.Min] = Number(),
            [FieldMembers.Max] = Number(),
            [FieldMembers.Decimals] = Integer(0, FormLimits.MaxDecimals),
            [FieldMembers.Currency] = new JsonObject { ["type"] = "string", ["pattern"] = FormLimits.CurrencyPattern },
            [FieldMembers.MinDate] = DateBound(),
            [FieldMembers.MaxDate] = DateBound(),
            [FieldMembers.Choices] = new JsonObject
            {
                ["type"] = "array",
                ["minItems"] = 1,
                ["maxItems"] = FormLimits.MaxChoices,
                ["items"] = Ref("formChoice"),
            },
            [FieldMembers.MinSelections] = Integer(0, FormLimits.MaxChoices),
            [FieldMembers.MaxSelections] = Integer(1, FormLimits.MaxChoices),
            [FieldMembers.Length] = Integer(1, FormLimits.MaxNationalIdLength),
            [FieldMembers.Countries] = new JsonObject
            {
                ["type"] = "array",
                ["minItems"] = 1,
                ["maxItems"] = FormLimits.MaxCountries,
                ["uniqueItems"] = true,
                ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = FormLimits.CountryPattern },
            },
            [FieldMembers.PostalCodePattern] = Pattern("A .NET regular expression the postal code must match; a postal code is then required."),
        };

        // Per type: which members a field of that type may have, and which it must have.
        var rules = new JsonArray();
        foreach (var type in FieldTypes.All)
        {
            var then = new JsonObject { ["propertyNames"] = new JsonObject { ["enum"] = Strings([.. FieldMembers.Common, .. FieldTypes.LimitsOf(type)]) } };
            var required = type switch
            {
                FieldType.Money => new JsonArray(FieldMembers.Currency),
                FieldType.Choice or FieldType.MultiChoice => new JsonArray(FieldMembers.Choices),
                _ => null,
            };
            if (required is not null)
            {
                then["required"] = required;
            }

            rules.Add(new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["required"] = new JsonArray(FieldMembers.Type),
                    ["properties"] = new JsonObject { [FieldMembers.Type] = new JsonObject { ["const"] = FieldTypes.NameOf(type) } },
                },
                ["then"] = then,
            });
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "A question. The limits a field may have depend on its type; answers are checked against them.",
            ["required"] = new JsonArray(FieldMembers.Name, FieldMembers.Type, FieldMembers.Label),
            ["additionalProperties"] = false,
            ["properties"] = properties,
            ["allOf"] = rules,
        };
    }

    private static JsonObject Ref(string name) => new() { ["$ref"] = $"#/$defs/{name}" };

    private static JsonObject Name() => new() { ["type"] = "string", ["pattern"] = FormLimits.NamePattern };

    private static JsonObject Integer(int minimum, int maximum) => new() { ["type"] = "integer", ["minimum"] = minimum, ["maximum"] = maximum };

    private static JsonObject Number() => new() { ["type"] = "number", ["minimum"] = -FormLimits.MaxNumber, ["maximum"] = FormLimits.MaxNumber };

    private static JsonObject Pattern(string description) =>
        new() { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = FormLimits.MaxPatternLength, ["description"] = description };

    private static JsonObject DateBound() => new()
    {
        ["type"] = "string",
        ["pattern"] = FormLimits.DateBoundPattern,
        ["description"] = "A date (YYYY-MM-DD), 'today', or 'today' plus or minus a number of days (today+30, today-36500).",
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
