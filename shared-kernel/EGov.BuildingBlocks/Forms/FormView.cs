using System.Text.Json;
using System.Text.Json.Serialization;

namespace EGov.BuildingBlocks.Forms;

/// <summary>A form as a reader sees it: every text in one language, every limit as it is applied (defaults filled in).</summary>
public sealed record FormView(IReadOnlyList<FormPageView> Pages)
{
    internal static FormView Of(FormDefinition form, string language) => new(form.Pages
        .Select(p => new FormPageView(
            p.Name,
            p.Title?.In(language),
            FieldConditionView.Of(p.Condition),
            p.Fields.Select(f => FormFieldView.Of(f, language)).ToList()))
        .ToList());
}

public sealed record FormPageView(string Name, string? Title, FieldConditionView? Condition, IReadOnlyList<FormFieldView> Fields);

/// <summary>Shown only when the answer to <c>field</c> is one of <c>equals</c> (for a multi choice: has one of them).</summary>
public sealed record FieldConditionView(string Field, [property: JsonPropertyName("equals")] IReadOnlyList<JsonElement> Values)
{
    internal static FieldConditionView? Of(FieldCondition? condition) =>
        condition is null ? null : new FieldConditionView(condition.Field, condition.Values);
}

public sealed record FormChoiceView(string Value, string Label);

/// <summary>One field in one language; limits that do not apply to its type are null.</summary>
public sealed record FormFieldView(
    string Name,
    FieldType Type,
    string Label,
    string? Hint,
    bool Required,
    FieldConditionView? Condition,
    int? MinLength,
    int? MaxLength,
    string? Pattern,
    decimal? Min,
    decimal? Max,
    int? Decimals,
    string? Currency,
    string? MinDate,
    string? MaxDate,
    IReadOnlyList<FormChoiceView>? Choices,
    int? MinSelections,
    int? MaxSelections,
    int? Length,
    IReadOnlyList<string>? Countries,
    string? PostalCodePattern)
{
    internal static FormFieldView Of(FormField f, string language) => new(
        f.Name,
        f.Type,
        f.Label.In(language),
        f.Hint?.In(language),
        f.Required,
        FieldConditionView.Of(f.Condition),
        f.MinLength,
        f.EffectiveMaxLength,
        f.Pattern,
        f.EffectiveMin,
        f.Max,
        f.EffectiveDecimals,
        f.Currency,
        f.MinDate?.ToString(),
        f.MaxDate?.ToString(),
        f.Choices?.Select(c => new FormChoiceView(c.Value, c.Label.In(language))).ToList(),
        f.MinSelections,
        f.MaxSelections,
        f.Length,
        f.Countries,
        f.PostalCodePattern);
}
