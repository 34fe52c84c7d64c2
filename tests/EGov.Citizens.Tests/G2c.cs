using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.Testing;

namespace EGov.Citizens.Tests;

/// <summary>Small helpers for the G2C tests: submissions with idempotency keys, JSON reads, row counts.</summary>
internal static class G2c
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static object ParkingFields(string plate = "AB-1234") => new { plate, zone = 3, resident = true };

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/g2c/applications") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request, Ct);
    }

    /// <summary>Submits and returns the created application (fails the test unless 201).</summary>
    public static async Task<JsonElement> SubmitOkAsync(HttpClient client, object body)
    {
        using var response = await SubmitAsync(client, body);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    public static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string url, object? body = null) =>
        await client.PostAsJsonAsync(url, body ?? new { }, Ct);

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<long> CountAsync(PlatformFactory platform, string sql, params (string Name, object Value)[] parameters) =>
        Database.CountAsync(platform.ConnectionString, sql, parameters);

    /// <summary>The agency copy is fed by events: wait until the demo agencies have arrived.</summary>
    public static async Task AgenciesArrivedAsync(PlatformFactory platform) =>
        Assert.True(await Database.EventuallyAsync(async () =>
            await CountAsync(platform, "SELECT count(*) FROM g2c.agencies WHERE code IN ('NCR','CCM','NRA')") == 3), "the agency copy was not fed");
}

/// <summary>g2c-service packages for the tests, built on the lifecycle the shipped packages carry.</summary>
internal static class Packages
{
    /// <summary>The standard G2C lifecycle, as the shipped parking-permit package carries it.</summary>
    public static JsonNode StandardLifecycle() =>
        JsonNode.Parse(EGov.Citizens.Persistence.CatalogueSeeder.Packages().Single(p => p.Code == "parking-permit").Content.Lifecycle.ToJson())!;

    /// <summary>The standard lifecycle where an approval needs two different caseworkers.</summary>
    public static JsonNode FourEyesLifecycle()
    {
        var lifecycle = StandardLifecycle();
        var approve = lifecycle["transitions"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "approve")!;
        approve["fourEyes"] = true;
        return lifecycle;
    }

    public static JsonArray DefaultFields() => new(
        new JsonObject { ["name"] = "street", ["type"] = "text", ["label"] = new JsonObject { ["en"] = "Street", ["fr"] = "Rue" }, ["required"] = true, ["maxLength"] = 200 },
        new JsonObject { ["name"] = "date", ["type"] = "date", ["label"] = new JsonObject { ["en"] = "Date" }, ["required"] = true },
        new JsonObject { ["name"] = "guests", ["type"] = "number", ["label"] = new JsonObject { ["en"] = "Guests" }, ["min"] = 1, ["max"] = 500, ["decimals"] = 0 });

    /// <summary>A whole package of a street party permit (one page of <paramref name="fields"/>).</summary>
    public static JsonObject StreetParty(string code, string agency = "NCR", string title = "Street party permit", JsonArray? fields = null, JsonNode? lifecycle = null) => new()
    {
        ["kind"] = "g2c-service",
        ["formatVersion"] = 1,
        ["code"] = code,
        ["agency"] = agency,
        ["texts"] = new JsonObject
        {
            ["title"] = new JsonObject { ["en"] = title, ["fr"] = "Autorisation de fête de rue" },
            ["description"] = new JsonObject { ["en"] = "Close a street for a neighbourhood party.", ["fr"] = "Fermer une rue pour une fête de quartier." },
        },
        ["fee"] = new JsonObject { ["amount"] = 15.5m, ["currency"] = "EUR" },
        ["deadline"] = new JsonObject { ["workingDays"] = 10 },
        ["requiredDocuments"] = new JsonArray(new JsonObject { ["en"] = "Map of the closed street", ["fr"] = "Plan de la rue fermée" }),
        ["form"] = new JsonObject { ["pages"] = new JsonArray(new JsonObject { ["name"] = "party", ["fields"] = fields ?? DefaultFields() }) },
        ["lifecycle"] = lifecycle ?? StandardLifecycle(),
        ["documentTemplate"] = new JsonObject { ["type"] = code, ["title"] = new JsonObject { ["en"] = title }, ["layout"] = "certificate" },
        ["roles"] = new JsonObject
        {
            ["designers"] = new JsonArray("service-designer", "platform-admin"),
            ["caseworkers"] = new JsonArray("caseworker"),
            ["applicants"] = new JsonArray("citizen"),
        },
    };

    public static Task<HttpResponseMessage> ImportAsync(HttpClient client, JsonNode package) =>
        client.PostAsync("/api/g2c/services/packages", new StringContent(package.ToJsonString(), Encoding.UTF8, "application/json"), G2c.Ct);

    public static async Task<JsonObject> ExportAsync(HttpClient client, string code, int? version = null)
    {
        using var response = await client.GetAsync($"/api/g2c/services/{code}/package" + (version is null ? string.Empty : $"?version={version}"), G2c.Ct);
        var text = await response.Content.ReadAsStringAsync(G2c.Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}

/// <summary>Rows as releases before service packages left them.</summary>
internal static class OldRelease
{
    /// <summary>
    /// The parking permit as the old <c>Applications</c> migration inserted it (title_en/title_fr columns, the flat
    /// bilingual form); a database migrated up to <c>DisclosureRequests</c> had it, a fresh one migrated there now does not.
    /// </summary>
    public const string ParkingPermit = """
        INSERT INTO g2c.services (code, version, is_current, agency_code, title_en, title_fr, description_en, description_fr,
                                  fee_amount, fee_currency, deadline_days, required_documents, form, created_at, created_by)
        VALUES
            ('parking-permit', 1, true, 'CCM', 'Residential parking permit', 'Carte de stationnement résidentiel',
             'A yearly permit to park in your residential zone of the capital.', 'Une autorisation annuelle de stationner dans votre zone résidentielle de la capitale.',
             60, 'EUR', 5, ARRAY['Vehicle registration certificate'],
             '{"fields":[{"name":"plate","label":"Registration plate","labelFr":"Plaque d''immatriculation","type":"text","required":true,"pattern":"^[A-Z0-9-]{4,10}$"},
                         {"name":"zone","label":"Parking zone","labelFr":"Zone de stationnement","type":"number","required":true,"min":1,"max":12},
                         {"name":"resident","label":"I live in this zone","labelFr":"J''habite dans cette zone","type":"yes-no","required":true},
                         {"name":"vehicleRegistration","label":"Vehicle registration (attachment id)","labelFr":"Certificat d''immatriculation (pièce jointe)","type":"file","required":false}]}',
             '2026-01-01T00:00:00Z', 'platform');
        """;
}
