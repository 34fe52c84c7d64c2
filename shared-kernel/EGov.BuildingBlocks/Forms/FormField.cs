using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Texts;

namespace EGov.BuildingBlocks.Forms;

/// <summary>
/// One question of a form: its name (the key of its answer), type, texts, whether it must be answered, an optional
/// condition on an earlier answer, and the limits its type takes (the others are null). Made only by
/// <see cref="FormDefinition.Validate"/>, so every field is coherent.
/// </summary>
public sealed class FormField
{
    internal FormField()
    {
    }

    public string Name { get; internal init; } = string.Empty;

    public FieldType Type { get; internal init; }

    public LocalizedText Label { get; internal init; } = LocalizedText.Empty;

    public LocalizedText? Hint { get; internal init; }

    /// <summary>Must be answered when shown. A field its condition hides is never required.</summary>
    public bool Required { get; internal init; }

    /// <summary>Shown only when an earlier answer has one of the given values.</summary>
    public FieldCondition? Condition { get; internal init; }

    /// <summary>Text, long text: the fewest characters of a non-empty answer.</summary>
    public int? MinLength { get; internal init; }

    /// <summary>Text, long text, e-mail: the most characters as defined (see <see cref="EffectiveMaxLength"/>).</summary>
    public int? MaxLength { get; internal init; }

    /// <summary>Text, national id: a regular expression (.NET syntax) the whole answer must match.</summary>
    public string? Pattern { get; internal init; }

    /// <summary>Number, money (the amount).</summary>
    public decimal? Min { get; internal init; }

    public decimal? Max { get; internal init; }

    /// <summary>Number, money: the most decimals an answer may have (0 for whole numbers).</summary>
    public int? Decimals { get; internal init; }

    /// <summary>Money: the ISO 4217 currency every amount is in.</summary>
    public string? Currency { get; internal init; }

    public DateBound? MinDate { get; internal init; }

    public DateBound? MaxDate { get; internal init; }

    /// <summary>Choice, multi choice: the answers offered, in order.</summary>
    public IReadOnlyList<FormChoice>? Choices { get; internal init; }

    public int? MinSelections { get; internal init; }

    public int? MaxSelections { get; internal init; }

    /// <summary>National id: the exact number of digits.</summary>
    public int? Length { get; internal init; }

    /// <summary>Address: the ISO 3166-1 alpha-2 countries accepted (any when null).</summary>
    public IReadOnlyList<string>? Countries { get; internal init; }

    /// <summary>Address: a regular expression the postal code must match; a postal code is then required.</summary>
    public string? PostalCodePattern { get; internal init; }

    internal Regex? PatternRegex { get; init; }

    internal Regex? PostalCodeRegex { get; init; }

    /// <summary>The longest answer accepted, with the type's default when the definition states none.</summary>
    public int? EffectiveMaxLength => Type switch
    {
        FieldType.Text => MaxLength ?? FormLimits.DefaultTextLength,
        FieldType.LongText => MaxLength ?? FormLimits.DefaultLongTextLength,
        FieldType.Email => MaxLength ?? FormLimits.MaxEmailLength,
        _ => null,
    };

    /// <summary>The smallest amount of a money field: 0 unless the definition states one.</summary>
    public decimal? EffectiveMin => Type == FieldType.Money ? Min ?? 0m : Min;

    /// <summary>The decimals of a money field: <see cref="FormLimits.DefaultMoneyDecimals"/> unless stated.</summary>
    public int? EffectiveDecimals => Type == FieldType.Money ? Decimals ?? FormLimits.DefaultMoneyDecimals : Decimals;

    public FormChoice? Choice(string value) => Choices?.FirstOrDefault(c => string.Equals(c.Value, value, StringComparison.Ordinal));
}

/// <summary>An answer a choice field offers: the value stored, and its label in languages.</summary>
public sealed record FormChoice(string Value, LocalizedText Label);

/// <summary>
/// "Show only when the answer to <see cref="Field"/> is one of <see cref="Values"/>" (for a multi choice: when
/// any of its selected values is). The field is an earlier choice, multi choice or yes/no field; values are its
/// choice values, or <c>true</c>/<c>false</c>.
/// </summary>
public sealed class FieldCondition
{
    internal FieldCondition(string field, IReadOnlyList<JsonElement> values)
    {
        Field = field;
        Values = values;
    }

    public string Field { get; }

    /// <summary>The values, as JSON (strings, or booleans for a yes/no field).</summary>
    public IReadOnlyList<JsonElement> Values { get; }

    /// <summary>Whether an answer satisfies the condition.</summary>
    public bool IsMetBy(JsonElement answer) => answer.ValueKind == JsonValueKind.Array
        ? answer.EnumerateArray().Any(selected => Values.Any(v => JsonElement.DeepEquals(v, selected)))
        : Values.Any(v => JsonElement.DeepEquals(v, answer));
}

/// <summary>A limit of a date field: a fixed date, or a number of days from the day of the check (<c>today-36500</c>).</summary>
public sealed record DateBound
{
    private DateBound(DateOnly? date, int? days)
    {
        Date = date;
        DaysFromToday = days;
    }

    public DateOnly? Date { get; }

    public int? DaysFromToday { get; }

    public static DateBound Fixed(DateOnly date) => new(date, null);

    public static DateBound FromToday(int days) =>
        Math.Abs(days) <= FormLimits.MaxRelativeDays ? new(null, days) : throw new ArgumentOutOfRangeException(nameof(days));

    /// <summary>Parses <c>YYYY-MM-DD</c>, <c>today</c>, <c>today+n</c> or <c>today-n</c>.</summary>
    public static bool TryParse(string? text, out DateBound? bound)
    {
        bound = null;
        if (text is null || !FormLimits.DateBound().IsMatch(text))
        {
            return false;
        }

        if (text.StartsWith("today", StringComparison.Ordinal))
        {
            var days = text.Length == 5 ? 0 : int.Parse(text.AsSpan(5), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (Math.Abs(days) > FormLimits.MaxRelativeDays)
            {
                return false;
            }

            bound = new DateBound(null, days);
            return true;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }

        bound = new DateBound(date, null);
        return true;
    }

    /// <summary>The date the limit stands for on <paramref name="today"/>.</summary>
    public DateOnly On(DateOnly today) => Date ?? today.AddDays(DaysFromToday ?? 0);

    public override string ToString()
    {
        if (Date is { } date)
        {
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var days = DaysFromToday ?? 0;
        return days == 0 ? "today" : "today" + days.ToString("+0;-0", CultureInfo.InvariantCulture);
    }
}

/// <summary>A page of a form: its fields, an optional title, and an optional condition on an earlier page's answer.</summary>
public sealed class FormPage
{
    internal FormPage(string name, LocalizedText? title, FieldCondition? condition, IReadOnlyList<FormField> fields)
    {
        Name = name;
        Title = title;
        Condition = condition;
        Fields = fields;
    }

    public string Name { get; }

    public LocalizedText? Title { get; }

    public FieldCondition? Condition { get; }

    public IReadOnlyList<FormField> Fields { get; }
}
