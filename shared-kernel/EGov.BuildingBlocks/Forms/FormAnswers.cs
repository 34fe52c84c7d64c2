using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Json;
using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Forms;

/// <summary>Checks answers against a form: which fields are shown, which are required, and each value by its type.</summary>
internal static class FormAnswers
{
    private static readonly string[] MoneyMembers = ["amount", "currency"];
    private static readonly string[] AddressMembers = ["lines", "postalCode", "city", "country"];

    public static IReadOnlyDictionary<string, JsonElement>? Check(
        FormDefinition form, IReadOnlyDictionary<string, JsonElement> values, FormCheck mode, DateOnly today, ValidationErrors errors, string path)
    {
        var before = errors.Count;
        if (values.Count > FormLimits.MaxFields)
        {
            errors.Add(path, $"At most {FormLimits.MaxFields} answers.");
            return null;
        }

        foreach (var name in values.Keys.Where(n => form.Find(n) is null))
        {
            errors.Add(JsonObjectReader.At(path, name), $"The form has no field '{name}'.");
        }

        var shown = Shown(form, values);
        var accepted = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var field in form.Fields)
        {
            var at = JsonObjectReader.At(path, field.Name);
            var given = values.TryGetValue(field.Name, out var value);
            if (!given || IsEmpty(value))
            {
                if (mode == FormCheck.Complete && field.Required && shown.Contains(field.Name))
                {
                    errors.Add(at, $"'{field.Label.In(Languages.Default)}' is required.");
                }
                else if (given && mode == FormCheck.Partial)
                {
                    accepted[field.Name] = value;
                }

                continue;
            }

            // A submission keeps only what the citizen was asked: answers of hidden fields are dropped unchecked
            // (a draft may hold them from before an earlier answer changed).
            if (mode == FormCheck.Complete && !shown.Contains(field.Name))
            {
                continue;
            }

            var ok = mode == FormCheck.Complete ? CheckValue(field, value, today, at, errors) : CheckShape(field, value, at, errors);
            if (ok)
            {
                accepted[field.Name] = value;
            }
        }

