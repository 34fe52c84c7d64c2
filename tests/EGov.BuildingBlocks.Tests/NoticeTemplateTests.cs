using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Tests;

public sealed class NoticeTemplateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    private static readonly NoticeParameter[] StatusParameters =
    [
        new("reference", NoticeValueType.Text),
        new("status", NoticeValueType.Text),
        new("message", NoticeValueType.Text, Optional: true),
    ];

    private static Dictionary<string, string?> Texts(params (string Language, string? Text)[] texts) =>
        texts.ToDictionary(t => t.Language, t => t.Text);

    private static NoticeTemplateContent Valid(
        IReadOnlyList<NoticeParameter?> parameters, Dictionary<string, string?> subject, Dictionary<string, string?> body, Dictionary<string, string?>? dateFormat = null)
    {
        var errors = new ValidationErrors();
        var content = NoticeTemplateRules.Validate(parameters, subject, body, dateFormat, errors);
        Assert.True(content is not null, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return content;
    }

    private static IDictionary<string, string[]> Errors(
        IReadOnlyList<NoticeParameter?>? parameters, Dictionary<string, string?>? subject, Dictionary<string, string?>? body, Dictionary<string, string?>? dateFormat = null)
    {
        var errors = new ValidationErrors();
        Assert.Null(NoticeTemplateRules.Validate(parameters, subject, body, dateFormat, errors));
        return errors.ToDictionary();
    }

    private static NoticeTemplate StatusChanged() => NoticeTemplate.First("application-status-changed", Valid(
        StatusParameters,
        Texts(("en", "Application {{reference}}: {{status}}"), ("fr", "Demande {{reference}} : {{status}}")),
        Texts(
            ("en", "Your application {{reference}} is now: {{status}}.{{#message}} {{message}}{{/message}}"),
            ("fr", "Votre demande {{reference}} est maintenant : {{status}}.{{#message}} {{message}}{{/message}}"))), At, "seed");

    private static NoticeTemplate Submitted(Dictionary<string, string?>? dateFormat) => NoticeTemplate.First("application-submitted", Valid(
        [new NoticeParameter("reference", NoticeValueType.Text), new NoticeParameter("service", NoticeValueType.Text), new NoticeParameter("dueDate", NoticeValueType.Date)],
        Texts(("en", "Application {{reference}} received"), ("fr", "Demande {{reference}} reçue")),
        Texts(
            ("en", "Your application \"{{service}}\" is registered as {{reference}}. You will have an answer by {{dueDate}}."),
            ("fr", "Votre demande « {{service}} » a été enregistrée sous la référence {{reference}}. Réponse attendue au plus tard le {{dueDate}}.")),
        dateFormat), At, "seed");

    private static readonly LocalizedText InReview = LocalizedText.Of([new("en", "in review"), new("fr", "en cours d'examen")]);

    [Fact]
    public void Every_mistake_of_a_template_is_named_under_its_path()
    {
        var errors = Errors(
            [new NoticeParameter("reference", NoticeValueType.Text), new NoticeParameter("reference", NoticeValueType.Date), new NoticeParameter("Bad Name", NoticeValueType.Text), null, new NoticeParameter("when", (NoticeValueType)7)],
            Texts(("en", "Application {{reference}}\nsecond line"), ("fr", "Demande {{reference}}"), ("EN", "x")),
            Texts(("en", "Hello {{unknown}}"), ("de", "Hallo")),
            Texts(("fr", "dd/MM/yyyy hh:mm")));
        Assert.Contains("parameters[1].name", errors.Keys);
        Assert.Contains("parameters[2].name", errors.Keys);
        Assert.Contains("parameters[3]", errors.Keys);
        Assert.Contains("parameters[4].type", errors.Keys);
        Assert.Contains("subject.EN", errors.Keys);
        Assert.Contains("dateFormat.fr", errors.Keys);

        // With valid parameters, the texts are checked against them.
        errors = Errors(
            StatusParameters,
            Texts(("en", "Application {{reference}}\nsecond line"), ("fr", "Demande {{reference}}")),
            Texts(("en", "Hello {{unknown}}, {{message}}, {{#status}}x{{/status}}"), ("de", "Hallo {{reference}}")));
        Assert.Contains("A subject is one line.", errors["subject.en"]);
        Assert.Contains(errors["body.en"], m => m.Contains("'unknown' is not a parameter", StringComparison.Ordinal) && m.Contains("reference, status, message", StringComparison.Ordinal));
        Assert.Contains(errors["body.en"], m => m.Contains("'message' is optional", StringComparison.Ordinal));
        Assert.Contains(errors["body.en"], m => m.Contains("{{#status}}", StringComparison.Ordinal));
        Assert.Contains("body.fr", errors.Keys);
        Assert.Contains("subject.de", errors.Keys);
    }

    [Theory]
    [InlineData("Hello {{reference", "never closed")]
    [InlineData("Hello {{ reference }}", "is not a placeholder")]
    [InlineData("Hello {{}}", "is not a placeholder")]
    [InlineData("Hello {{#message}} {{message}}", "never closed")]
    [InlineData("Hello {{/message}}", "never opened")]
    [InlineData("{{#message}}{{#message}}{{message}}{{/message}}", "never closed")]
    public void A_malformed_placeholder_is_refused_with_its_reason(string body, string reason)
    {
        var errors = Errors(StatusParameters, Texts(("en", "Subject")), Texts(("en", body)));
        Assert.Contains(errors["body.en"], m => m.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Sizes_and_required_parts_are_checked()
    {
        var errors = Errors(
            Enumerable.Range(0, NoticeTemplate.MaxParameters + 1).Select(i => (NoticeParameter?)new NoticeParameter($"p{i}", NoticeValueType.Text)).ToList(),
            Texts(("en", new string('s', NoticeTemplate.MaxSubjectLength + 1))),
            null);
        Assert.Contains("parameters", errors.Keys);
        Assert.Contains("subject.en", errors.Keys);
        Assert.Contains("body", errors.Keys);

        errors = Errors([], Texts(("en", "Subject")), Texts(("en", new string('b', NoticeTemplate.MaxBodyLength + 1))));
        Assert.Contains("body.en", errors.Keys);
        Assert.Contains("subject", Errors([], null, Texts(("en", "Body"))).Keys);
        Assert.Contains("body.en", Errors([], Texts(("en", "Subject")), Texts(("en", " "))).Keys);
    }

    [Fact]
    public void Text_localized_text_and_date_values_are_shown_in_the_readers_language()
    {
        var template = Submitted(Texts(("en", "yyyy-MM-dd"), ("fr", "dd/MM/yyyy")));
        var service = LocalizedText.Of([new("en", "Residents' parking permit"), new("fr", "Carte de stationnement résident")]);
        var values = new NoticeValues { { "reference", "G2C-2026-000123" }, { "service", service }, { "dueDate", new DateOnly(2026, 12, 29) } };

        var english = template.Render("en", values);
        Assert.Equal(new RenderedNotice(
            "en",
            "Application G2C-2026-000123 received",
            "Your application \"Residents' parking permit\" is registered as G2C-2026-000123. You will have an answer by 2026-12-29."), english);

        var french = template.Render("fr", values);
        Assert.Equal(new RenderedNotice(
            "fr",
            "Demande G2C-2026-000123 reçue",
            "Votre demande « Carte de stationnement résident » a été enregistrée sous la référence G2C-2026-000123. Réponse attendue au plus tard le 29/12/2026."), french);

        // Without date formats every language shows the ISO date.
        Assert.EndsWith("au plus tard le 2026-12-29.", Submitted(null).Render("fr", values).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr-BE", "fr")]
    [InlineData("de", "en")]
    [InlineData(null, "en")]
    [InlineData("en", "en")]
    public void The_readers_language_falls_back_like_every_localized_text(string? reader, string expected)
    {
        var rendered = StatusChanged().Render(reader, new NoticeValues { { "reference", "R-1" }, { "status", InReview } });
        Assert.Equal(expected, rendered.Language);
        Assert.Equal(expected == "fr" ? "Demande R-1 : en cours d'examen" : "Application R-1: in review", rendered.Subject);
    }

    [Fact]
    public void Without_the_default_language_the_first_language_of_the_template_is_read()
    {
        var template = NoticeTemplate.First("greeting", Valid([], Texts(("nl", "Hallo"), ("de", "Guten Tag")), Texts(("nl", "Tekst"), ("de", "Text"))), At, "seed");
        var rendered = template.Render("fr", new NoticeValues());
        Assert.Equal(new RenderedNotice("de", "Guten Tag", "Text"), rendered);
    }

    [Fact]
    public void One_template_reads_well_with_and_without_its_optional_value()
    {
        var template = StatusChanged();
        Assert.Equal(
            "Your application R-1 is now: in review.",
            template.Render("en", new NoticeValues { { "reference", "R-1" }, { "status", InReview }, { "message", (string?)null } }).Body);
        Assert.Equal(
            "Your application R-1 is now: in review.",
            template.Render("en", new NoticeValues { { "reference", "R-1" }, { "status", InReview }, { "message", "  " } }).Body);
        Assert.Equal(
            "Votre demande R-1 est maintenant : en cours d'examen. Merci de joindre le certificat.",
            template.Render("fr", new NoticeValues { { "reference", "R-1" }, { "status", InReview }, { "message", "Merci de joindre le certificat." } }).Body);
    }

    [Fact]
    public void Values_are_inserted_as_they_are_and_cut_to_the_notice_limits()
    {
        var template = StatusChanged();
        var sneaky = template.Render("en", new NoticeValues { { "reference", "{{status}}" }, { "status", "approved" }, { "message", "{{#message}}x{{/message}}" } });
        Assert.Equal("Application {{status}}: approved", sneaky.Subject);
        Assert.Equal("Your application {{status}} is now: approved. {{#message}}x{{/message}}", sneaky.Body);

        var huge = template.Render("en", new NoticeValues { { "reference", new string('r', 400) }, { "status", "approved" }, { "message", new string('m', 9000) } });
        Assert.Equal(Notice.MaxSubjectLength, huge.Subject.Length);
        Assert.EndsWith("…", huge.Subject, StringComparison.Ordinal);
        Assert.Equal(Notice.MaxBodyLength, huge.Body.Length);
        Assert.EndsWith("m…", huge.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_mistyped_value_is_a_mistake_of_the_caller_and_extra_values_are_left_unused()
    {
        var template = Submitted(null);
        Assert.Throws<ArgumentException>(() => template.Render("en", new NoticeValues { { "reference", "R-1" }, { "service", "Parking" } }));
        Assert.Throws<ArgumentException>(() => template.Render("en", new NoticeValues { { "reference", "R-1" }, { "service", "Parking" }, { "dueDate", "tomorrow" } }));
        Assert.Throws<ArgumentException>(() => new NoticeValues { { "reference", "R-1" }, { "reference", "R-2" } });
        var rendered = template.Render("en", new NoticeValues { { "reference", "R-1" }, { "service", "Parking" }, { "dueDate", new DateOnly(2027, 1, 4) }, { "unused", "x" } });
        Assert.Equal("Your application \"Parking\" is registered as R-1. You will have an answer by 2027-01-04.", rendered.Body);
    }

    [Fact]
    public void A_notice_keeps_the_version_it_was_rendered_from_and_later_versions_change_only_later_notices()
    {
        var first = StatusChanged();
        var values = new NoticeValues { { "reference", "R-1" }, { "status", InReview } };
        var before = Notice.Render(PartyRef.Citizen("subject-1"), "en", first, values, new NoticeRegarding(Guid.NewGuid(), "R-1"), At);

        var second = first.Next(Valid(
            StatusParameters,
            Texts(("en", "Update on {{reference}}"), ("fr", "Du nouveau sur {{reference}}")),
            Texts(("en", "{{reference}}: {{status}}.{{#message}} {{message}}{{/message}}"), ("fr", "{{reference}} : {{status}}."))), At.AddDays(1), "admin");
        var after = Notice.Render(PartyRef.Citizen("subject-1"), "en", second, values, null, At.AddDays(1));

        Assert.Equal((2, "admin"), (second.Version, second.CreatedBy));
        Assert.Equal(first.Parameters, second.Parameters);
        Assert.Equal(("application-status-changed", 1, "en", "Application R-1: in review"), (before.TemplateKey, before.TemplateVersion, before.Language, before.Subject));
        Assert.Equal(("application-status-changed", 2, "Update on R-1", "R-1: in review."), (after.TemplateKey, after.TemplateVersion, after.Subject, after.Body));
        Assert.Equal("Your application R-1 is now: in review.", before.Body);
        Assert.Equal("Application R-1: in review", first.Render("en", values).Subject);
        Assert.Equal((PartyKind.Citizen, "subject-1", "R-1"), (before.RecipientKind, before.RecipientId, before.RegardingReference));
        Assert.Null(after.RegardingCaseId);

        // Parameters are the key's own: a version that takes others is refused.
        Assert.Throws<ArgumentException>(() => second.Next(Valid([], Texts(("en", "S")), Texts(("en", "B"))), At, "admin"));
        Assert.True(Valid(StatusParameters, Texts(("en", "Update on {{reference}}"), ("fr", "Du nouveau sur {{reference}}")),
            Texts(("en", "{{reference}}: {{status}}.{{#message}} {{message}}{{/message}}"), ("fr", "{{reference}} : {{status}}."))).SameTextsAs(second));
        Assert.False(Valid(StatusParameters, Texts(("en", "Other {{reference}}")), Texts(("en", "{{status}}"))).SameTextsAs(second));
    }

    [Fact]
    public void Marking_a_notice_read_is_idempotent()
    {
        var notice = Notice.Render(PartyRef.Business("RC-1"), "en", StatusChanged(), new NoticeValues { { "reference", "R-1" }, { "status", "approved" } }, null, At);
        Assert.True(notice.MarkRead(At.AddMinutes(1)));
        Assert.False(notice.MarkRead(At.AddMinutes(2)));
        Assert.Equal(At.AddMinutes(1), notice.ReadAt);
        Assert.Equal(PartyRef.Business("RC-1"), notice.Recipient);

        // Times are kept to the microsecond, as PostgreSQL stores them: an answer before a save reads as one after it.
        var precise = Notice.Render(PartyRef.Agency("NCR"), "en", StatusChanged(), new NoticeValues { { "reference", "R-2" }, { "status", "approved" } }, null, At.AddTicks(17));
        Assert.Equal(At.AddTicks(10), precise.CreatedAt);
        precise.MarkRead(At.AddTicks(9));
        Assert.Equal(At, precise.ReadAt);
    }

    [Theory]
    [InlineData("yyyy-MM-dd", true)]
    [InlineData("dd/MM/yyyy", true)]
    [InlineData("d.M.yy", true)]
    [InlineData("MM dd yyyy", true)]
    [InlineData("ddd dd/MM/yyyy", false)]
    [InlineData("dd/MM", false)]
    [InlineData("dd/MM/yyy", false)]
    [InlineData("dd/MM/yyyy/dd", false)]
    [InlineData("dd/MM/yyyy hh", false)]
    [InlineData("", false)]
    public void Date_formats_are_numeric_patterns_with_a_day_a_month_and_a_year(string pattern, bool valid) =>
        Assert.Equal(valid, NoticeDateFormat.IsValid(pattern));

    [Fact]
    public void Dates_show_the_same_on_every_machine()
    {
        var date = new DateOnly(2026, 3, 7);
        Assert.Equal("07/03/2026", NoticeDateFormat.Show(date, "dd/MM/yyyy"));
        Assert.Equal("2026-03-07", NoticeDateFormat.Show(date, null));
        Assert.Equal("7.3.26", NoticeDateFormat.Show(date, "d.M.yy"));
        Assert.Throws<ArgumentException>(() => NoticeDateFormat.Show(date, "dddd"));
    }

    [Fact]
    public void A_template_file_is_read_whole()
    {
        var file = NoticeTemplateFile.Parse("""
            {
              "templates": [{
                "key": "application-overdue",
                "parameters": [{ "name": "reference", "type": "Text" }, { "name": "dueDate", "type": "Date" }],
                "subject": { "en": "Application {{reference}} is overdue" },
                "body": { "en": "It passed on {{dueDate}}." },
                "dateFormat": { "en": "dd/MM/yyyy" }
              }]
            }
            """, "test");
        var (key, content) = Assert.Single(file.Templates);
        Assert.Equal("application-overdue", key);
        Assert.Equal([new NoticeParameter("reference", NoticeValueType.Text), new NoticeParameter("dueDate", NoticeValueType.Date)], content.Parameters);
        var template = NoticeTemplate.First(key, content, At, "seed");
        Assert.Equal("It passed on 04/01/2027.", template.Render("fr", new NoticeValues { { "reference", "R" }, { "dueDate", new DateOnly(2027, 1, 4) } }).Body);
    }

    [Fact]
    public void A_template_file_with_mistakes_names_every_one()
    {
        var error = Assert.Throws<InvalidOperationException>(() => NoticeTemplateFile.Parse("""
            {
              "templates": [
                { "key": "one", "parameters": [], "subject": { "en": "S" }, "body": { "en": "B {{missing}}" } },
                { "key": "one", "parameters": [], "subject": { "en": "S" }, "body": { "en": "B" } },
                { "key": "Bad Key", "parameters": [], "subject": { "en": "S" }, "body": { "en": "B" } }
              ]
            }
            """, "broken.json"));
        Assert.Contains("broken.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("templates[0].body.en", error.Message, StringComparison.Ordinal);
        Assert.Contains("templates[1].key", error.Message, StringComparison.Ordinal);
        Assert.Contains("templates[2].key", error.Message, StringComparison.Ordinal);

        Assert.Throws<InvalidOperationException>(() => NoticeTemplateFile.Parse("""{ "templates": [], "extra": 1 }""", "extra.json"));
        Assert.Throws<InvalidOperationException>(() => NoticeTemplateFile.Parse("""{ "templates": [{ "key": "k", "parameters": [{ "name": "a", "type": "Colour" }] }] }""", "type.json"));
    }

    [Fact]
    public void A_localized_text_names_the_language_it_reads()
    {
        var text = LocalizedText.Of([new("en", "Hello"), new("fr", "Bonjour")]);
        Assert.Equal("fr", text.LanguageFor("fr-CA"));
        Assert.Equal("en", text.LanguageFor("pt"));
        Assert.Null(LocalizedText.Empty.LanguageFor("en"));
    }
}
