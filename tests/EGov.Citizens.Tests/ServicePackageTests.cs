using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.Citizens.Persistence;
using EGov.Testing;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>
/// Services as data: the published JSON Schema of a g2c-service package, exports that follow it, a package that
/// moves to another deployment unchanged, the shipped catalogue seeded from packages, and services of databases
/// migrated before packages converted by the migration.
/// </summary>
public sealed class ServicePackageTests(PlatformFixture fixture)
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, EvaluateAs = SpecVersion.Draft202012 };

    private PlatformFactory Platform => fixture.Platform;

    private static async Task<JsonSchema> SchemaAsync(HttpClient anonymous)
    {
        using var response = await anonymous.GetAsync("/openapi/packages/g2c-service.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(MetaSchemas.Draft202012.Evaluate(JsonNode.Parse(text), Evaluation).IsValid, "the published schema is not a valid JSON Schema 2020-12");
        return JsonSchema.FromText(text);
    }

    private static void AssertFollows(JsonSchema schema, JsonNode package)
    {
        var result = schema.Evaluate(package, Evaluation);
        Assert.True(result.IsValid, $"{package["code"]}: " + string.Join("; ", result.Details
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .Take(5)));
    }

    [Fact]
    public async Task The_package_schema_is_published_to_anyone_and_every_exported_package_follows_it()
    {
        using var anonymous = Platform.CreateClient();
        var schema = await SchemaAsync(anonymous);

        using var admin = await Platform.ClientForAsync("admin.jan");
        var codes = (await anonymous.GetFromJsonAsync<JsonElement>("/api/g2c/services?pageSize=100", Ct)).GetProperty("items").EnumerateArray()
            .Select(s => s.GetProperty("code").GetString()!).ToList();
        foreach (var code in CatalogueSeeder.Packages().Select(p => p.Code))
        {
            Assert.Contains(code, codes);
            var package = await Packages.ExportAsync(admin, code);
            Assert.Equal(("g2c-service", 1, code), (package["kind"]!.GetValue<string>(), package["formatVersion"]!.GetValue<int>(), package["code"]!.GetValue<string>()));
            AssertFollows(schema, package);
        }

        // A package of everything the forms block offers, with a four-eyes lifecycle, follows it too once imported.
        await AgenciesArrivedAsync(Platform);
        var code4 = "four-eyes-" + Guid.NewGuid().ToString("N")[..6];
        var every = Packages.StreetParty(code4, lifecycle: Packages.FourEyesLifecycle(), fields: EveryField());
        using var imported = await Packages.ImportAsync(admin, every);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var exported = await Packages.ExportAsync(admin, code4);
        AssertFollows(schema, exported);
        Assert.True(exported["lifecycle"]!["transitions"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "approve")!["fourEyes"]!.GetValue<bool>());

        // What the schema refuses, the import refuses.
        exported["form"]!["pages"]![0]!["fields"]![0]!["colour"] = "red";
        Assert.False(schema.Evaluate(exported, Evaluation).IsValid);
        Assert.Equal(HttpStatusCode.BadRequest, (await Packages.ImportAsync(admin, exported)).StatusCode);
    }

    [Fact]
    public async Task A_service_imported_as_data_with_a_four_eyes_approval_is_decided_by_the_second_caseworker()
    {
        await AgenciesArrivedAsync(Platform);
        var code = "four-eyes-permit-" + Guid.NewGuid().ToString("N")[..6];
        using var designer = await Platform.ClientForAsync("designer.ines");
        Assert.Equal(HttpStatusCode.Created, (await Packages.ImportAsync(designer, Packages.StreetParty(code, lifecycle: Packages.FourEyesLifecycle()))).StatusCode);

        using var anna = await Platform.ClientForAsync("citizen.anna");
        var filed = await SubmitOkAsync(anna, new { serviceCode = code, fields = new { street = "Harbour Road", date = "2027-06-21", guests = 80 } });
        var id = filed.GetProperty("id").GetGuid();
        var backOffice = $"/api/g2c/backoffice/applications/{id}";

        using var david = await Platform.ClientForAsync("caseworker.david");
        using var olga = await Platform.ClientForAsync("caseworker.olga");
        (await david.PostAsJsonAsync($"{backOffice}/assign", new { }, Ct)).EnsureSuccessStatusCode();

        // One caseworker's approval alone does not decide it, nor does the same one approving twice.
        using var first = await david.PostAsJsonAsync($"{backOffice}/decision", new { outcome = "approved" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("InReview", (await anna.GetFromJsonAsync<JsonElement>($"/api/g2c/applications/{id}", Ct)).GetProperty("status").GetString());
        using var again = await david.PostAsJsonAsync($"{backOffice}/decision", new { outcome = "approved" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.DoesNotContain((await anna.GetFromJsonAsync<JsonElement>("/api/g2c/documents?pageSize=100", Ct)).GetProperty("items").EnumerateArray(),
            d => d.GetProperty("applicationId").GetGuid() == id);

        // The second caseworker decides; the document is issued and anyone verifies it.
        using var second = await olga.PostAsJsonAsync($"{backOffice}/decision", new { outcome = "approved" }, Ct);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("Approved", (await anna.GetFromJsonAsync<JsonElement>($"/api/g2c/applications/{id}", Ct)).GetProperty("status").GetString());
        var document = (await anna.GetFromJsonAsync<JsonElement>("/api/g2c/documents?pageSize=100", Ct)).GetProperty("items").EnumerateArray()
            .Single(d => d.GetProperty("applicationId").GetGuid() == id);
        using var anonymous = Platform.CreateClient();
        var verificationCode = document.GetProperty("verificationCode").GetString();
        foreach (var route in new[] { "/api/documents/verify/", "/api/g2c/documents/verify/" })
        {
            var verified = await anonymous.GetFromJsonAsync<JsonElement>(route + verificationCode, Ct);
            Assert.Equal(("valid", code), (verified.GetProperty("status").GetString(), verified.GetProperty("type").GetString()));
        }
    }

    [Fact]
    public async Task A_package_exported_from_one_deployment_imports_unchanged_into_an_empty_one_as_the_same_service()
    {
        await AgenciesArrivedAsync(Platform);
        var code = "moving-" + Guid.NewGuid().ToString("N")[..6];
        using var admin = await Platform.ClientForAsync("admin.jan");
        Assert.Equal(HttpStatusCode.Created, (await Packages.ImportAsync(admin, Packages.StreetParty(code, lifecycle: Packages.FourEyesLifecycle(), fields: EveryField()))).StatusCode);
        var exported = await admin.GetStringAsync($"/api/g2c/services/{code}/package", Ct);

        await using var empty = await PlatformFactory.StartAsync("packages_empty");
        await AgenciesArrivedAsync(empty);
        Assert.Equal(0, await Database.CountAsync(empty.ConnectionString, "SELECT count(*) FROM g2c.services WHERE code = @c", ("c", code)));
        using var otherAdmin = await empty.ClientForAsync("admin.jan");
        using var imported = await otherAdmin.PostAsync("/api/g2c/services/packages", Raw(exported), Ct);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);

        // The same package comes back out, and the catalogue reads the same in every language.
        var again = await otherAdmin.GetStringAsync($"/api/g2c/services/{code}/package", Ct);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(exported), JsonNode.Parse(again)), $"{exported}\n---\n{again}");
        Assert.Equal(exported, again);
        foreach (var language in new[] { "en", "fr" })
        {
            using var here = new HttpRequestMessage(HttpMethod.Get, $"/api/g2c/services/{code}");
            here.Headers.Add("Accept-Language", language);
            using var there = new HttpRequestMessage(HttpMethod.Get, $"/api/g2c/services/{code}");
            there.Headers.Add("Accept-Language", language);
            using var anonymous = Platform.CreateClient();
            using var elsewhere = empty.CreateClient();
            var a = JsonNode.Parse(await (await anonymous.SendAsync(here, Ct)).Content.ReadAsStringAsync(Ct));
            var b = JsonNode.Parse(await (await elsewhere.SendAsync(there, Ct)).Content.ReadAsStringAsync(Ct));
            Assert.True(JsonNode.DeepEquals(a, b), $"{a}\n---\n{b}");
        }

        // The empty deployment had the shipped catalogue seeded from the same packages.
        foreach (var shipped in CatalogueSeeder.Packages())
        {
            Assert.Equal(await admin.GetStringAsync($"/api/g2c/services/{shipped.Code}/package", Ct), await otherAdmin.GetStringAsync($"/api/g2c/services/{shipped.Code}/package", Ct));
        }
    }

    [Fact]
    public async Task The_shipped_catalogue_is_seeded_once_from_its_packages()
    {
        var shipped = CatalogueSeeder.Packages();
        Assert.Equal(6, shipped.Count);
        Assert.Equal(shipped.Count, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE version = 1 AND created_by = 'system:catalogue-seed' AND code = ANY(@codes)", ("codes", shipped.Select(p => p.Code).ToArray())));
        Assert.Equal(shipped.Count, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE action = 'service.seeded'"));

        // The seeding step again (as at a restart, or on another node) finds them and adds nothing.
        using (var scope = Platform.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CatalogueSeeder>().SeedAsync(Ct);
        }

        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.services WHERE code = 'parking-permit' AND version = 1"));
        Assert.Equal(shipped.Count, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE action = 'service.seeded'"));
    }

    [Fact]
    public async Task Services_of_a_database_migrated_before_packages_are_converted_and_keep_their_applications()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("packages_convert");
        await using (var db = new CitizensDb(
            new DbContextOptionsBuilder<CitizensDb>()
                .UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory", "g2c"))
                .UseSnakeCaseNamingConvention()
                .Options,
            TimeProvider.System))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261127231821_DisclosureRequests", Ct);
        }

        // What an older deployment holds: the parking permit as the old migration inserted it, and a designer's
        // service in two versions, the first with an application filed against it. Old forms carried limits the old
        // checks ignored (a pattern on a number, a minimum on text) and repeated choices.
        await Database.ExecuteAsync(connectionString, OldRelease.ParkingPermit);
        await Database.ExecuteAsync(connectionString, """
            INSERT INTO g2c.services (code, version, is_current, agency_code, title_en, title_fr, description_en, description_fr,
                                      fee_amount, fee_currency, deadline_days, required_documents, form, created_at, created_by)
            VALUES
            ('street-market', 1, false, 'NCR', 'Street market stall', NULL, 'A stall at the Sunday market.', '',
             25.5, 'EUR', 7, ARRAY['Trader registration', ''],
             '{"fields":[{"name":"goods","label":"Goods sold","type":"choice","required":true,"choices":["food","crafts","food"]},
                         {"name":"stalls","label":"Stalls","labelFr":"Étals","type":"number","required":true,"min":1,"max":3,"pattern":"^[0-9]$"},
                         {"name":"trader","label":"Trader name","type":"text","required":true,"maxLength":120,"min":2}]}',
             '2026-02-01T00:00:00Z', 'designer.ines'),
            ('street-market', 2, true, 'NCR', 'Street market stall', 'Étal de marché', 'A stall at the Sunday market.', 'Un étal au marché du dimanche.',
             30, 'EUR', 7, ARRAY[]::text[],
             '{"fields":[{"name":"goods","label":"Goods sold","labelFr":"Marchandises","type":"choice","required":true,"choices":["food","crafts"]}]}',
             '2026-03-01T00:00:00Z', 'designer.ines');
            INSERT INTO g2c.applications (id, reference, citizen_subject, service_code, service_version, agency_code, fields, status,
                                          submitted_at, due_date, overdue, updated_at)
            VALUES ('0193a5c0-0000-7000-8000-000000000001', 'G2C-2025-000001', 'old-citizen', 'street-market', 1, 'NCR',
                    '{"goods":"food","stalls":2,"trader":"Ana"}', 'Submitted', '2026-02-02T09:00:00Z', '2026-02-11', false, '2026-02-02T09:00:00Z');
            """);

        await using var platform = new PlatformFactory(connectionString);
        using var anonymous = platform.CreateClient();

        var v1 = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2c/services/street-market?version=1", Ct);
        Assert.Equal(["en"], v1.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(25.5m, v1.GetProperty("fee").GetProperty("amount").GetDecimal());
        Assert.Equal(["Trader registration"], v1.GetProperty("requiredDocuments").EnumerateArray().Select(d => d.GetString()));
        var page = v1.GetProperty("form").GetProperty("pages")[0];
        Assert.Equal("main", page.GetProperty("name").GetString());
        var fields = page.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(["goods", "stalls", "trader"], fields.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(["food", "crafts"], fields[0].GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("value").GetString()));
        Assert.Equal(JsonValueKind.Null, fields[1].GetProperty("pattern").ValueKind);
        Assert.Equal((1m, 3m), (fields[1].GetProperty("min").GetDecimal(), fields[1].GetProperty("max").GetDecimal()));
        Assert.Equal(120, fields[2].GetProperty("maxLength").GetInt32());

        using var french = new HttpRequestMessage(HttpMethod.Get, "/api/g2c/services/street-market");
        french.Headers.Add("Accept-Language", "fr");
        var v2 = await JsonAsync(await anonymous.SendAsync(french, Ct));
        Assert.Equal(("Étal de marché", 2, "Marchandises"), (v2.GetProperty("title").GetString(), v2.GetProperty("version").GetInt32(),
            v2.GetProperty("form").GetProperty("pages")[0].GetProperty("fields")[0].GetProperty("label").GetString()));

        // The converted versions are whole packages: they export, follow the schema and import back unchanged.
        var schema = await SchemaAsync(anonymous);
        using var admin = await platform.ClientForAsync("admin.jan");
        foreach (var version in new[] { 1, 2 })
        {
            var package = await Packages.ExportAsync(admin, "street-market", version);
            AssertFollows(schema, package);
            Assert.Equal("Submitted", package["lifecycle"]!["initialState"]!.GetValue<string>());
            Assert.Equal("certificate", package["documentTemplate"]!["layout"]!.GetValue<string>());
        }

        await AgenciesArrivedAsync(platform);
        using var unchanged = await Packages.ImportAsync(admin, await Packages.ExportAsync(admin, "street-market"));
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);

        // The application keeps the version it was filed against; the old parking permit row stands (not seeded
        // again) and takes applications; the services the old deployment lacked are seeded.
        Assert.Equal(1, await Database.CountAsync(connectionString, "SELECT count(*) FROM g2c.applications a JOIN g2c.services s ON s.code = a.service_code AND s.version = a.service_version WHERE s.code = 'street-market' AND s.version = 1"));
        Assert.Equal(1, await Database.CountAsync(connectionString, "SELECT count(*) FROM g2c.services WHERE code = 'parking-permit' AND created_by = 'platform'"));
        Assert.Equal(1, await Database.CountAsync(connectionString, "SELECT count(*) FROM g2c.services WHERE code = 'parking-permit'"));
        Assert.Equal(5, await Database.CountAsync(connectionString, "SELECT count(*) FROM g2c.services WHERE created_by = 'system:catalogue-seed'"));
        var parking = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2c/services/parking-permit", Ct);
        var resident = parking.GetProperty("form").GetProperty("pages")[0].GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "resident");
        Assert.Equal(("yesNo", true), (resident.GetProperty("type").GetString(), resident.GetProperty("required").GetBoolean()));
        using var anna = await platform.ClientForAsync("citizen.anna");
        var application = await SubmitOkAsync(anna, new { serviceCode = "parking-permit", fields = ParkingFields("CV-1234") });
        Assert.Equal(1, application.GetProperty("serviceVersion").GetInt32());
    }

    /// <summary>A field of every type the forms block offers, one branching on another.</summary>
    private static JsonArray EveryField()
    {
        static JsonObject Label(string en, string fr) => new() { ["en"] = en, ["fr"] = fr };
        return new JsonArray(
            new JsonObject { ["name"] = "street", ["type"] = "text", ["label"] = Label("Street", "Rue"), ["required"] = true, ["maxLength"] = 200, ["pattern"] = "^[^<>]+$" },
            new JsonObject { ["name"] = "details", ["type"] = "longText", ["label"] = Label("Details", "Détails"), ["hint"] = Label("Anything we should know", "Ce que nous devons savoir") },
            new JsonObject { ["name"] = "guests", ["type"] = "number", ["label"] = Label("Guests", "Invités"), ["min"] = 1, ["max"] = 500, ["decimals"] = 0 },
            new JsonObject { ["name"] = "budget", ["type"] = "money", ["label"] = Label("Budget", "Budget"), ["currency"] = "EUR", ["max"] = 10000 },
            new JsonObject { ["name"] = "date", ["type"] = "date", ["label"] = Label("Date", "Date"), ["required"] = true, ["minDate"] = "today", ["maxDate"] = "today+365" },
            new JsonObject
            {
                ["name"] = "music", ["type"] = "choice", ["label"] = Label("Music", "Musique"),
                ["choices"] = new JsonArray(new JsonObject { ["value"] = "none", ["label"] = Label("None", "Aucune") }, new JsonObject { ["value"] = "live", ["label"] = Label("Live band", "Groupe") }),
            },
            new JsonObject
            {
                ["name"] = "stalls", ["type"] = "multiChoice", ["label"] = Label("Stalls", "Stands"), ["maxSelections"] = 2,
                ["choices"] = new JsonArray(new JsonObject { ["value"] = "food", ["label"] = Label("Food", "Nourriture") }, new JsonObject { ["value"] = "games", ["label"] = Label("Games", "Jeux") }),
            },
            new JsonObject { ["name"] = "amplified", ["type"] = "yesNo", ["label"] = Label("Amplified sound", "Son amplifié"), ["required"] = true, ["condition"] = new JsonObject { ["field"] = "music", ["equals"] = new JsonArray("live") } },
            new JsonObject { ["name"] = "map", ["type"] = "file", ["label"] = Label("Map", "Plan") },
            new JsonObject { ["name"] = "organiser", ["type"] = "address", ["label"] = Label("Organiser's address", "Adresse de l'organisateur"), ["countries"] = new JsonArray("BE", "FR") },
            new JsonObject { ["name"] = "organiserId", ["type"] = "nationalId", ["label"] = Label("Organiser's national id", "Identifiant national"), ["length"] = 11 },
            new JsonObject { ["name"] = "email", ["type"] = "email", ["label"] = Label("E-mail", "E-mail") },
            new JsonObject { ["name"] = "phone", ["type"] = "phone", ["label"] = Label("Phone", "Téléphone") });
    }
}
