using System.Text.Json;
using EGov.BuildingBlocks.Forms;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Tests;

/// <summary>Checking a form definition: every type, every limit, pages, conditions, the one set of limits.</summary>
public sealed class FormDefinitionTests
{
    /// <summary>Two pages with one field of every type; the second page is asked only of owners.</summary>
    public const string EveryTypeJson = """
        {"pages": [
          {"name": "about", "title": {"en": "About you", "fr": "Vous"}, "fields": [
            {"name": "name", "type": "text", "label": {"en": "Name", "fr": "Nom"}, "required": true, "minLength": 2, "maxLength": 50, "pattern": "^[A-Za-z ]+$"},
            {"name": "story", "type": "longText", "label": {"en": "Story"}, "hint": {"en": "Take your time"}, "maxLength": 500},
            {"name": "children", "type": "number", "label": {"en": "Children"}, "min": 0, "max": 20, "decimals": 0},
            {"name": "income", "type": "money", "label": {"en": "Income"}, "currency": "EUR", "max": 100000},
            {"name": "born", "type": "date", "label": {"en": "Born"}, "minDate": "1900-01-01", "maxDate": "today"},
            {"name": "housing", "type": "choice", "label": {"en": "Housing"}, "required": true, "choices": [
              {"value": "owner", "label": {"en": "Owner", "fr": "Propriétaire"}}, {"value": "tenant", "label": {"en": "Tenant"}}]},
            {"name": "pets", "type": "multiChoice", "label": {"en": "Pets"}, "minSelections": 1, "maxSelections": 2, "choices": [
              {"value": "cat", "label": {"en": "Cat"}}, {"value": "dog", "label": {"en": "Dog"}}, {"value": "fish", "label": {"en": "Fish"}}]},
            {"name": "married", "type": "yesNo", "label": {"en": "Married"}},
            {"name": "proof", "type": "file", "label": {"en": "Proof"}},
            {"name": "home", "type": "address", "label": {"en": "Home"}, "countries": ["BE", "FR"], "postalCodePattern": "^[0-9]{4,5}$"},
            {"name": "nationalId", "type": "nationalId", "label": {"en": "National id"}, "length": 11},
            {"name": "email", "type": "email", "label": {"en": "E-mail"}},
            {"name": "phone", "type": "phone", "label": {"en": "Phone"}}]},
          {"name": "property", "condition": {"field": "housing", "equals": ["owner"]}, "fields": [
            {"name": "deed", "type": "text", "label": {"en": "Deed number"}, "required": true},
            {"name": "spouseId", "type": "nationalId", "label": {"en": "Spouse's id"}, "pattern": "^[0-9]{6}-[0-9]{4}$",
             "condition": {"field": "married", "equals": [true]}}]}]}
        """;

