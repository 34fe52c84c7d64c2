using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.Testing;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>The service catalogue: anonymous reads in the caller's language, versioned package imports by service designers.</summary>
public sealed class CatalogueTests(PlatformFixture fixture)
{
    private PlatformFactory Platform => fixture.Platform;

    private static string NewCode(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Anyone_browses_the_seeded_catalogue_in_the_callers_language()
    {
        using var anonymous = Platform.CreateClient();
        var page = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2c/services?pageSize=100", Ct);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.True(page.GetProperty("total").GetInt32() >= 6);
        Assert.True(items.Select(s => s.GetProperty("agencyCode").GetString()).Distinct().Count() >= 3);
        var birth = items.Single(s => s.GetProperty("code").GetString() == "birth-certificate-copy");
        Assert.Equal("Copy of a birth certificate", birth.GetProperty("title").GetString());
        Assert.Equal("en", birth.GetProperty("language").GetString());
        Assert.Equal(["en", "fr"], birth.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("NCR", birth.GetProperty("agencyCode").GetString());
        Assert.Equal(12m, birth.GetProperty("fee").GetProperty("amount").GetDecimal());
        Assert.Equal("EUR", birth.GetProperty("fee").GetProperty("currency").GetString());
        Assert.Equal(1, birth.GetProperty("version").GetInt32());

        using var french = new HttpRequestMessage(HttpMethod.Get, "/api/g2c/services/parking-permit");
        french.Headers.Add("Accept-Language", "de-DE, fr-CH;q=0.8, en;q=0.5");
        using var frenchResponse = await anonymous.SendAsync(french, Ct);
        var parking = await JsonAsync(frenchResponse);
        Assert.Equal("Carte de stationnement résidentiel", parking.GetProperty("title").GetString());
        Assert.Equal("fr", parking.GetProperty("language").GetString());
        Assert.Equal("Certificat d'immatriculation", parking.GetProperty("requiredDocuments")[0].GetString());
        Assert.Equal("certificate", parking.GetProperty("document").GetProperty("layout").GetString());
        var vehicle = parking.GetProperty("form").GetProperty("pages")[0];
        Assert.Equal("Votre véhicule", vehicle.GetProperty("title").GetString());
        var fields = vehicle.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal("plate", fields[0].GetProperty("name").GetString());
        Assert.Equal("Plaque d'immatriculation", fields[0].GetProperty("label").GetString());
        Assert.Equal("^[A-Z0-9-]{4,10}$", fields[0].GetProperty("pattern").GetString());
        Assert.Equal(1000, fields[0].GetProperty("maxLength").GetInt32());
        Assert.Equal("yesNo", fields.Single(f => f.GetProperty("name").GetString() == "resident").GetProperty("type").GetString());
        Assert.Equal(0, fields.Single(f => f.GetProperty("name").GetString() == "zone").GetProperty("decimals").GetInt32());

        using var german = new HttpRequestMessage(HttpMethod.Get, "/api/g2c/services/parking-permit");
        german.Headers.Add("Accept-Language", "de");
        using var germanResponse = await anonymous.SendAsync(german, Ct);
        var inGerman = await JsonAsync(germanResponse);
        Assert.Equal("Residential parking permit", inGerman.GetProperty("title").GetString());
        Assert.Equal("en", inGerman.GetProperty("language").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/g2c/services/no-such-service", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/g2c/services?pageSize=1000", Ct)).StatusCode);
        var ncr = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2c/services?agency=NCR", Ct);
        Assert.All(ncr.GetProperty("items").EnumerateArray(), s => Assert.Equal("NCR", s.GetProperty("agencyCode").GetString()));
    }

