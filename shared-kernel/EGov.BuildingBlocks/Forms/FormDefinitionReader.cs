using System.Text.Json;
using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Json;
using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Forms;

/// <summary>
/// Checks a form definition given as JSON and builds it: names unique, types known, limits that apply to the
/// type and agree with each other, patterns that compile, conditions on earlier fields with values those fields
/// can have, and <see cref="FormLimits"/> throughout. Every mistake is recorded; nothing is built unless none is.
/// </summary>
internal static class FormDefinitionReader
{
    private static readonly string[] FormMembers = ["pages"];
    private static readonly string[] PageMembers = ["name", "title", "condition", "fields"];
    private static readonly string[] ConditionMembers = ["field", "equals"];
    private static readonly string[] ChoiceMembers = ["value", "label"];
    private static readonly string[] FieldKnown = [.. FieldMembers.Common, .. FieldTypes.AllLimits];

    public static FormDefinition? Read(JsonElement json, string path, ValidationErrors errors)
    {
        var before = errors.Count;
        if (JsonObjectReader.Open(json, path, errors, FormMembers) is not { } form
            || form.GetArray("pages", required: true, 1, FormLimits.MaxPages) is not { } pages)
        {
            return null;
        }

        var fieldCount = pages.Sum(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("fields", out var f) && f.ValueKind == JsonValueKind.Array ? f.GetArrayLength() : 0);
        if (fieldCount > FormLimits.MaxFields)
        {
            errors.Add(form.At("pages"), $"A form has at most {FormLimits.MaxFields} fields in all; this one has {fieldCount}.");
            return null;
        }

        // Fields in order of appearance: what a condition may refer to is what came before it.
        var earlier = new Dictionary<string, FormField>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pageNames = new HashSet<string>(StringComparer.Ordinal);
        var built = new List<FormPage>();
        for (var p = 0; p < pages.Count; p++)
        {
            if (ReadPage(pages[p], JsonObjectReader.Item(form.At("pages"), p), earlier, names, pageNames, errors) is { } page)
            {
                built.Add(page);
            }
        }

        return errors.Count == before ? new FormDefinition(built) : null;
    }

    private static FormPage? ReadPage(
        JsonElement json, string path, Dictionary<string, FormField> earlier, HashSet<string> names, HashSet<string> pageNames, ValidationErrors errors)
    {
        if (JsonObjectReader.Open(json, path, errors, PageMembers) is not { } page)
        {
            return null;
        }

        var before = errors.Count;
        var name = page.GetString("name", required: true, 64, FormLimits.Name(), FormLimits.NameRule);
        if (name is not null && !pageNames.Add(name))
        {
            errors.Add(page.At("name"), $"Page '{name}' appears twice.");
        }

        var title = page.GetText("title", required: false, FormLimits.MaxTitleLength);

        // A page's condition refers to a field of an earlier page: the fields before this page.
        var condition = page.Has("condition") ? ReadCondition(page, earlier, errors) : null;
        var fields = new List<FormField>();
        if (page.GetArray("fields", required: true, 1, FormLimits.MaxFields) is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (ReadField(items[i], JsonObjectReader.Item(page.At("fields"), i), earlier, names, errors) is { } field)
                {
                    fields.Add(field);
                    earlier[field.Name] = field;
                }
            }
        }

