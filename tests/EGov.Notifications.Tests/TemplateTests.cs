using System.Net;
using System.Net.Http.Json;
using EGov.Testing;
using static EGov.Notifications.Tests.Notify;

namespace EGov.Notifications.Tests;

public sealed class TemplateTests(NotifyFixture fixture)
{
    private PlatformFactory Platform => fixture.Platform;

    private static object Template(string body, string subject = "Notice {{reference}}") => new
    {
        parameters = new object[] { new { name = "reference", type = "Text" }, new { name = "note", type = "Text", optional = true } },
        subject = new Dictionary<string, string> { ["en"] = subject, ["fr"] = "Avis {{reference}}" },
        body = new Dictionary<string, string> { ["en"] = body, ["fr"] = "Votre dossier {{reference}}.{{#note}} {{note}}{{/note}}" },
    };

    [Fact]
    public async Task A_template_with_an_undeclared_placeholder_is_refused_with_the_field_and_nothing_is_saved()
    {
        using var ines = await Platform.ClientForAsync("designer.ines");
        var before = await CountAsync(Platform, "SELECT count(*) FROM notify.templates");
        using var response = await ines.PutAsJsonAsync("/api/notify/templates/NCR/Email/bad-placeholder", Template("Your file {{reference}} for {{citizenName}}."), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.Contains("citizenName", problem.GetProperty("errors").GetProperty("body.en")[0].GetString(), StringComparison.Ordinal);

        using var unclosed = await ines.PutAsJsonAsync("/api/notify/templates/NCR/Email/bad-placeholder", Template("Your file {{reference}.", "Notice"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unclosed.StatusCode);
        using var badChannel = await ines.PutAsJsonAsync("/api/notify/templates/NCR/Pigeon/bad-placeholder", Template("Your file {{reference}}."), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badChannel.StatusCode);
        Assert.True((await JsonAsync(badChannel)).GetProperty("errors").TryGetProperty("channel", out _));
        Assert.Equal(before, await CountAsync(Platform, "SELECT count(*) FROM notify.templates"));
    }

    [Fact]
    public async Task Saving_makes_versions_and_the_preview_renders_or_refuses_a_missing_value()
    {
        using var ines = await Platform.ClientForAsync("designer.ines");
        var url = $"/api/notify/templates/NCR/Email/file-notice-{Guid.NewGuid():N}";
        using var first = await ines.PutAsJsonAsync(url, Template("Your file {{reference}}.{{#note}} {{note}}{{/note}}"), Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(1, (await JsonAsync(first)).GetProperty("version").GetInt32());
        using var same = await ines.PutAsJsonAsync(url, Template("Your file {{reference}}.{{#note}} {{note}}{{/note}}"), Ct);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        using var second = await ines.PutAsJsonAsync(url, Template("File {{reference}} changed.{{#note}} {{note}}{{/note}}"), Ct);
        Assert.Equal(2, (await JsonAsync(second)).GetProperty("version").GetInt32());

        using var preview = await ines.PostAsJsonAsync($"{url}/preview", new { language = "fr", values = new { reference = "NCR-7", note = "Merci." } }, Ct);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var rendered = await JsonAsync(preview);
        Assert.Equal("Votre dossier NCR-7. Merci.", rendered.GetProperty("body").GetString());
        Assert.Equal(2, rendered.GetProperty("version").GetInt32());

        using var missing = await ines.PostAsJsonAsync($"{url}/preview", new { language = "en", values = new { note = "x" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await JsonAsync(missing)).GetProperty("errors").TryGetProperty("values.reference", out _));

        var earlier = await ines.GetFromJsonAsync<System.Text.Json.JsonElement>($"{url}?version=1", Ct);
        Assert.Equal("Your file {{reference}}.{{#note}} {{note}}{{/note}}", earlier.GetProperty("body").GetProperty("en").GetString());
    }

    [Fact]
    public async Task Templates_are_the_agency_staffs_own()
    {
        var url = "/api/notify/templates/NCR/Sms/application-decided";
        using (var ines = await Platform.ClientForAsync("designer.ines"))
        {
            var platformTemplate = await ines.GetFromJsonAsync<System.Text.Json.JsonElement>(url, Ct);
            Assert.Equal("*", platformTemplate.GetProperty("owner").GetString());
            using var list = await ines.GetAsync("/api/notify/templates/NCR", Ct);
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            using var otherAgency = await ines.PutAsJsonAsync("/api/notify/templates/CCM/Email/permit-note", Template("File {{reference}}."), Ct);
            Assert.Equal(HttpStatusCode.Forbidden, otherAgency.StatusCode);
        }

        using (var eva = await Platform.ClientForAsync("caseworker.eva"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await eva.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await eva.PutAsJsonAsync("/api/notify/templates/CCM/Email/permit-note", Template("File {{reference}}."), Ct)).StatusCode);
        }

        using (var anna = await Platform.ClientForAsync("citizen.anna"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync(url, Ct)).StatusCode);
        }

        using var anonymous = Platform.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/notify/templates/NCR/Email/permit-note", Template("File {{reference}}."), Ct)).StatusCode);
    }
}
