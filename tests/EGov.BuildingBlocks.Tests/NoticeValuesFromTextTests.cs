using EGov.BuildingBlocks.Notices;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Tests;

/// <summary>Values given as text from outside (an API request), checked against a template's parameters.</summary>
public sealed class NoticeValuesFromTextTests
{
    private static NoticeTemplateContent Content()
    {
        var errors = new ValidationErrors();
        var content = NoticeTemplateRules.Validate(
            [new NoticeParameter("reference", NoticeValueType.Text), new NoticeParameter("dueDate", NoticeValueType.Date), new NoticeParameter("note", NoticeValueType.Text, Optional: true)],
            new Dictionary<string, string?> { ["en"] = "File {{reference}}", ["fr"] = "Dossier {{reference}}" },
            new Dictionary<string, string?> { ["en"] = "Due {{dueDate}}.{{#note}} {{note}}{{/note}}", ["fr"] = "Échéance {{dueDate}}.{{#note}} {{note}}{{/note}}" },
            new Dictionary<string, string?> { ["fr"] = "dd/MM/yyyy" },
            errors);
        Assert.NotNull(content);
        return content;
    }

    [Fact]
    public void Missing_blank_unknown_and_malformed_values_are_each_named()
    {
        var errors = new ValidationErrors();
        Assert.Null(Content().ReadValues(new Dictionary<string, string?> { ["reference"] = " ", ["dueDate"] = "31/12/2026", ["colour"] = "red" }, "values", errors));
        var fields = errors.ToDictionary();
        Assert.Contains("values.reference", fields.Keys);
        Assert.Contains("values.dueDate", fields.Keys);
        Assert.Contains("values.colour", fields.Keys);
        Assert.DoesNotContain("values.note", fields.Keys);
    }

    [Fact]
    public void Read_values_render_in_the_readers_language_with_its_date_format()
    {
        var errors = new ValidationErrors();
        var content = Content();
        var values = content.ReadValues(new Dictionary<string, string?> { ["reference"] = "R-1", ["dueDate"] = "2026-12-31" }, "values", errors);
        Assert.NotNull(values);
        var rendered = content.Render("deadline", "fr", values);
        Assert.Equal("Dossier R-1", rendered.Subject);
        Assert.Equal("Échéance 31/12/2026.", rendered.Body);
    }
}