        return errors.Count == before ? new FormPage(name!, title is { Count: > 0 } ? title : null, condition, fields) : null;
    }

    private static FormField? ReadField(JsonElement json, string path, Dictionary<string, FormField> earlier, HashSet<string> names, ValidationErrors errors)
    {
        if (JsonObjectReader.Open(json, path, errors, FieldKnown) is not { } field)
        {
            return null;
        }

        var before = errors.Count;
        var name = field.GetString(FieldMembers.Name, required: true, 64, FormLimits.Name(), FormLimits.NameRule);
        if (name is not null && !names.Add(name))
        {
            errors.Add(field.At(FieldMembers.Name), $"Field '{name}' appears twice: field names are unique in the whole form.");
        }

        var typeName = field.GetString(FieldMembers.Type, required: true, 32, rule: $"one of: {string.Join(", ", FieldTypes.AllNames)}");
        FieldType? type = null;
        if (typeName is not null)
        {
            if (FieldTypes.TryParse(typeName, out var parsed))
            {
                type = parsed;
            }
            else
            {
                errors.Add(field.At(FieldMembers.Type), $"'{typeName}' is not a field type; the types are: {string.Join(", ", FieldTypes.AllNames)}.");
            }
        }

        var label = field.GetText(FieldMembers.Label, required: true, FormLimits.MaxLabelLength);
        var hint = field.GetText(FieldMembers.Hint, required: false, FormLimits.MaxHintLength);
        var required = field.GetBoolean(FieldMembers.Required, required: false) ?? false;
        var condition = field.Has(FieldMembers.Condition) ? ReadCondition(field, earlier, errors) : null;
        if (type is not { } t)
        {
            return null;
        }

        foreach (var limit in FieldTypes.AllLimits.Where(l => field.Has(l) && !FieldTypes.LimitsOf(t).Contains(l)))
        {
            var allowed = FieldTypes.LimitsOf(t);
            errors.Add(field.At(limit), $"'{limit}' does not apply to a {typeName} field" +
                (allowed.Count > 0 ? $"; its limits are: {string.Join(", ", allowed)}." : "; it takes no limits."));
        }

        var built = t switch
        {
            FieldType.Text or FieldType.LongText => TextLimits(field, t),
            FieldType.Number => NumberLimits(field, t),
            FieldType.Money => NumberLimits(field, t),
            FieldType.Date => DateLimits(field),
            FieldType.Choice or FieldType.MultiChoice => ChoiceLimits(field, t),
            FieldType.Address => AddressLimits(field),
            FieldType.NationalId => NationalIdLimits(field),
            FieldType.Email => EmailLimits(field),
            _ => new FormField(),
        };

        if (errors.Count != before)
        {
            return null;
        }

        return new FormField
        {
            Name = name!,
            Type = t,
            Label = label!,
            Hint = hint is { Count: > 0 } ? hint : null,
            Required = required,
            Condition = condition,
            MinLength = built.MinLength,
            MaxLength = built.MaxLength,
            Pattern = built.Pattern,
            PatternRegex = built.PatternRegex,
            Min = built.Min,
            Max = built.Max,
            Decimals = built.Decimals,
            Currency = built.Currency,
            MinDate = built.MinDate,
            MaxDate = built.MaxDate,
            Choices = built.Choices,
            MinSelections = built.MinSelections,
            MaxSelections = built.MaxSelections,
            Length = built.Length,
            Countries = built.Countries,
            PostalCodePattern = built.PostalCodePattern,
            PostalCodeRegex = built.PostalCodeRegex,
        };
    }

    private static FormField TextLimits(JsonObjectReader field, FieldType type)
    {
        var minLength = field.GetInt(FieldMembers.MinLength, required: false, 0, FormLimits.MaxTextLength);
        var maxLength = field.GetInt(FieldMembers.MaxLength, required: false, 1, FormLimits.MaxTextLength);
        if (minLength is { } min && maxLength is { } max && min > max)
        {
            field.Errors.Add(field.At(FieldMembers.MaxLength), "'maxLength' is at least 'minLength'.");
        }
        else if (minLength is { } least && maxLength is null && least > (type == FieldType.Text ? FormLimits.DefaultTextLength : FormLimits.DefaultLongTextLength))
        {
            field.Errors.Add(field.At(FieldMembers.MinLength), "'minLength' is more than the default 'maxLength'; state 'maxLength'.");
        }

        var (pattern, regex) = type == FieldType.Text ? ReadPattern(field, FieldMembers.Pattern) : (null, null);
        return new FormField { MinLength = minLength, MaxLength = maxLength, Pattern = pattern, PatternRegex = regex };
    }

    private static FormField NumberLimits(JsonObjectReader field, FieldType type)
    {
        var currency = type == FieldType.Money
            ? field.GetString(FieldMembers.Currency, required: true, 3, FormLimits.Currency(), "an ISO 4217 currency code such as EUR")
            : null;
        var decimals = field.GetInt(FieldMembers.Decimals, required: false, 0, FormLimits.MaxDecimals);
        var places = type == FieldType.Money ? decimals ?? FormLimits.DefaultMoneyDecimals : decimals;
        var min = field.GetDecimal(FieldMembers.Min, required: false, -FormLimits.MaxNumber, FormLimits.MaxNumber, places);
        var max = field.GetDecimal(FieldMembers.Max, required: false, -FormLimits.MaxNumber, FormLimits.MaxNumber, places);
        if (min is { } least && max is { } most && least > most)
        {
            field.Errors.Add(field.At(FieldMembers.Max), "'max' is at least 'min'.");
        }

        if (type == FieldType.Money && min is null && max is < 0)
        {
            field.Errors.Add(field.At(FieldMembers.Max), "An amount is at least 0 unless 'min' says otherwise: 'max' is below it.");
        }

        return new FormField { Currency = currency, Decimals = decimals, Min = min, Max = max };
    }

    private static FormField DateLimits(JsonObjectReader field)
    {
        var minDate = ReadDateBound(field, FieldMembers.MinDate);
        var maxDate = ReadDateBound(field, FieldMembers.MaxDate);
        if (minDate is not null && maxDate is not null
            && ((minDate.Date is { } a && maxDate.Date is { } b && a > b)
                || (minDate.DaysFromToday is { } c && maxDate.DaysFromToday is { } d && c > d)))
        {
            field.Errors.Add(field.At(FieldMembers.MaxDate), "'maxDate' is not before 'minDate'.");
        }

        return new FormField { MinDate = minDate, MaxDate = maxDate };
    }

    private static DateBound? ReadDateBound(JsonObjectReader field, string member)
    {
        if (field.GetString(member, required: false, 16, FormLimits.DateBound(), "a date (YYYY-MM-DD), 'today', or 'today' plus or minus days (today+30, today-36500)") is not { } text)
        {
            return null;
        }

        if (!DateBound.TryParse(text, out var bound))
        {
            field.Errors.Add(field.At(member), $"'{text}' is not a date that exists, or is more than {FormLimits.MaxRelativeDays} days from today.");
        }

        return bound;
    }

    private static FormField ChoiceLimits(JsonObjectReader field, FieldType type)
    {
        var choices = new List<FormChoice>();
        if (field.GetArray(FieldMembers.Choices, required: true, 1, FormLimits.MaxChoices) is { } items)
        {
            var values = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < items.Count; i++)
            {
                if (JsonObjectReader.Open(items[i], JsonObjectReader.Item(field.At(FieldMembers.Choices), i), field.Errors, ChoiceMembers) is not { } choice)
                {
                    continue;
                }

                var value = choice.GetString("value", required: true, FormLimits.MaxChoiceValueLength);
                var label = choice.GetText("label", required: true, FormLimits.MaxLabelLength);
                if (value is not null && !values.Add(value))
                {
                    field.Errors.Add(choice.At("value"), $"Choice '{value}' appears twice.");
                }
                else if (value is not null && label is not null)
                {
                    choices.Add(new FormChoice(value, label));
                }
            }
        }

        int? minSelections = null, maxSelections = null;
        if (type == FieldType.MultiChoice)
        {
            var count = Math.Max(1, choices.Count);
            minSelections = field.GetInt(FieldMembers.MinSelections, required: false, 0, count);
            maxSelections = field.GetInt(FieldMembers.MaxSelections, required: false, 1, count);
            if (minSelections is { } least && maxSelections is { } most && least > most)
            {
                field.Errors.Add(field.At(FieldMembers.MaxSelections), "'maxSelections' is at least 'minSelections'.");
            }
        }

        return new FormField { Choices = choices, MinSelections = minSelections, MaxSelections = maxSelections };
    }

    private static FormField AddressLimits(JsonObjectReader field)
    {
        var countries = field.GetStrings(FieldMembers.Countries, required: false, 1, FormLimits.MaxCountries, 2, FormLimits.Country(), "an ISO 3166-1 alpha-2 country code such as BE");
        var (pattern, regex) = ReadPattern(field, FieldMembers.PostalCodePattern);
        return new FormField { Countries = countries, PostalCodePattern = pattern, PostalCodeRegex = regex };
    }

    private static FormField NationalIdLimits(JsonObjectReader field)
    {
        var length = field.GetInt(FieldMembers.Length, required: false, 1, FormLimits.MaxNationalIdLength);
        var (pattern, regex) = ReadPattern(field, FieldMembers.Pattern);
        if (length is not null && pattern is not null)
        {
            field.Errors.Add(field.At(FieldMembers.Pattern), "Give 'length' (digits) or 'pattern', not both.");
        }

        return new FormField { Length = length, Pattern = pattern, PatternRegex = regex };
    }

    private static FormField EmailLimits(JsonObjectReader field) =>
        new() { MaxLength = field.GetInt(FieldMembers.MaxLength, required: false, 6, FormLimits.MaxEmailLength) };

    private static (string? Pattern, Regex? Regex) ReadPattern(JsonObjectReader field, string member)
    {
        if (field.GetString(member, required: false, FormLimits.MaxPatternLength) is not { } pattern)
        {
            return (null, null);
        }

        try
        {
            return (pattern, new Regex(pattern, RegexOptions.CultureInvariant, FormLimits.PatternTimeout));
        }
        catch (ArgumentException)
        {
            field.Errors.Add(field.At(member), $"'{member}' is not a valid regular expression.");
            return (null, null);
        }
    }

    private static FieldCondition? ReadCondition(JsonObjectReader owner, Dictionary<string, FormField> earlier, ValidationErrors errors)
    {
        if (owner.GetObject(FieldMembers.Condition, required: false, ConditionMembers) is not { } condition)
        {
            return null;
        }

        var name = condition.GetString("field", required: true, 64, FormLimits.Name(), FormLimits.NameRule);
        var items = condition.GetArray("equals", required: true, 1, FormLimits.MaxConditionValues);
        if (name is null)
        {
            return null;
        }

        if (!earlier.TryGetValue(name, out var target))
        {
            errors.Add(condition.At("field"), $"'{name}' is not a field before this one: a condition tests an earlier answer.");
            return null;
        }

        if (!FieldTypes.CanBranchOn(target.Type))
        {
            errors.Add(condition.At("field"), $"'{name}' is a {FieldTypes.NameOf(target.Type)} field; a condition tests a choice, multiChoice or yesNo field.");
            return null;
        }

        if (items is null)
        {
            return null;
        }

        var values = new List<JsonElement>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var ok = target.Type == FieldType.YesNo
                ? item.ValueKind is JsonValueKind.True or JsonValueKind.False
                : item.ValueKind == JsonValueKind.String && target.Choice(item.GetString()!) is not null;
            if (!ok)
            {
                errors.Add(JsonObjectReader.Item(condition.At("equals"), i), target.Type == FieldType.YesNo
                    ? "A condition on a yesNo field compares with true or false."
                    : $"Not a choice of '{name}'; its choices are: {string.Join(", ", target.Choices!.Select(c => c.Value))}.");
            }
            else if (values.Any(v => JsonElement.DeepEquals(v, item)))
            {
                errors.Add(JsonObjectReader.Item(condition.At("equals"), i), "Listed twice.");
            }
            else
            {
                values.Add(item.Clone());
            }
        }

        return values.Count == items.Count ? new FieldCondition(name, values) : null;
    }

    /// <summary>The text of the whole form in every language it uses.</summary>
    public static IReadOnlyList<string> LanguagesOf(IEnumerable<FormPage> pages)
    {
        var languages = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            Add(page.Title);
            foreach (var field in page.Fields)
            {
                Add(field.Label);
                Add(field.Hint);
                foreach (var choice in field.Choices ?? [])
                {
                    Add(choice.Label);
                }
            }
        }

        return languages.ToList();

        void Add(LocalizedText? text)
        {
            foreach (var language in text?.Keys ?? [])
            {
                languages.Add(language);
            }
        }
    }
}
