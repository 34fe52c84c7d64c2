using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>The service catalogue: anonymous bilingual reads, versioned edits by service designers.</summary>
public sealed class CatalogueTests(PlatformFixture fixture)
{
    private PlatformFactory Platform => fixture.Platform;

    private static object Definition(string? code, string agency = "NCR", string title = "Street party permit", object[]? fields = null) => new
    {
        code,
        title,
        titleFr = "Autorisation de fête de rue",
        description = "Close a street for a neighbourhood party.",
        descriptionFr = "Fermer une rue pour une fête de quartier.",
        agencyCode = agency,
        fee = new { amount = 15.50m, currency = "EUR" },
        deadlineDays = 10,
        requiredDocuments = new[] { "Map of the closed street" },
        form = new
        {
            fields = fields ?? new object[]
            {
                new { name = "street", label = "Street", labelFr = "Rue", type = "text", required = true, maxLength = 200 },
                new { name = "date", label = "Date", type = "date", required = true },
                new { name = "guests", label = "Guests", type = "number", required = false, min = 1, max = 500 },
            },
        },
    };

    [Fact]
    public async Task Anyone_browses_the_seeded_catalogue_in_English_or_French()
    {
        using var anonymous = Platform.CreateClient();
        var page = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2c/services?pageSize=100", Ct);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.True(page.GetProperty("total").GetInt32() >= 6);
        Assert.True(items.Select(s => s.GetProperty("agencyCode").GetString()).Distinct().Count() >= 3);
        var birth = items.Single(s => s.GetProperty("code").GetString() == "birth-certificate-copy");
        Assert.Equal("Copy of a birth certificate", birth.GetProperty("title").GetString());
        Assert.Equal("NCR", birth.GetProperty("agencyCode").GetString());
        Assert.Equal(12m, birth.GetProperty("fee").GetProperty("amount").GetDecimal());
        Assert.Equal("EUR", birth.GetProperty("fee").GetProperty("currency").GetString());

        using var french = new HttpRequestMessage(HttpMethod.Get, "/api/g2c/services/parking-permit");
        french.Headers.Add("Accept-Language", "de-DE, fr-CH;q=0.8, en;q=0.5");
        using var frenchResponse = await anonymous.SendAsync(french, Ct);
        var parking = await JsonAsync(frenchResponse);
        Assert.Equal("Carte de stationnement résidentiel", parking.GetProperty("title").GetString());
        Assert.Equal("fr", parking.GetProperty("language").GetString());
        var plate = parking.GetProperty("form").GetProperty("fields").EnumerateArray().First();
        Assert.Equal("plate", plate.GetProperty("name").GetString());
        Assert.Equal("Plaque d'immatriculation", plate.GetProperty("label").GetString());
        Assert.Equal("^[A-Z0-9-]{4,10}$", plate.GetProperty("pattern").GetString());

        using var german = new HttpRequestMessage(HttpMethod.Get, "/api/g2c/services/parking-permit");
        german.Headers.Add("Accept-Language", "de");
        using var germanResponse = await anonymous.SendAsync(german, Ct);
        Assert.Equal("Residential parking permit", (await JsonAsync(germanResponse)).GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/g2c/services/no-such-service", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/g2c/services?pageSize=1000", Ct)).StatusCode);
        var ncr = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2c/services?agency=NCR", Ct);
        Assert.All(ncr.GetProperty("items").EnumerateArray(), s => Assert.Equal("NCR", s.GetProperty("agencyCode").GetString()));
    }

    [Fact]
    public async Task A_service_designer_publishes_a_service_and_every_edit_is_a_new_version()
    {
        await AgenciesArrivedAsync(Platform);
        var code = "street-party-" + Guid.NewGuid().ToString("N")[..6];
        using var designer = await Platform.ClientForAsync("designer.ines");
        using var created = await designer.PostAsJsonAsync("/api/g2c/services", Definition(code), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/g2c/services/{code}", created.Headers.Location?.OriginalString);
        Assert.Equal(1, (await JsonAsync(created)).GetProperty("version").GetInt32());

        using var edited = await designer.PutAsJsonAsync($"/api/g2c/services/{code}", Definition(null, "NCR", "Street festival permit"), Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var v2 = await JsonAsync(edited);
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.Equal("NCR", v2.GetProperty("agencyCode").GetString());

        using var anonymous = Platform.CreateClient();
        Assert.Equal("Street festival permit", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/services/{code}", Ct)).GetProperty("title").GetString());
        var v1 = await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/services/{code}?version=1", Ct);
        Assert.Equal("Street party permit", v1.GetProperty("title").GetString());
        Assert.Equal("NCR", v1.GetProperty("agencyCode").GetString());

        Assert.Equal(2, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = @c", ("c", code)));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = @c AND is_current", ("c", code)));
        Assert.Equal(2, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'service' AND entity_id = @c", ("c", code)));

        using var duplicate = await designer.PostAsJsonAsync("/api/g2c/services", Definition(code), Ct);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await designer.PutAsJsonAsync("/api/g2c/services/no-such-service", Definition(null), Ct)).StatusCode);
    }

    [Fact]
    public async Task Drafts_are_checked_against_a_form_edited_a_moment_ago()
    {
        await AgenciesArrivedAsync(Platform);
        var code = "street-party-" + Guid.NewGuid().ToString("N")[..6];
        using var designer = await Platform.ClientForAsync("designer.ines");
        using var citizen = await Platform.ClientForAsync("citizen.anna");
        Assert.Equal(HttpStatusCode.Created, (await designer.PostAsJsonAsync("/api/g2c/services", Definition(code), Ct)).StatusCode);

        // The first draft reads the form (and the node keeps it); the edit replaces it before the next draft.
        using var withGuests = await citizen.PutAsJsonAsync($"/api/g2c/session/drafts/{code}", new { fields = new { guests = 40 } }, Ct);
        Assert.Equal(HttpStatusCode.OK, withGuests.StatusCode);
        var edited = Definition(null, fields: [new { name = "street", label = "Street", type = "text", required = true }, new { name = "music", label = "Music", type = "yes-no" }]);
        using var edit = await designer.PutAsJsonAsync($"/api/g2c/services/{code}", edited, Ct);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);

        using var withMusic = await citizen.PutAsJsonAsync($"/api/g2c/session/drafts/{code}", new { fields = new { music = true } }, Ct);
        Assert.Equal(HttpStatusCode.OK, withMusic.StatusCode);
        using var guestsAgain = await citizen.PutAsJsonAsync($"/api/g2c/session/drafts/{code}", new { fields = new { guests = 50 } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, guestsAgain.StatusCode);
        Assert.True((await JsonAsync(guestsAgain)).GetProperty("errors").TryGetProperty("fields.guests", out _));

        var draft = await citizen.GetFromJsonAsync<JsonElement>($"/api/g2c/session/drafts/{code}", Ct);
        Assert.Equal(40, draft.GetProperty("fields").GetProperty("guests").GetInt32());
        Assert.True(draft.GetProperty("fields").GetProperty("music").GetBoolean());
    }

    [Fact]
    public async Task A_service_designer_acts_for_their_own_agency_and_a_platform_administrator_for_all()
    {
        await AgenciesArrivedAsync(Platform);
        using var ines = await Platform.ClientForAsync("designer.ines"); // designer of NCR
        var before = await CountAsync(Platform, "SELECT count(*) FROM g2c.services");
        var auditBefore = await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'service'");

        // parking-permit belongs to CCM: no new version from a designer of NCR, not even one handing it to NCR.
        using var other = await ines.PutAsJsonAsync("/api/g2c/services/parking-permit", Definition(null, "CCM"), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("NCR", (await JsonAsync(other)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await ines.PutAsJsonAsync("/api/g2c/services/parking-permit", Definition(null, "NCR"), Ct)).StatusCode);

        // Nor a new service for CCM, nor handing an NCR service to CCM.
        var code = "cross-agency-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Forbidden, (await ines.PostAsJsonAsync("/api/g2c/services", Definition(code, "CCM"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ines.PutAsJsonAsync("/api/g2c/services/birth-certificate-copy", Definition(null, "CCM"), Ct)).StatusCode);
        Assert.Equal(before, await CountAsync(Platform, "SELECT count(*) FROM g2c.services"));
        Assert.Equal(auditBefore, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'service'"));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = 'parking-permit'"));

        // A platform administrator acts for every agency.
        using var admin = await Platform.ClientForAsync("admin.jan");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/g2c/services", Definition(code, "CCM"), Ct)).StatusCode);
        using var moved = await admin.PutAsJsonAsync($"/api/g2c/services/{code}", Definition(null, "NCR"), Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        // Now the service is NCR's, its designer may change it.
        Assert.Equal(HttpStatusCode.OK, (await ines.PutAsJsonAsync($"/api/g2c/services/{code}", Definition(null, "NCR", "Renamed"), Ct)).StatusCode);
    }

    [Fact]
    public async Task Only_service_designers_change_the_catalogue()
    {
        var code = "matrix-" + Guid.NewGuid().ToString("N")[..6];
        foreach (var user in new[] { "citizen.anna", "caseworker.eva", "caseworker.david" })
        {
            using var client = await Platform.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/g2c/services", Definition(code), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync("/api/g2c/services/parking-permit", Definition(null), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/g2c/services/parking-permit", Ct)).StatusCode);
        }

        using var anonymous = Platform.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/g2c/services", Definition(code), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/g2c/services/parking-permit", Definition(null), Ct)).StatusCode);
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = @c", ("c", code)));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = 'parking-permit'"));
    }

    [Fact]
    public async Task Bad_service_definitions_are_field_errors_and_write_nothing()
    {
        await AgenciesArrivedAsync(Platform);
        using var designer = await Platform.ClientForAsync("designer.ines");
        var before = await CountAsync(Platform, "SELECT count(*) FROM g2c.services");
        var auditBefore = await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'service'");

        using var unknownAgency = await designer.PostAsJsonAsync("/api/g2c/services", Definition("ghost-" + Guid.NewGuid().ToString("N")[..6], "ZZZ"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknownAgency.StatusCode);
        Assert.True((await JsonAsync(unknownAgency)).GetProperty("errors").TryGetProperty("agencyCode", out _));

        var broken = new
        {
            code = "Bad Code",
            title = "",
            description = "x",
            agencyCode = "CCM",
            fee = new { amount = -1m, currency = "euro" },
            deadlineDays = 0,
            form = new
            {
                fields = new object[]
                {
                    new { name = "a", label = "A", type = "colour", required = true },
                    new { name = "a", label = "A again", type = "text", required = true },
                    new { name = "b", label = "B", type = "choice", required = true },
                    new { name = "c", label = "C", type = "text", pattern = "([", required = false },
                },
            },
        };
        using var invalid = await designer.PostAsJsonAsync("/api/g2c/services", broken, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await JsonAsync(invalid)).GetProperty("errors");
        foreach (var field in new[] { "code", "title", "fee.amount", "fee.currency", "deadlineDays", "form.fields[0].type", "form.fields[1].name", "form.fields[2].choices", "form.fields[3].pattern" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
        }

        using var empty = await designer.PutAsJsonAsync("/api/g2c/services/birth-certificate-copy", new { title = "Only a title" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        using var malformed = await designer.PostAsync("/api/g2c/services", Raw("{\"code\": \"x\","), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        Assert.Equal(before, await CountAsync(Platform, "SELECT count(*) FROM g2c.services"));
        Assert.Equal(auditBefore, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'service'"));
    }
}