    [Fact]
    public async Task Conditional_questions_and_pages_are_read_with_their_conditions()
    {
        using var anonymous = Platform.CreateClient();
        var housing = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2c/services/housing-benefit", Ct);
        var pages = housing.GetProperty("form").GetProperty("pages").EnumerateArray().ToList();
        Assert.Equal(["household", "landlord"], pages.Select(p => p.GetProperty("name").GetString()));
        var condition = pages[1].GetProperty("condition");
        Assert.Equal("tenant", condition.GetProperty("field").GetString());
        Assert.True(condition.GetProperty("equals")[0].GetBoolean());
        var income = pages[0].GetProperty("fields")[0];
        Assert.Equal(("money", "EUR", 2), (income.GetProperty("type").GetString(), income.GetProperty("currency").GetString(), income.GetProperty("decimals").GetInt32()));
        Assert.Equal("address", pages[1].GetProperty("fields")[1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_service_designer_imports_a_package_and_every_change_is_a_new_version()
    {
        await AgenciesArrivedAsync(Platform);
        var code = NewCode("street-party");
        using var designer = await Platform.ClientForAsync("designer.ines");
        using var created = await Packages.ImportAsync(designer, Packages.StreetParty(code));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/g2c/services/{code}?version=1", created.Headers.Location?.OriginalString);
        Assert.Equal(1, (await JsonAsync(created)).GetProperty("version").GetInt32());

        using var edited = await Packages.ImportAsync(designer, Packages.StreetParty(code, title: "Street festival permit"));
        Assert.Equal(HttpStatusCode.Created, edited.StatusCode);
        var v2 = await JsonAsync(edited);
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.Equal("NCR", v2.GetProperty("agencyCode").GetString());

        using var anonymous = Platform.CreateClient();
        Assert.Equal("Street festival permit", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/services/{code}", Ct)).GetProperty("title").GetString());
        var v1 = await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/services/{code}?version=1", Ct);
        Assert.Equal("Street party permit", v1.GetProperty("title").GetString());

        // The same package again changes nothing: it answers with the current version.
        using var again = await Packages.ImportAsync(designer, Packages.StreetParty(code, title: "Street festival permit"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, (await JsonAsync(again)).GetProperty("version").GetInt32());

        // A package exported from version 1 edits version 1: version 2 is current, so it is a conflict.
        var stale = await Packages.ExportAsync(designer, code, version: 1);
        Assert.Equal(1, stale["version"]!.GetValue<int>());
        stale["fee"]!["amount"] = 20;
        using var conflict = await Packages.ImportAsync(designer, stale);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(2, (await JsonAsync(conflict)).GetProperty("currentVersion").GetInt32());

        // Exported, edited and imported: version 3. Without 'version' a package publishes over whatever is current.
        var current = await Packages.ExportAsync(designer, code);
        Assert.Equal(2, current["version"]!.GetValue<int>());
        current["deadline"]!["workingDays"] = 12;
        using var third = await Packages.ImportAsync(designer, current);
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Equal(12, (await JsonAsync(third)).GetProperty("deadlineDays").GetInt32());
        current.Remove("version");
        current["deadline"]!["workingDays"] = 14;
        using var fourth = await Packages.ImportAsync(designer, current);
        Assert.Equal(4, (await JsonAsync(fourth)).GetProperty("version").GetInt32());

        Assert.Equal(4, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = @c", ("c", code)));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = @c AND is_current", ("c", code)));
        Assert.Equal(4, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'service' AND entity_id = @c", ("c", code)));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = @c AND version = 1 AND title->>'fr' = 'Autorisation de fête de rue' AND lifecycle->>'initialState' = 'Submitted'", ("c", code)));
    }

    [Fact]
    public async Task Drafts_are_checked_against_a_form_imported_a_moment_ago()
    {
        await AgenciesArrivedAsync(Platform);
        var code = NewCode("street-party");
        using var designer = await Platform.ClientForAsync("designer.ines");
        using var citizen = await Platform.ClientForAsync("citizen.anna");
        Assert.Equal(HttpStatusCode.Created, (await Packages.ImportAsync(designer, Packages.StreetParty(code))).StatusCode);

        // The first draft reads the form (and the node keeps it); the import replaces it before the next draft.
        using var withGuests = await citizen.PutAsJsonAsync($"/api/g2c/session/drafts/{code}", new { fields = new { guests = 40 } }, Ct);
        Assert.Equal(HttpStatusCode.OK, withGuests.StatusCode);
        var fields = new JsonArray(
            new JsonObject { ["name"] = "street", ["type"] = "text", ["label"] = new JsonObject { ["en"] = "Street" }, ["required"] = true },
            new JsonObject { ["name"] = "music", ["type"] = "yesNo", ["label"] = new JsonObject { ["en"] = "Music" } });
        Assert.Equal(HttpStatusCode.Created, (await Packages.ImportAsync(designer, Packages.StreetParty(code, fields: fields))).StatusCode);

        using var withMusic = await citizen.PutAsJsonAsync($"/api/g2c/session/drafts/{code}", new { fields = new { music = true } }, Ct);
        Assert.Equal(HttpStatusCode.OK, withMusic.StatusCode);
        using var guestsAgain = await citizen.PutAsJsonAsync($"/api/g2c/session/drafts/{code}", new { fields = new { guests = 50 } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, guestsAgain.StatusCode);
        Assert.True((await JsonAsync(guestsAgain)).GetProperty("errors").TryGetProperty("fields.guests", out _));
        using var musicAsText = await citizen.PutAsJsonAsync($"/api/g2c/session/drafts/{code}", new { fields = new { music = "loud" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, musicAsText.StatusCode);

        var draft = await citizen.GetFromJsonAsync<JsonElement>($"/api/g2c/session/drafts/{code}", Ct);
        Assert.Equal(40, draft.GetProperty("fields").GetProperty("guests").GetInt32());
        Assert.True(draft.GetProperty("fields").GetProperty("music").GetBoolean());
    }

    [Fact]
    public async Task A_service_designer_acts_for_their_own_agency_and_a_platform_administrator_for_all()
    {
        await AgenciesArrivedAsync(Platform);
        using var ines = await Platform.ClientForAsync("designer.ines"); // designer of NCR
        using var admin = await Platform.ClientForAsync("admin.jan");
        var before = await CountAsync(Platform, "SELECT count(*) FROM g2c.services");
        var auditBefore = await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'service'");

        // parking-permit belongs to CCM: no new version from a designer of NCR, not even one handing it to NCR.
        var parking = await Packages.ExportAsync(admin, "parking-permit");
        parking["texts"]!["title"]!["en"] = "Taken over";
        using var other = await Packages.ImportAsync(ines, parking);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("NCR", (await JsonAsync(other)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        parking["agency"] = "NCR";
        Assert.Equal(HttpStatusCode.Forbidden, (await Packages.ImportAsync(ines, parking)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ines.GetAsync("/api/g2c/services/parking-permit/package", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ines.GetAsync("/api/g2c/services/birth-certificate-copy/package", Ct)).StatusCode);

        // Nor a new service for CCM, nor handing an NCR service to CCM.
        var code = NewCode("cross-agency");
        Assert.Equal(HttpStatusCode.Forbidden, (await Packages.ImportAsync(ines, Packages.StreetParty(code, "CCM"))).StatusCode);
        var birth = await Packages.ExportAsync(ines, "birth-certificate-copy");
        birth["agency"] = "CCM";
        Assert.Equal(HttpStatusCode.Forbidden, (await Packages.ImportAsync(ines, birth)).StatusCode);
        Assert.Equal(before, await CountAsync(Platform, "SELECT count(*) FROM g2c.services"));
        Assert.Equal(auditBefore, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'service'"));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = 'parking-permit'"));

        // A platform administrator acts for every agency.
        Assert.Equal(HttpStatusCode.Created, (await Packages.ImportAsync(admin, Packages.StreetParty(code, "CCM"))).StatusCode);
        using var moved = await Packages.ImportAsync(admin, Packages.StreetParty(code, "NCR"));
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);

        // Now the service is NCR's, its designer may change and export it.
        Assert.Equal(HttpStatusCode.Created, (await Packages.ImportAsync(ines, Packages.StreetParty(code, "NCR", "Renamed"))).StatusCode);
        Assert.Equal("Renamed", (await Packages.ExportAsync(ines, code))["texts"]!["title"]!["en"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_service_designers_change_or_export_the_catalogue()
    {
        var code = NewCode("matrix");
        foreach (var user in new[] { "citizen.anna", "caseworker.eva", "caseworker.david" })
        {
            using var client = await Platform.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await Packages.ImportAsync(client, Packages.StreetParty(code))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/g2c/services/parking-permit/package", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/g2c/services/parking-permit", Ct)).StatusCode);
        }

        using var anonymous = Platform.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Packages.ImportAsync(anonymous, Packages.StreetParty(code))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/g2c/services/parking-permit/package", Ct)).StatusCode);
        using var designer = await Platform.ClientForAsync("designer.ines");
        Assert.Equal(HttpStatusCode.NotFound, (await designer.GetAsync("/api/g2c/services/no-such-service/package", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await designer.GetAsync("/api/g2c/services/birth-certificate-copy/package?version=99", Ct)).StatusCode);
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = @c", ("c", code)));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = 'parking-permit'"));
    }

    [Fact]
    public async Task A_bad_package_is_refused_whole_with_every_mistake_and_writes_nothing()
    {
        await AgenciesArrivedAsync(Platform);
        using var designer = await Platform.ClientForAsync("designer.ines");
        var before = await CountAsync(Platform, "SELECT count(*) FROM g2c.services");
        var auditBefore = await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'service'");

        using var unknownAgency = await Packages.ImportAsync(designer, Packages.StreetParty(NewCode("ghost"), "ZZZ"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownAgency.StatusCode);
        Assert.True((await JsonAsync(unknownAgency)).GetProperty("errors").TryGetProperty("agency", out _));

        var fields = new JsonArray(
            new JsonObject { ["name"] = "a", ["type"] = "colour", ["label"] = new JsonObject { ["en"] = "A" } },
            new JsonObject { ["name"] = "a", ["type"] = "text", ["label"] = new JsonObject { ["en"] = "A again" } },
            new JsonObject { ["name"] = "b", ["type"] = "choice", ["label"] = new JsonObject { ["en"] = "B" } },
            new JsonObject { ["name"] = "c", ["type"] = "text", ["label"] = new JsonObject { ["en"] = "C" }, ["pattern"] = "([" },
            new JsonObject { ["name"] = "d", ["type"] = "text", ["label"] = new JsonObject { ["en"] = "D" }, ["condition"] = new JsonObject { ["field"] = "e", ["equals"] = new JsonArray(true) } },
            new JsonObject { ["name"] = "e", ["type"] = "yesNo", ["label"] = new JsonObject { ["en"] = "E" } });
        var broken = Packages.StreetParty("Bad Code", "ZZZ", "", fields);
        broken["fee"] = new JsonObject { ["amount"] = -1, ["currency"] = "euro" };
        broken["deadline"] = new JsonObject { ["workingDays"] = 0 };
        broken["roles"]!["caseworkers"] = new JsonArray("auditor");
        broken["lifecycle"]!["initialState"] = "Nowhere";
        broken["colour"] = "red";
        using var invalid = await Packages.ImportAsync(designer, broken);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await JsonAsync(invalid)).GetProperty("errors");
        foreach (var field in new[]
                 {
                     "code", "agency", "colour", "texts.title.en", "fee.amount", "fee.currency", "deadline.workingDays", "roles.caseworkers", "lifecycle.initialState",
                     "form.pages[0].fields[0].type", "form.pages[0].fields[1].name", "form.pages[0].fields[2].choices", "form.pages[0].fields[3].pattern",
                     "form.pages[0].fields[4].condition.field",
                 })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        // Roles agree with the lifecycle: a transition taken by a role the service does not list.
        var lifecycle = Packages.StandardLifecycle();
        lifecycle["transitions"]![0]!["by"]![0]!["role"] = "auditor";
        using var roles = await Packages.ImportAsync(designer, Packages.StreetParty(NewCode("roles"), lifecycle: lifecycle));
        Assert.True((await JsonAsync(roles)).GetProperty("errors").TryGetProperty("lifecycle.transitions[0].by[0].role", out _));

        var wrongKind = Packages.StreetParty(NewCode("kind"));
        wrongKind["kind"] = "g2b-licence";
        wrongKind["formatVersion"] = 2;
        var kindErrors = (await JsonAsync(await Packages.ImportAsync(designer, wrongKind))).GetProperty("errors");
        Assert.True(kindErrors.TryGetProperty("kind", out _) && kindErrors.TryGetProperty("formatVersion", out _));

        using var empty = await Packages.ImportAsync(designer, new JsonObject { ["kind"] = "g2c-service" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var notAnObject = await Packages.ImportAsync(designer, new JsonArray(1, 2));
        Assert.Equal(HttpStatusCode.BadRequest, notAnObject.StatusCode);
        using var malformed = await designer.PostAsync("/api/g2c/services/packages", Raw("{\"code\": \"x\","), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        Assert.Equal(before, await CountAsync(Platform, "SELECT count(*) FROM g2c.services"));
        Assert.Equal(auditBefore, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'service'"));
    }
}
