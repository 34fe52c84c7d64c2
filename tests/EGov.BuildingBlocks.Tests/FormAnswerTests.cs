using System.Text.Json;
using EGov.BuildingBlocks.Forms;
using EGov.SharedKernel.Http;
using static EGov.BuildingBlocks.Tests.FormDefinitionTests;

namespace EGov.BuildingBlocks.Tests;

/// <summary>Checking answers against a form: each type, required-ness, conditions, drafts and submissions.</summary>
public sealed class FormAnswerTests
{
    private static readonly DateOnly Today = new(2026, 12, 18);
    private static readonly FormDefinition Form = Parse(EveryTypeJson);

    private static Dictionary<string, JsonElement> Answers(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    /// <summary>The minimum a complete submission of <see cref="Form"/> needs: name and housing (tenant, so no second page).</summary>
    private const string Minimal = """{"name": "Anna Keller", "housing": "tenant"}""";

    private static (IReadOnlyDictionary<string, JsonElement>? Accepted, IDictionary<string, string[]> Errors) Check(
        FormDefinition form, string answers, FormCheck mode = FormCheck.Complete)
    {
        var errors = new ValidationErrors();
        var accepted = form.CheckValues(Answers(answers), mode, Today, errors);
        Assert.Equal(accepted is null, errors.Any);
        return (accepted, errors.ToDictionary());
    }

    /// <summary>One field's answer on top of <see cref="Minimal"/>: null when accepted, else its messages.</summary>
    private static string[]? One(string field, string value, FormCheck mode = FormCheck.Complete)
    {
        var answers = Answers(Minimal);
        answers[field] = JsonDocument.Parse(value).RootElement.Clone();
        var errors = new ValidationErrors();
        var accepted = Form.CheckValues(answers, mode, Today, errors);
        if (accepted is not null)
        {
            Assert.True(accepted.ContainsKey(field) || field == "deed", $"{field} was not accepted");
            return null;
        }

        var all = errors.ToDictionary();
        Assert.True(all.Keys.All(k => k.StartsWith($"fields.{field}", StringComparison.Ordinal)), string.Join(", ", all.Keys));
        return all.Values.SelectMany(m => m).ToArray();
    }

    [Fact]
    public void A_complete_submission_needs_every_shown_required_field()
    {
        var (accepted, _) = Check(Form, Minimal);
        Assert.Equal(["name", "housing"], accepted!.Keys);

        var (none, errors) = Check(Form, "{}");
        Assert.Null(none);
        Assert.Equal(["fields.housing", "fields.name"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("'Name' is required.", Assert.Single(errors["fields.name"]));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"   \"")]
    [InlineData("\"\"")]
    public void Null_and_blank_are_no_answer(string value)
    {
        var (_, errors) = Check(Form, $$"""{"name": {{value}}, "housing": "tenant"}""");
        Assert.True(errors.ContainsKey("fields.name"));
        var (accepted, _) = Check(Form, $$$"""{"name": "Anna Keller", "housing": "tenant", "story": {{{value}}}, "pets": [], "home": {}}""");
        Assert.DoesNotContain("story", accepted!.Keys);
        Assert.DoesNotContain("pets", accepted.Keys);
        Assert.DoesNotContain("home", accepted.Keys);
    }

    [Fact]
    public void Answers_to_fields_the_form_does_not_have_are_refused()
    {
        var (_, errors) = Check(Form, """{"name": "Anna Keller", "housing": "tenant", "sunroof": true, "1 bad": 1}""");
        Assert.Equal("The form has no field 'sunroof'.", Assert.Single(errors["fields.sunroof"]));
        Assert.True(errors.ContainsKey("fields.1 bad"));
    }

    [Fact]
    public void More_answers_than_a_form_may_have_are_refused_at_once()
    {
        var many = "{" + string.Join(",", Enumerable.Range(0, FormLimits.MaxFields + 1).Select(i => $"\"f{i}\": 1")) + "}";
        var (_, errors) = Check(Form, many);
        Assert.Equal(["fields"], errors.Keys);
    }

    [Theory]
    [InlineData("\"Anna Keller\"", true)]
    [InlineData("42", false)]
    [InlineData("\"A\"", false)]
    [InlineData("\"Anna\\nKeller\"", false)]
    [InlineData("\"Anna Keller the 3rd\"", false)]
    public void Text_is_one_line_within_its_lengths_and_pattern(string value, bool ok) => Assert.Equal(ok, One("name", value) is null);

    [Fact]
    public void Text_without_a_stated_maximum_takes_the_default_one()
    {
        var form = Parse(OnePage("""{"name": "a", "type": "text", "label": {"en": "A"}}"""));
        Assert.NotNull(Check(form, JsonSerializer.Serialize(new { a = new string('x', FormLimits.DefaultTextLength) })).Accepted);
        Assert.Equal("At most 1000 characters.", Assert.Single(Check(form, JsonSerializer.Serialize(new { a = new string('x', FormLimits.DefaultTextLength + 1) })).Errors["fields.a"]));
    }

    [Theory]
    [InlineData("\"Line one\\nLine two\\twith a tab\"", true)]
    [InlineData("\"bell \\u0007\"", false)]
    [InlineData("true", false)]
    public void Long_text_may_hold_line_breaks_and_tabs(string value, bool ok) => Assert.Equal(ok, One("story", value) is null);

    [Fact]
    public void A_pattern_that_takes_too_long_refuses_the_answer_instead_of_hanging()
    {
        var form = Parse(OnePage("""{"name": "a", "type": "text", "label": {"en": "A"}, "pattern": "^(a+)+$"}"""));
        var (_, errors) = Check(form, JsonSerializer.Serialize(new { a = new string('a', 40) + "!" }));
        Assert.Contains("in time", Assert.Single(errors["fields.a"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3", true)]
    [InlineData("0", true)]
    [InlineData("21", false)]
    [InlineData("-1", false)]
    [InlineData("2.5", false)]
    [InlineData("\"3\"", false)]
    [InlineData("1e300", false)]
    public void Numbers_are_json_numbers_within_min_max_and_decimals(string value, bool ok) => Assert.Equal(ok, One("children", value) is null);

    [Theory]
    [InlineData("""{"amount": 1200.50, "currency": "EUR"}""", true)]
    [InlineData("""{"amount": 0, "currency": "EUR"}""", true)]
    [InlineData("""{"amount": -5, "currency": "EUR"}""", false)]
    [InlineData("""{"amount": 100001, "currency": "EUR"}""", false)]
    [InlineData("""{"amount": 1.005, "currency": "EUR"}""", false)]
    [InlineData("""{"amount": 10, "currency": "USD"}""", false)]
    [InlineData("""{"amount": "10", "currency": "EUR"}""", false)]
    [InlineData("""{"amount": 10}""", false)]
    [InlineData("""{"currency": "EUR"}""", false)]
    [InlineData("""{"amount": 10, "currency": "EUR", "rate": 1}""", false)]
    [InlineData("10", false)]
    public void Money_is_an_amount_in_the_fields_currency(string value, bool ok) => Assert.Equal(ok, One("income", value) is null);

    [Fact]
    public void A_draft_may_hold_part_of_an_amount_of_the_right_kinds()
    {
        Assert.Null(One("income", """{"amount": 10}""", FormCheck.Partial));
        Assert.Null(One("income", """{"currency": "EUR"}""", FormCheck.Partial));
        Assert.NotNull(One("income", """{"amount": "10"}""", FormCheck.Partial));
        Assert.NotNull(One("income", """{"amount": 10, "rate": 1}""", FormCheck.Partial));
        Assert.NotNull(One("income", "10", FormCheck.Partial));
    }

    [Theory]
    [InlineData("\"1990-04-02\"", true)]
    [InlineData("\"2026-12-18\"", true)]
    [InlineData("\"2026-12-19\"", false)]
    [InlineData("\"1899-12-31\"", false)]
    [InlineData("\"2026-02-30\"", false)]
    [InlineData("\"02/04/1990\"", false)]
    [InlineData("19900402", false)]
    public void Dates_are_iso_dates_within_fixed_or_relative_limits(string value, bool ok) => Assert.Equal(ok, One("born", value) is null);

    [Theory]
    [InlineData("\"tenant\"", true)]
    [InlineData("\"Tenant\"", false)]
    [InlineData("[\"tenant\"]", false)]
    public void A_choice_is_one_of_the_choice_values(string value, bool ok) => Assert.Equal(ok, One("housing", value) is null);

    [Theory]
    [InlineData("[\"cat\"]", true)]
    [InlineData("[\"cat\", \"dog\"]", true)]
    [InlineData("[\"cat\", \"dog\", \"fish\"]", false)]
    [InlineData("[\"cat\", \"cat\"]", false)]
    [InlineData("[\"cow\"]", false)]
    [InlineData("\"cat\"", false)]
    [InlineData("[1]", false)]
    public void A_multi_choice_is_distinct_choice_values_within_the_selection_limits(string value, bool ok) => Assert.Equal(ok, One("pets", value) is null);

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", true)]
    [InlineData("\"yes\"", false)]
    [InlineData("1", false)]
    public void Yes_no_is_a_boolean(string value, bool ok) => Assert.Equal(ok, One("married", value) is null);

    [Fact]
    public void False_answers_a_required_yes_no_question()
    {
        var form = Parse(OnePage("""{"name": "agree", "type": "yesNo", "label": {"en": "Agree"}, "required": true}"""));
        Assert.NotNull(Check(form, """{"agree": false}""").Accepted);
        Assert.Null(Check(form, "{}").Accepted);
    }

    [Theory]
    [InlineData("\"0b7e2f5a-8c3d-4e1f-9a6b-2c4d6e8f0a1b\"", true)]
    [InlineData("\"not-a-uuid\"", false)]
    [InlineData("42", false)]
    public void A_file_is_the_id_of_an_attachment(string value, bool ok) => Assert.Equal(ok, One("proof", value) is null);

    [Theory]
    [InlineData("""{"lines": ["Harbour Road 5"], "postalCode": "1010", "city": "Capital", "country": "BE"}""", true)]
    [InlineData("""{"lines": ["Harbour Road 5", "Flat 2"], "postalCode": "75001", "city": "Paris", "country": "FR"}""", true)]
    [InlineData("""{"lines": ["Harbour Road 5"], "postalCode": "1010", "city": "Bonn", "country": "DE"}""", false)]
    [InlineData("""{"lines": ["Harbour Road 5"], "postalCode": "1010", "city": "Capital", "country": "be"}""", false)]
    [InlineData("""{"lines": ["Harbour Road 5"], "postalCode": "AB1", "city": "Capital", "country": "BE"}""", false)]
    [InlineData("""{"lines": ["Harbour Road 5"], "city": "Capital", "country": "BE"}""", false)]
    [InlineData("""{"lines": [], "postalCode": "1010", "city": "Capital", "country": "BE"}""", false)]
    [InlineData("""{"lines": ["1", "2", "3", "4", "5"], "postalCode": "1010", "city": "Capital", "country": "BE"}""", false)]
    [InlineData("""{"lines": [" "], "postalCode": "1010", "city": "Capital", "country": "BE"}""", false)]
    [InlineData("""{"lines": ["Harbour Road 5"], "postalCode": "1010", "country": "BE"}""", false)]
    [InlineData("""{"lines": ["Harbour Road 5"], "postalCode": "1010", "city": "Capital", "country": "BE", "floor": 2}""", false)]
    [InlineData("\"Harbour Road 5, Capital\"", false)]
    public void An_address_is_lines_postal_code_city_and_country(string value, bool ok) => Assert.Equal(ok, One("home", value) is null);

    [Fact]
    public void An_address_names_each_wrong_part()
    {
        var errors = One("home", """{"lines": ["ok", 3], "postalCode": "x", "city": "Capital", "country": "ZZ"}""")!;
        Assert.Equal(3, errors.Length);
        Assert.Null(One("home", """{"city": "Capital"}""", FormCheck.Partial));
    }

    [Theory]
    [InlineData("\"85010112345\"", true)]
    [InlineData("\"8501011234\"", false)]
    [InlineData("\"85-01-01-123\"", false)]
    [InlineData("85010112345", false)]
    public void A_national_id_is_digits_of_the_fields_length(string value, bool ok) => Assert.Equal(ok, One("nationalId", value) is null);

    [Fact]
    public void A_national_id_with_a_pattern_follows_the_pattern_and_one_without_limits_is_digits()
    {
        var married = Answers("""{"name": "Anna Keller", "housing": "owner", "deed": "D-1", "married": true, "spouseId": "850101-1234"}""");
        Assert.NotNull(Form.CheckValues(married, FormCheck.Complete, Today, new ValidationErrors()));
        married["spouseId"] = JsonDocument.Parse("\"85010112345\"").RootElement.Clone();
        Assert.Null(Form.CheckValues(married, FormCheck.Complete, Today, new ValidationErrors()));

        var free = Parse(OnePage("""{"name": "id", "type": "nationalId", "label": {"en": "Id"}}"""));
        Assert.NotNull(Check(free, """{"id": "123"}""").Accepted);
        Assert.Null(Check(free, """{"id": "12a"}""").Accepted);
        Assert.Null(Check(free, JsonSerializer.Serialize(new { id = new string('1', FormLimits.MaxNationalIdLength + 1) })).Accepted);
    }

    [Theory]
    [InlineData("\"anna@example.org\"", true)]
    [InlineData("\"anna.keller+g2c@mail.example.org\"", true)]
    [InlineData("\"anna@example\"", false)]
    [InlineData("\"anna example.org\"", false)]
    [InlineData("\"anna@@example.org\"", false)]
    [InlineData("\"an na@example.org\"", false)]
    public void An_email_is_one_address(string value, bool ok) => Assert.Equal(ok, One("email", value) is null);

    [Theory]
    [InlineData("\"+32471123456\"", true)]
    [InlineData("\"+32 471 12 34 56\"", true)]
    [InlineData("\"0471123456\"", false)]
    [InlineData("\"+0471123456\"", false)]
    [InlineData("\"+3247\"", false)]
    [InlineData("\"+3247112345678901\"", false)]
    [InlineData("\"+32  471123456\"", false)]
    [InlineData("\"+32-471-123456\"", false)]
    public void A_phone_number_is_in_international_form(string value, bool ok) => Assert.Equal(ok, One("phone", value) is null);

    [Fact]
    public void A_hidden_page_is_not_required_and_its_answers_are_dropped_from_a_submission()
    {
        // Tenants do not see the property page: its required deed is not asked, a stale answer is dropped unchecked.
        var (accepted, _) = Check(Form, """{"name": "Anna Keller", "housing": "tenant", "deed": 42, "spouseId": "x"}""");
        Assert.Equal(["name", "housing"], accepted!.Keys);

        // Owners see it: the deed is required, the spouse's id only when married.
        var (_, errors) = Check(Form, """{"name": "Anna Keller", "housing": "owner"}""");
        Assert.Equal(["fields.deed"], errors.Keys);
        var (owner, _) = Check(Form, """{"name": "Anna Keller", "housing": "owner", "deed": "D-1", "married": false, "spouseId": "850101-1234"}""");
        Assert.Equal(["name", "housing", "married", "deed"], owner!.Keys);
        Assert.Contains("spouseId", Form.Shown(Answers("""{"housing": "owner", "married": true}""")));
        Assert.DoesNotContain("spouseId", Form.Shown(Answers("""{"housing": "owner", "married": false}""")));
        Assert.DoesNotContain("deed", Form.Shown(Answers("""{"housing": "tenant", "married": true}""")));
    }

    [Fact]
    public void A_draft_keeps_answers_whatever_the_conditions_and_checks_their_kinds_not_their_limits()
    {
        // Work in progress: a deed on a page not (yet) shown, a name too short, a date out of range, a choice not
        // yet one of the values: all kept. The submission checks them.
        var (accepted, _) = Check(Form, """{"deed": "D-1", "story": null, "name": "A", "born": "2099-01-01", "pets": ["cow"], "children": 2.5}""", FormCheck.Partial);
        Assert.Equal(["name", "story", "children", "born", "pets", "deed"], accepted!.Keys);
        Assert.Equal(JsonValueKind.Null, accepted["story"].ValueKind);

        // But every answer is of its type's kind, within the caps that bound any answer.
        var (_, errors) = Check(Form, $$$"""{"deed": 42, "children": "two", "married": "yes", "pets": "cat", "home": "Harbour Road 5", "sunroof": true, "story": "{{{new string('x', FormLimits.MaxTextLength + 1)}}}"}""", FormCheck.Partial);
        Assert.Equal(["fields.children", "fields.deed", "fields.home", "fields.married", "fields.pets", "fields.story", "fields.sunroof"], errors.Keys.Order(StringComparer.Ordinal));
        var (_, address) = Check(Form, """{"home": {"lines": ["a", 3], "floor": 2}}""", FormCheck.Partial);
        Assert.Equal(["fields.home.floor", "fields.home.lines"], address.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Conditions_follow_each_other_in_order_and_a_multi_choice_meets_one_with_any_selection()
    {
        var form = Parse(OnePage(
            """{"name": "pets", "type": "multiChoice", "label": {"en": "Pets"}, "choices": [{"value": "cat", "label": {"en": "Cat"}}, {"value": "dog", "label": {"en": "Dog"}}]}""",
            """{"name": "walks", "type": "yesNo", "label": {"en": "Walks"}, "required": true, "condition": {"field": "pets", "equals": ["dog"]}}""",
            """{"name": "where", "type": "text", "label": {"en": "Where"}, "required": true, "condition": {"field": "walks", "equals": [true]}}"""));

        Assert.Equal(["pets"], form.Shown(Answers("""{"pets": ["cat"], "walks": true}""")));
        Assert.Equal(["pets", "walks", "where"], form.Shown(Answers("""{"pets": ["cat", "dog"], "walks": true}""")).Order(StringComparer.Ordinal));

        // "where" depends on "walks", which is hidden for cat owners: hidden too, whatever "walks" says.
        Assert.Equal(["pets"], Check(form, """{"pets": ["cat"], "walks": true}""").Accepted!.Keys);
        Assert.Equal(["fields.where"], Check(form, """{"pets": ["dog"], "walks": true}""").Errors.Keys);
        Assert.Equal(["fields.walks"], Check(form, """{"pets": ["dog"]}""").Errors.Keys);
    }

    [Fact]
    public void Accepted_answers_are_written_in_the_forms_order()
    {
        var (accepted, _) = Check(Form, """{"housing": "tenant", "phone": "+32471123456", "name": "Anna Keller"}""");
        Assert.Equal("""{"name":"Anna Keller","housing":"tenant","phone":"\u002B32471123456"}""", Form.AnswersToJson(accepted!));
    }

    [Fact]
    public void A_form_reads_in_one_language_with_its_limits_as_applied()
    {
        var french = Form.In("fr-BE");
        Assert.Equal("Vous", french.Pages[0].Title);
        var housing = french.Pages[0].Fields.Single(f => f.Name == "housing");
        Assert.Equal(FieldType.Choice, housing.Type);
        Assert.Equal(["Propriétaire", "Tenant"], housing.Choices!.Select(c => c.Label));
        Assert.Equal("Name", Form.In("de").Pages[0].Fields[0].Label);
        var income = french.Pages[0].Fields.Single(f => f.Name == "income");
        Assert.Equal((0m, 2, "EUR"), (income.Min!.Value, income.Decimals!.Value, income.Currency!));
        Assert.Equal(1000, french.Pages[1].Fields[0].MaxLength);
        Assert.Equal("owner", french.Pages[1].Condition!.Values[0].GetString());
        var json = JsonSerializer.Serialize(french.Pages[1].Condition, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal("""{"field":"housing","equals":["owner"]}""", json);
    }
}