    public static FormDefinition Parse(string json)
    {
        var errors = new ValidationErrors();
        using var document = JsonDocument.Parse(json);
        var form = FormDefinition.Validate(document.RootElement, "form", errors);
        Assert.True(form is not null, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        return form;
    }

    /// <summary>The errors of an invalid definition (asserting it is refused).</summary>
    public static IDictionary<string, string[]> Refuse(string json)
    {
        var errors = new ValidationErrors();
        using var document = JsonDocument.Parse(json);
        Assert.Null(FormDefinition.Validate(document.RootElement, "form", errors));
        Assert.True(errors.Any);
        return errors.ToDictionary();
    }

    /// <summary>A one-page form around the given fields (JSON array items).</summary>
    public static string OnePage(params string[] fields) => $$$"""{"pages": [{"name": "main", "fields": [{{{string.Join(",", fields)}}}]}]}""";

    [Fact]
    public void A_form_with_every_type_is_read_with_its_pages_limits_and_languages()
    {
        var form = Parse(EveryTypeJson);
        Assert.Equal(["about", "property"], form.Pages.Select(p => p.Name));
        Assert.Equal(15, form.Fields.Count);
        Assert.Equal(FieldTypes.All.ToHashSet(), form.Fields.Select(f => f.Type).ToHashSet());
        Assert.Equal(["en", "fr"], form.Languages);

        var name = form.Find("name")!;
        Assert.Equal((2, 50, "^[A-Za-z ]+$"), (name.MinLength!.Value, name.MaxLength!.Value, name.Pattern!));
        Assert.True(name.Required);
        Assert.Equal("Nom", name.Label.In("fr"));
        Assert.Equal(1000, form.Find("deed")!.EffectiveMaxLength);
        Assert.Equal((0m, 2), (form.Find("income")!.EffectiveMin!.Value, form.Find("income")!.EffectiveDecimals!.Value));
        Assert.Equal("today", form.Find("born")!.MaxDate!.ToString());
        Assert.Equal("housing", form.Pages[1].Condition!.Field);
        Assert.Same(form.Pages[1], form.PageOf(form.Find("spouseId")!));
        Assert.Null(form.Find("nothing"));
    }

    [Fact]
    public void A_definition_round_trips_through_its_canonical_json()
    {
        var form = Parse(EveryTypeJson);
        var again = FormDefinition.FromJson(form.ToJson());
        Assert.Equal(form, again);
        Assert.Equal(form.ToJson(), again.ToJson());
        Assert.Equal(form.GetHashCode(), again.GetHashCode());
        Assert.Contains("\"type\":\"multiChoice\"", form.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"minLength\"", JsonSerializer.Serialize(form.ToJsonElement().GetProperty("pages")[0].GetProperty("fields")[2]), StringComparison.Ordinal);
        Assert.NotEqual(form, Parse(OnePage("""{"name": "a", "type": "text", "label": {"en": "A"}}""")));
    }

    [Fact]
    public void Names_are_unique_in_the_whole_form_and_types_are_known()
    {
        var errors = Refuse("""
            {"pages": [
              {"name": "one", "fields": [{"name": "a", "type": "text", "label": {"en": "A"}}, {"name": "1b", "type": "text", "label": {"en": "B"}}]},
              {"name": "one", "fields": [{"name": "a", "type": "colour", "label": {"en": "A again"}}, {"name": "c", "label": {"en": "C"}}, {"name": "d", "type": "text"}]}]}
            """);
        Assert.Contains("letter", Assert.Single(errors["form.pages[0].fields[1].name"]), StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Single(errors["form.pages[1].name"]), StringComparison.Ordinal);
        Assert.Contains("unique", Assert.Single(errors["form.pages[1].fields[0].name"]), StringComparison.Ordinal);
        Assert.Contains("multiChoice", Assert.Single(errors["form.pages[1].fields[0].type"]), StringComparison.Ordinal);
        Assert.True(errors.ContainsKey("form.pages[1].fields[1].type"));
        Assert.True(errors.ContainsKey("form.pages[1].fields[2].label"));
    }

    [Theory]
    [InlineData("""{"name": "a", "type": "number", "label": {"en": "A"}, "pattern": "^x$"}""", "pattern")]
    [InlineData("""{"name": "a", "type": "text", "label": {"en": "A"}, "min": 1}""", "min")]
    [InlineData("""{"name": "a", "type": "yesNo", "label": {"en": "A"}, "choices": [{"value": "x", "label": {"en": "X"}}]}""", "choices")]
    [InlineData("""{"name": "a", "type": "longText", "label": {"en": "A"}, "pattern": "^x$"}""", "pattern")]
    [InlineData("""{"name": "a", "type": "choice", "label": {"en": "A"}, "maxSelections": 1, "choices": [{"value": "x", "label": {"en": "X"}}]}""", "maxSelections")]
    [InlineData("""{"name": "a", "type": "date", "label": {"en": "A"}, "max": 3}""", "max")]
    [InlineData("""{"name": "a", "type": "email", "label": {"en": "A"}, "minLength": 3}""", "minLength")]
    [InlineData("""{"name": "a", "type": "phone", "label": {"en": "A"}, "length": 9}""", "length")]
    public void A_limit_that_does_not_apply_to_the_type_is_refused(string field, string limit)
    {
        var errors = Refuse(OnePage(field));
        Assert.Contains("does not apply", Assert.Single(errors[$"form.pages[0].fields[0].{limit}"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name": "a", "type": "number", "label": {"en": "A"}, "min": 5, "max": 1}""", "max")]
    [InlineData("""{"name": "a", "type": "text", "label": {"en": "A"}, "minLength": 9, "maxLength": 3}""", "maxLength")]
    [InlineData("""{"name": "a", "type": "text", "label": {"en": "A"}, "minLength": 5000}""", "minLength")]
    [InlineData("""{"name": "a", "type": "text", "label": {"en": "A"}, "maxLength": 10001}""", "maxLength")]
    [InlineData("""{"name": "a", "type": "date", "label": {"en": "A"}, "minDate": "2026-06-01", "maxDate": "2026-01-01"}""", "maxDate")]
    [InlineData("""{"name": "a", "type": "date", "label": {"en": "A"}, "minDate": "today+5", "maxDate": "today"}""", "maxDate")]
    [InlineData("""{"name": "a", "type": "date", "label": {"en": "A"}, "minDate": "2026-02-30"}""", "minDate")]
    [InlineData("""{"name": "a", "type": "date", "label": {"en": "A"}, "maxDate": "tomorrow"}""", "maxDate")]
    [InlineData("""{"name": "a", "type": "number", "label": {"en": "A"}, "decimals": 0, "min": 0.5}""", "min")]
    [InlineData("""{"name": "a", "type": "money", "label": {"en": "A"}, "currency": "EUR", "max": 1.005}""", "max")]
    [InlineData("""{"name": "a", "type": "money", "label": {"en": "A"}, "currency": "EUR", "max": -1}""", "max")]
    [InlineData("""{"name": "a", "type": "money", "label": {"en": "A"}, "currency": "euro"}""", "currency")]
    [InlineData("""{"name": "a", "type": "money", "label": {"en": "A"}}""", "currency")]
    [InlineData("""{"name": "a", "type": "choice", "label": {"en": "A"}}""", "choices")]
    [InlineData("""{"name": "a", "type": "choice", "label": {"en": "A"}, "choices": []}""", "choices")]
    [InlineData("""{"name": "a", "type": "multiChoice", "label": {"en": "A"}, "minSelections": 2, "maxSelections": 1, "choices": [{"value": "x", "label": {"en": "X"}}, {"value": "y", "label": {"en": "Y"}}]}""", "maxSelections")]
    [InlineData("""{"name": "a", "type": "multiChoice", "label": {"en": "A"}, "maxSelections": 3, "choices": [{"value": "x", "label": {"en": "X"}}]}""", "maxSelections")]
    [InlineData("""{"name": "a", "type": "nationalId", "label": {"en": "A"}, "length": 11, "pattern": "^[0-9]+$"}""", "pattern")]
    [InlineData("""{"name": "a", "type": "nationalId", "label": {"en": "A"}, "length": 31}""", "length")]
    [InlineData("""{"name": "a", "type": "address", "label": {"en": "A"}, "countries": ["be"]}""", "countries[0]")]
    [InlineData("""{"name": "a", "type": "address", "label": {"en": "A"}, "countries": ["BE", "BE"]}""", "countries[1]")]
    [InlineData("""{"name": "a", "type": "email", "label": {"en": "A"}, "maxLength": 300}""", "maxLength")]
    [InlineData("""{"name": "a", "type": "text", "label": {"en": "A"}, "required": "yes"}""", "required")]
    public void Limits_agree_with_each_other_and_with_the_type(string field, string member)
    {
        var errors = Refuse(OnePage(field));
        Assert.True(errors.ContainsKey($"form.pages[0].fields[0].{member}"), string.Join(", ", errors.Keys));
    }

    [Fact]
    public void Choices_have_distinct_values_and_labels()
    {
        var errors = Refuse(OnePage("""
            {"name": "a", "type": "choice", "label": {"en": "A"}, "choices": [
              {"value": "x", "label": {"en": "X"}}, {"value": "x", "label": {"en": "X again"}}, {"value": " ", "label": {"en": "Blank"}}, {"value": "y"}]}
            """));
        Assert.Contains("twice", Assert.Single(errors["form.pages[0].fields[0].choices[1].value"]), StringComparison.Ordinal);
        Assert.True(errors.ContainsKey("form.pages[0].fields[0].choices[2].value"));
        Assert.True(errors.ContainsKey("form.pages[0].fields[0].choices[3].label"));
    }

    [Theory]
    [InlineData("([")]
    [InlineData("a{2,1}")]
    public void Patterns_must_compile(string pattern)
    {
        var field = JsonSerializer.Serialize(new { name = "a", type = "text", label = new { en = "A" }, pattern });
        var errors = Refuse(OnePage(field));
        Assert.Contains("regular expression", Assert.Single(errors["form.pages[0].fields[0].pattern"]), StringComparison.Ordinal);

        var postal = JsonSerializer.Serialize(new { name = "a", type = "address", label = new { en = "A" }, postalCodePattern = pattern });
        Assert.True(Refuse(OnePage(postal)).ContainsKey("form.pages[0].fields[0].postalCodePattern"));

        var tooLong = JsonSerializer.Serialize(new { name = "a", type = "text", label = new { en = "A" }, pattern = new string('a', FormLimits.MaxPatternLength + 1) });
        Assert.True(Refuse(OnePage(tooLong)).ContainsKey("form.pages[0].fields[0].pattern"));
    }

    [Fact]
    public void Conditions_test_an_earlier_choice_multi_choice_or_yes_no_answer_with_values_it_can_have()
    {
        const string Choice = """{"name": "kind", "type": "choice", "label": {"en": "Kind"}, "choices": [{"value": "a", "label": {"en": "A"}}, {"value": "b", "label": {"en": "B"}}]}""";
        const string YesNo = """{"name": "ok", "type": "yesNo", "label": {"en": "OK"}}""";
        const string Text = """{"name": "note", "type": "text", "label": {"en": "Note"}}""";

        Parse(OnePage(Choice, YesNo, """{"name": "x", "type": "text", "label": {"en": "X"}, "condition": {"field": "kind", "equals": ["a", "b"]}}""",
            """{"name": "y", "type": "text", "label": {"en": "Y"}, "condition": {"field": "ok", "equals": [false]}}"""));

        Dictionary<string, string> cases = new()
        {
            ["""{"name": "x", "type": "text", "label": {"en": "X"}, "condition": {"field": "later", "equals": ["a"]}}""" + "," + """{"name": "later", "type": "yesNo", "label": {"en": "L"}}"""] = "condition.field",
            ["""{"name": "x", "type": "yesNo", "label": {"en": "X"}, "condition": {"field": "x", "equals": [true]}}"""] = "condition.field",
            [Text + "," + """{"name": "x", "type": "text", "label": {"en": "X"}, "condition": {"field": "note", "equals": ["hello"]}}"""] = "condition.field",
            [Choice + "," + """{"name": "x", "type": "text", "label": {"en": "X"}, "condition": {"field": "kind", "equals": ["c"]}}"""] = "condition.equals[0]",
            [YesNo + "," + """{"name": "x", "type": "text", "label": {"en": "X"}, "condition": {"field": "ok", "equals": ["true"]}}"""] = "condition.equals[0]",
            [Choice + "," + """{"name": "x", "type": "text", "label": {"en": "X"}, "condition": {"field": "kind", "equals": ["a", "a"]}}"""] = "condition.equals[1]",
            [Choice + "," + """{"name": "x", "type": "text", "label": {"en": "X"}, "condition": {"field": "kind", "equals": []}}"""] = "condition.equals",
            [Choice + "," + """{"name": "x", "type": "text", "label": {"en": "X"}, "condition": {"field": "kind", "equals": ["a"], "or": ["b"]}}"""] = "condition.or",
        };
        foreach (var (fields, member) in cases)
        {
            var errors = Refuse(OnePage(fields));
            Assert.True(errors.Keys.Any(k => k.EndsWith(member, StringComparison.Ordinal)), $"{fields}: {string.Join(", ", errors.Keys)}");
        }
    }

    [Fact]
    public void A_page_condition_tests_a_field_of_an_earlier_page()
    {
        const string Ok = """{"name": "ok", "type": "yesNo", "label": {"en": "OK"}}""";
        Parse($$$"""{"pages": [{"name": "p1", "fields": [{{{Ok}}}]}, {"name": "p2", "condition": {"field": "ok", "equals": [true]}, "fields": [{"name": "x", "type": "text", "label": {"en": "X"}}]}]}""");

        var errors = Refuse($$$"""{"pages": [{"name": "p1", "condition": {"field": "ok", "equals": [true]}, "fields": [{{{Ok}}}]}]}""");
        Assert.True(errors.ContainsKey("form.pages[0].condition.field"));
    }

    [Fact]
    public void The_one_set_of_limits_bounds_pages_fields_and_texts()
    {
        var field = (int i) => $$$"""{"name": "f{{{i}}}", "type": "yesNo", "label": {"en": "F"}}""";
        Parse(OnePage(Enumerable.Range(0, FormLimits.MaxFields).Select(field).ToArray()));
        Assert.Contains("at most", Assert.Single(Refuse(OnePage(Enumerable.Range(0, FormLimits.MaxFields + 1).Select(field).ToArray()))["form.pages"]), StringComparison.Ordinal);

        var pages = string.Join(",", Enumerable.Range(0, FormLimits.MaxPages + 1).Select(i => $$$"""{"name": "p{{{i}}}", "fields": [{{{field(i)}}}]}"""));
        Assert.True(Refuse($$$"""{"pages": [{{{pages}}}]}""").ContainsKey("form.pages"));

        var longLabel = JsonSerializer.Serialize(new { name = "a", type = "text", label = new { en = new string('x', FormLimits.MaxLabelLength + 1) } });
        Assert.True(Refuse(OnePage(longLabel)).ContainsKey("form.pages[0].fields[0].label.en"));
        var badLanguage = JsonSerializer.Serialize(new { name = "a", type = "text", label = new Dictionary<string, string> { ["EN"] = "A" } });
        Assert.True(Refuse(OnePage(badLanguage)).ContainsKey("form.pages[0].fields[0].label.EN"));
        var longName = JsonSerializer.Serialize(new { name = "a" + new string('b', 64), type = "text", label = new { en = "A" } });
        Assert.True(Refuse(OnePage(longName)).ContainsKey("form.pages[0].fields[0].name"));
    }

    [Fact]
    public void The_shape_is_strict_members_unknown_twice_or_of_the_wrong_kind_are_named()
    {
        Assert.True(Refuse("[]").ContainsKey("form"));
        Assert.True(Refuse("""{"pages": []}""").ContainsKey("form.pages"));
        Assert.True(Refuse("""{"fields": []}""").ContainsKey("form.fields"));
        Assert.True(Refuse("""{"pages": [{"name": "p", "fields": [42]}]}""").ContainsKey("form.pages[0].fields[0]"));
        var errors = Refuse(OnePage("""{"name": "a", "type": "text", "label": {"en": "A"}, "requried": true, "label": {"en": "B"}}"""));
        Assert.Contains("Unknown", Assert.Single(errors["form.pages[0].fields[0].requried"]), StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Single(errors["form.pages[0].fields[0].label"]), StringComparison.Ordinal);
        Assert.True(Refuse(OnePage("""{"name": "a", "type": "text", "label": {"en": 3}}""")).ContainsKey("form.pages[0].fields[0].label.en"));
    }

    [Fact]
    public void A_stored_definition_that_is_not_valid_is_a_format_error_naming_it()
    {
        var ex = Assert.Throws<FormatException>(() => FormDefinition.FromJson(OnePage("""{"name": "a", "type": "colour", "label": {"en": "A"}}""")));
        Assert.Contains("form.pages[0].fields[0].type", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-01", "2026-03-01")]
    [InlineData("today", "2026-12-18")]
    [InlineData("today+30", "2027-01-17")]
    [InlineData("today-36500", "1927-01-12")]
    public void Date_limits_are_fixed_or_counted_from_the_day_of_the_check(string text, string expected)
    {
        Assert.True(DateBound.TryParse(text, out var bound));
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), bound!.On(new DateOnly(2026, 12, 18)));
        Assert.Equal(text, bound.ToString());
    }

    [Theory]
    [InlineData("today+1000000")]
    [InlineData("2026-13-01")]
    [InlineData("yesterday")]
    [InlineData(null)]
    public void Date_limits_that_are_not_dates_are_refused(string? text) => Assert.False(DateBound.TryParse(text, out _));

    [Fact]
    public void Every_type_has_a_json_name_and_its_own_limits()
    {
        foreach (var type in FieldTypes.All)
        {
            Assert.True(FieldTypes.TryParse(FieldTypes.NameOf(type), out var parsed));
            Assert.Equal(type, parsed);
            Assert.Equal($"\"{FieldTypes.NameOf(type)}\"", JsonSerializer.Serialize(type, new JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }));
        }

        Assert.False(FieldTypes.TryParse("Text", out _));
        Assert.Empty(FieldTypes.LimitsOf(FieldType.YesNo));
        Assert.Contains(FieldMembers.Currency, FieldTypes.LimitsOf(FieldType.Money));
        Assert.True(FieldTypes.CanBranchOn(FieldType.MultiChoice));
        Assert.False(FieldTypes.CanBranchOn(FieldType.Text));
    }
}