        return errors.Count == before ? accepted : null;
    }

    /// <summary>Fields shown for these answers: a page or field is shown when its condition's field is shown and answered with one of its values.</summary>
    public static IReadOnlySet<string> Shown(FormDefinition form, IReadOnlyDictionary<string, JsonElement> values)
    {
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in form.Pages)
        {
            if (!Holds(page.Condition, values, shown))
            {
                continue;
            }

            foreach (var field in page.Fields.Where(f => Holds(f.Condition, values, shown)))
            {
                shown.Add(field.Name);
            }
        }

        return shown;
    }

    private static bool Holds(FieldCondition? condition, IReadOnlyDictionary<string, JsonElement> values, HashSet<string> shown) =>
        condition is null
        || (shown.Contains(condition.Field) && values.TryGetValue(condition.Field, out var answer) && !IsEmpty(answer) && condition.IsMetBy(answer));

    public static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()),
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.Object => !value.EnumerateObject().Any(),
        _ => false,
    };

    /// <summary>
    /// A draft's answer: of the JSON kind its type takes (text, number, true/false, a list of values, an object with
    /// the type's members) and within the caps that bound any answer; the field's own limits wait for the submission.
    /// </summary>
    private static bool CheckShape(FormField field, JsonElement value, string at, ValidationErrors errors)
    {
        var message = field.Type switch
        {
            FieldType.Number => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _) ? null : "Must be a number.",
            FieldType.YesNo => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "Must be true or false.",
            FieldType.MultiChoice => value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= FormLimits.MaxChoices
                && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String && v.GetString()!.Length <= FormLimits.MaxChoiceValueLength)
                ? null
                : "Must be a list of choice values.",
            FieldType.Money or FieldType.Address => null,
            _ => value.ValueKind == JsonValueKind.String
                ? value.GetString()!.Length <= FormLimits.MaxTextLength ? null : $"At most {FormLimits.MaxTextLength} characters."
                : "Must be text.",
        };
        if (message is not null)
        {
            errors.Add(at, message);
            return false;
        }

        var before = errors.Count;
        if (field.Type == FieldType.Money && JsonObjectReader.Open(value, at, errors, MoneyMembers) is { } money)
        {
            if (money.Get("amount") is { } amount && (amount.ValueKind != JsonValueKind.Number || !amount.TryGetDecimal(out _)))
            {
                errors.Add(money.At("amount"), "Must be a number.");
            }

            money.GetString("currency", required: false, 3);
        }

        if (field.Type == FieldType.Address && JsonObjectReader.Open(value, at, errors, AddressMembers) is { } address)
        {
            if (address.GetArray("lines", required: false, 0, FormLimits.MaxAddressLines) is { } lines
                && lines.Any(l => l.ValueKind != JsonValueKind.String || l.GetString()!.Length > FormLimits.MaxAddressLineLength))
            {
                errors.Add(address.At("lines"), $"Lines of text, {FormLimits.MaxAddressLineLength} characters at most.");
            }

            address.GetString("postalCode", required: false, FormLimits.MaxPostalCodeLength);
            address.GetString("city", required: false, FormLimits.MaxCityLength);
            address.GetString("country", required: false, 2);
        }

        return errors.Count == before;
    }

    private static bool CheckValue(FormField field, JsonElement value, DateOnly today, string at, ValidationErrors errors)
    {
        const FormCheck mode = FormCheck.Complete;
        var message = field.Type switch
        {
            FieldType.Text => Text(field, value, multiline: false),
            FieldType.LongText => Text(field, value, multiline: true),
            FieldType.Number => Number(field, value),
            FieldType.Money => null,
            FieldType.Date => Date(field, value, today),
            FieldType.Choice => value.ValueKind == JsonValueKind.String && field.Choice(value.GetString()!) is not null
                ? null
                : $"Must be one of: {string.Join(", ", field.Choices!.Select(c => c.Value))}.",
            FieldType.MultiChoice => MultiChoice(field, value),
            FieldType.YesNo => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "Must be true or false.",
            FieldType.File => value.ValueKind == JsonValueKind.String && Guid.TryParseExact(value.GetString(), "D", out _)
                ? null
                : "Must be the id of an uploaded attachment (a UUID).",
            FieldType.Address => null,
            FieldType.NationalId => NationalId(field, value),
            FieldType.Email => Email(field, value),
            FieldType.Phone => value.ValueKind == JsonValueKind.String && FormLimits.Phone().IsMatch(value.GetString()!)
                ? null
                : "Must be a telephone number in international form: '+', country code and number, 8 to 15 digits (spaces allowed between digits).",
            _ => "The form defines this field with an unknown type.",
        };

        if (message is not null)
        {
            errors.Add(at, message);
            return false;
        }

        return field.Type switch
        {
            FieldType.Money => Money(field, value, mode, at, errors),
            FieldType.Address => Address(field, value, mode, at, errors),
            _ => true,
        };
    }

    private static string? Text(FormField field, JsonElement value, bool multiline)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return "Must be text.";
        }

        var text = value.GetString()!;
        if (text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            return multiline ? "Must not hold control characters other than line breaks and tabs." : "Must be one line of text, without control characters.";
        }

        if (text.Length > field.EffectiveMaxLength)
        {
            return $"At most {field.EffectiveMaxLength} characters.";
        }

        if (field.MinLength is { } min && text.Length < min)
        {
            return $"At least {min} characters.";
        }

        return Matches(field.PatternRegex, text) switch
        {
            false => "Does not have the expected format.",
            null => "Could not be checked against the expected format in time; shorten it.",
            _ => null,
        };
    }

    private static string? Number(FormField field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || Math.Abs(number) > FormLimits.MaxNumber)
        {
            return "Must be a number.";
        }

        return Range(number, field.Min, field.Max, field.Decimals);
    }

    private static string? Range(decimal number, decimal? min, decimal? max, int? decimals)
    {
        if (min is { } least && number < least)
        {
            return $"At least {least.ToString(CultureInfo.InvariantCulture)}.";
        }

        if (max is { } most && number > most)
        {
            return $"At most {most.ToString(CultureInfo.InvariantCulture)}.";
        }

        return decimals is { } places && decimal.Round(number, places) != number
            ? places == 0 ? "Must be a whole number." : $"At most {places} decimals."
            : null;
    }

    private static bool Money(FormField field, JsonElement value, FormCheck mode, string at, ValidationErrors errors)
    {
        var before = errors.Count;
        if (JsonObjectReader.Open(value, at, errors, MoneyMembers) is not { } money)
        {
            return false;
        }

        var complete = mode == FormCheck.Complete;
        var currency = money.GetString("currency", complete, 3, FormLimits.Currency(), "an ISO 4217 currency code");
        if (currency is not null && currency != field.Currency)
        {
            errors.Add(money.At("currency"), $"Amounts of this field are in {field.Currency}.");
        }

        if (money.Get("amount") is { } amount)
        {
            if (amount.ValueKind != JsonValueKind.Number || !amount.TryGetDecimal(out var number) || Math.Abs(number) > FormLimits.MaxNumber)
            {
                errors.Add(money.At("amount"), "Must be a number.");
            }
            else if (Range(number, field.EffectiveMin, field.Max, field.EffectiveDecimals) is { } message)
            {
                errors.Add(money.At("amount"), message);
            }
        }
        else if (complete)
        {
            errors.Add(money.At("amount"), "'amount' is required.");
        }

        return errors.Count == before;
    }

    private static string? Date(FormField field, JsonElement value, DateOnly today)
    {
        if (value.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return "Must be a date (YYYY-MM-DD).";
        }

        if (field.MinDate?.On(today) is { } min && date < min)
        {
            return $"Must be on or after {min.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.";
        }

        return field.MaxDate?.On(today) is { } max && date > max
            ? $"Must be on or before {max.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}."
            : null;
    }

    private static string? MultiChoice(FormField field, JsonElement value)
    {
        var rule = $"Must be a list of distinct values among: {string.Join(", ", field.Choices!.Select(c => c.Value))}.";
        if (value.ValueKind != JsonValueKind.Array)
        {
            return rule;
        }

        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || field.Choice(item.GetString()!) is null || !selected.Add(item.GetString()!))
            {
                return rule;
            }
        }

        if (field.MinSelections is { } min && selected.Count < min)
        {
            return $"Select at least {min}.";
        }

        return field.MaxSelections is { } max && selected.Count > max ? $"Select at most {max}." : null;
    }

    private static bool Address(FormField field, JsonElement value, FormCheck mode, string at, ValidationErrors errors)
    {
        var before = errors.Count;
        if (JsonObjectReader.Open(value, at, errors, AddressMembers) is not { } address)
        {
            return false;
        }

        var complete = mode == FormCheck.Complete;
        if (address.GetArray("lines", complete, 1, FormLimits.MaxAddressLines) is { } lines)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(lines[i].GetString())
                    || lines[i].GetString()!.Length > FormLimits.MaxAddressLineLength || lines[i].GetString()!.Any(char.IsControl))
                {
                    errors.Add(JsonObjectReader.Item(address.At("lines"), i), $"An address line is one line of 1 to {FormLimits.MaxAddressLineLength} characters.");
                }
            }
        }

        var postalCode = address.GetString("postalCode", complete && field.PostalCodeRegex is not null, FormLimits.MaxPostalCodeLength);
        if (postalCode is not null && Matches(field.PostalCodeRegex, postalCode) != true)
        {
            errors.Add(address.At("postalCode"), "Does not have the expected format.");
        }

        var city = address.GetString("city", complete, FormLimits.MaxCityLength);
        if (city is not null && city.Any(char.IsControl))
        {
            errors.Add(address.At("city"), "Must be one line of text.");
        }

        var country = address.GetString("country", complete, 2, FormLimits.Country(), "an ISO 3166-1 alpha-2 country code such as BE");
        if (country is not null && field.Countries is { } countries && !countries.Contains(country, StringComparer.Ordinal))
        {
            errors.Add(address.At("country"), $"Must be one of: {string.Join(", ", countries)}.");
        }

        return errors.Count == before;
    }

    private static string? NationalId(FormField field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return "Must be text.";
        }

        var id = value.GetString()!;
        if (field.PatternRegex is not null)
        {
            return id.Length > FormLimits.MaxNationalIdLength || Matches(field.PatternRegex, id) != true ? "Does not have the expected format." : null;
        }

        if (!FormLimits.Digits().IsMatch(id))
        {
            return "Must be digits only.";
        }

        return field.Length is { } length
            ? id.Length == length ? null : $"Must be {length} digits."
            : id.Length <= FormLimits.MaxNationalIdLength ? null : $"At most {FormLimits.MaxNationalIdLength} digits.";
    }

    private static string? Email(FormField field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return "Must be an e-mail address.";
        }

        var email = value.GetString()!;
        if (email.Length > field.EffectiveMaxLength)
        {
            return $"At most {field.EffectiveMaxLength} characters.";
        }

        return FormLimits.Email().IsMatch(email) ? null : "Must be an e-mail address (name@example.org).";
    }

    /// <summary>True or false; null when the pattern took too long on this value.</summary>
    private static bool? Matches(Regex? pattern, string text)
    {
        if (pattern is null)
        {
            return true;
        }

        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
