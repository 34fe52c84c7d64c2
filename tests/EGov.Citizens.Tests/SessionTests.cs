using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Citizens.Tests;

/// <summary>Save and return: drafts on the citizen's session grain, through HTTP with real tokens.</summary>
public sealed class SessionTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PlatformFactory Platform => fixture.Platform;

    [Fact]
    public async Task A_citizen_saves_merges_resumes_and_discards_a_draft()
    {
        using var anna = await Platform.ClientForAsync("citizen.anna");
        const string service = "parking-permit";

        using var first = await anna.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { fields = new { plate = "AB-123", zone = 3 } }, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await anna.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { fields = new { zone = 4, resident = true } }, Ct);
        var draft = await second.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var fields = draft.GetProperty("fields");
        Assert.Equal("AB-123", fields.GetProperty("plate").GetString());
        Assert.Equal(4, fields.GetProperty("zone").GetInt32());
        Assert.True(fields.GetProperty("resident").GetBoolean());

        var resumed = await anna.GetFromJsonAsync<JsonElement>($"/api/g2c/session/drafts/{service}", Ct);
        Assert.Equal(4, resumed.GetProperty("fields").GetProperty("zone").GetInt32());

        var session = await anna.GetFromJsonAsync<JsonElement>("/api/g2c/session", Ct);
        Assert.Contains(session.GetProperty("drafts").EnumerateArray(), d =>
            d.GetProperty("serviceCode").GetString() == service && d.GetProperty("fieldCount").GetInt32() == 3);
        Assert.NotEqual(JsonValueKind.Null, session.GetProperty("lastActivity").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await anna.DeleteAsync($"/api/g2c/session/drafts/{service}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync($"/api/g2c/session/drafts/{service}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.DeleteAsync($"/api/g2c/session/drafts/{service}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_draft_belongs_to_its_citizen_only()
    {
        const string service = "housing-benefit";
        using var anna = await Platform.ClientForAsync("citizen.anna");
        (await anna.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { fields = new { monthlyIncome = new { amount = 1200, currency = "EUR" } } }, Ct)).EnsureSuccessStatusCode();

        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        Assert.Equal(HttpStatusCode.NotFound, (await bruno.GetAsync($"/api/g2c/session/drafts/{service}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bruno.DeleteAsync($"/api/g2c/session/drafts/{service}", Ct)).StatusCode);
        var brunoSession = await bruno.GetFromJsonAsync<JsonElement>("/api/g2c/session", Ct);
        Assert.DoesNotContain(brunoSession.GetProperty("drafts").EnumerateArray(), d => d.GetProperty("serviceCode").GetString() == service);

        using var caseworker = await Platform.ClientForAsync("caseworker.david");
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.GetAsync("/api/g2c/session", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.GetAsync($"/api/g2c/session/drafts/{service}", Ct)).StatusCode);

        using var anonymous = Platform.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/g2c/session", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { fields = new { monthlyIncome = new { amount = 1 } } }, Ct)).StatusCode);

        var kept = await anna.GetFromJsonAsync<JsonElement>($"/api/g2c/session/drafts/{service}", Ct);
        Assert.Equal(1200, kept.GetProperty("fields").GetProperty("monthlyIncome").GetProperty("amount").GetInt32());
    }

    [Fact]
    public async Task Bad_drafts_are_field_errors_and_change_nothing()
    {
        const string service = "building-permit";
        using var anna = await Platform.ClientForAsync("citizen.anna");
        (await anna.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { fields = new { floors = 2 } }, Ct)).EnsureSuccessStatusCode();
        var before = await anna.GetStringAsync($"/api/g2c/session/drafts/{service}", Ct);

        using var badName = await anna.PutAsJsonAsync($"/api/g2c/session/drafts/{service}",
            new { fields = new Dictionary<string, object> { ["floors"] = 3, ["1nvalid name"] = "x" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        var errors = (await badName.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("fields.1nvalid name", out _));

        using var noFields = await anna.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noFields.StatusCode);

        using var badCode = await anna.PutAsJsonAsync("/api/g2c/session/drafts/Not_A_Code", new { fields = new { a = 1 } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.True((await badCode.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("serviceCode", out _));

        using var tooLong = await anna.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { fields = new { floors = new string('x', 20_000) } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        // Field names are the form's: an unknown one is refused with the rest of the request.
        using var unknown = await anna.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { fields = new { floors = 5, swimmingPool = true } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("fields.swimmingPool", out _));

        // Each answer is of its field's kind: floors are a number, a heritage listing yes or no.
        using var wrongKind = await anna.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { fields = new { floors = "two", heritageListed = "yes" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.StatusCode);
        var kindErrors = (await wrongKind.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(kindErrors.TryGetProperty("fields.floors", out _) && kindErrors.TryGetProperty("fields.heritageListed", out _));

        // A service that does not exist has no drafts.
        Assert.Equal(HttpStatusCode.NotFound, (await anna.PutAsJsonAsync("/api/g2c/session/drafts/no-such-service", new { fields = new { a = 1 } }, Ct)).StatusCode);

        using var malformed = new StringContent("{\"fields\": {", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.PutAsync($"/api/g2c/session/drafts/{service}", malformed, Ct)).StatusCode);

        Assert.Equal(before, await anna.GetStringAsync($"/api/g2c/session/drafts/{service}", Ct));
    }

    [Fact]
    public async Task A_draft_is_work_in_progress_and_its_submission_is_checked_in_full()
    {
        const string service = "building-permit";
        using var bruno = await Platform.ClientForAsync("citizen.bruno");

        // Too many floors and a parcel not yet in its format are kept in the draft: the limits wait for the submission.
        using var saved = await bruno.PutAsJsonAsync($"/api/g2c/session/drafts/{service}",
            new { fields = new { parcel = "ab", floors = 99, workType = "new-building", floorArea = 120, description = "A house." } }, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        using var submitted = await G2c.SubmitAsync(bruno, new { serviceCode = service, fromDraft = true });
        Assert.Equal(HttpStatusCode.BadRequest, submitted.StatusCode);
        var errors = (await submitted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["fields.floors", "fields.parcel"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(99, (await bruno.GetFromJsonAsync<JsonElement>($"/api/g2c/session/drafts/{service}", Ct)).GetProperty("fields").GetProperty("floors").GetInt32());
    }

    [Fact]
    public async Task An_acknowledged_draft_survives_a_host_restart()
    {
        await using var first = await PlatformFactory.StartAsync("sessionrestart");
        const string service = "residence-registration";
        using (var anna = await first.ClientForAsync("citizen.anna"))
        {
            (await anna.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { fields = new { street = "Harbour Road 5" } }, Ct)).EnsureSuccessStatusCode();
        }

        await first.DisposeAsync();

        await using var second = first.Another();
        using var again = await second.ClientForAsync("citizen.anna");
        var resumed = await again.GetFromJsonAsync<JsonElement>($"/api/g2c/session/drafts/{service}", Ct);
        Assert.Equal("Harbour Road 5", resumed.GetProperty("fields").GetProperty("street").GetString());
        Assert.Equal(1, await Database.CountAsync(first.ConnectionString, "SELECT count(*) FROM g2c.grain_state WHERE state::text LIKE '%Harbour Road 5%'"));
    }
}
