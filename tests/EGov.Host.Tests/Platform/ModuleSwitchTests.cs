using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.Host.Tests.Hardening;
using EGov.Testing;

namespace EGov.Host.Tests.Platform;

/// <summary>
/// <c>Modules:&lt;Name&gt;:Enabled=false</c>: the module's routes, OpenAPI document, subscriptions and schema are gone
/// from a fresh deployment, and every documented read of the modules that stay on still answers without a 5xx.
/// </summary>
public sealed class ModuleSwitchTests
{
    private static readonly string[] ModuleCodes = ["g2b", "g2c", "g2e", "g2g", "notify"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_G2C_off_its_routes_document_and_schema_are_gone_and_the_others_work()
    {
        await using var platform = await PlatformFactory.StartAsync("g2c_off", Off("Citizens"));
        using var client = platform.CreateClient();
        var callers = await Callers.SignInAllAsync(client);

        await AssertModulesAsync(client, off: "g2c");
        await AssertSwitchedOffAsync(platform, client, callers, "g2c");
        await AssertReadsOfTheOthersWorkAsync(client, callers, minimumDocuments: 4);

        // G2G's events still reach the modules that subscribe, and the one that is off is not waited for.
        var code = "SW" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        using var admin = await platform.ClientForAsync("admin.jan");
        (await admin.PostAsJsonAsync("/api/g2g/agencies", new { code, name = "Switch Office", level = "national" }, Ct)).EnsureSuccessStatusCode();
        var cs = platform.ConnectionString;
        Assert.True(await Database.EventuallyAsync(async () =>
            await Database.CountAsync(cs, "SELECT count(*) FROM g2b.agencies WHERE code = @c", ("c", code)) == 1
            && await Database.CountAsync(cs, "SELECT count(*) FROM g2e.agencies WHERE code = @c", ("c", code)) == 1));
        Assert.True(await Database.EventuallyAsync(async () => await Database.CountAsync(cs,
            "SELECT count(*) FROM g2g.outbox_messages WHERE dispatched_at IS NOT NULL AND attempts = 1 AND last_error IS NULL AND payload->'agency'->>'code' = @c",
            ("c", code)) == 1));

        // A module that is off has no audit trail to verify here.
        using var auditor = await platform.ClientForAsync("auditor.karl");
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/api/platform/audit/g2c/verify", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/platform/audit/g2g/verify", Ct)).StatusCode);
    }

    [Fact]
    public async Task With_G2G_off_G2C_works_on_its_copy_of_the_agency_registry()
    {
        await using var platform = await PlatformFactory.StartAsync("g2g_off", Off("Agencies"));
        using var client = platform.CreateClient();
        var callers = await Callers.SignInAllAsync(client);

        await AssertModulesAsync(client, off: "g2g");
        await AssertSwitchedOffAsync(platform, client, callers, "g2g");
        await AssertReadsOfTheOthersWorkAsync(client, callers, minimumDocuments: 4);

        // The catalogue still answers; the copy of the registry stays as G2G last fed it (empty in a fresh
        // database), so a disclosure request can name no agency: a 400 naming the field, never a 5xx.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/g2c/services", Ct)).StatusCode);
        Assert.Equal(0, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM g2c.agencies"));
        using var citizen = await platform.ClientForAsync("citizen.anna");
        using var refused = await citizen.PostAsJsonAsync(
            "/api/g2c/disclosure-requests", new { agencyCode = "NCR", title = "Budget", question = "What was spent on roads?" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("agencyCode", out _), problem.ToString());
    }

    private static Dictionary<string, string?> Off(string module) => new() { [$"Modules:{module}:Enabled"] = "false" };

    /// <summary>The module list names every module and says which is off; the one that is off has no document.</summary>
    private static async Task AssertModulesAsync(HttpClient client, string off)
    {
        var modules = (await client.GetFromJsonAsync<JsonElement>("/api/platform/modules", Ct)).EnumerateArray().ToList();
        Assert.Equal(ModuleCodes, modules.Select(m => m.GetProperty("code").GetString()!).Order(StringComparer.Ordinal));
        foreach (var module in modules)
        {
            var code = module.GetProperty("code").GetString();
            var enabled = code != off;
            Assert.Equal(enabled, module.GetProperty("enabled").GetBoolean());
            Assert.Equal(enabled ? $"/openapi/{code}.json" : null, module.GetProperty("openApi").GetString());
        }
    }

    /// <summary>
    /// Its document and API reference entry are gone, every operation of its committed document answers 404 to a
    /// caller it would admit, and its schema was never created.
    /// </summary>
    private static async Task AssertSwitchedOffAsync(PlatformFactory platform, HttpClient client, IReadOnlyList<Caller> callers, string code)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/openapi/{code}.json", Ct)).StatusCode);
        var reference = await client.GetStringAsync("/scalar/", Ct);
        Assert.DoesNotContain($"openapi/{code}.json", reference, StringComparison.Ordinal);
        Assert.Contains("openapi/platform.json", reference, StringComparison.Ordinal);

        var committed = CommittedDocument(code);
        var operations = ApiDocumentReader.Operations(committed);
        Assert.NotEmpty(operations);
        foreach (var operation in operations)
        {
            var caller = Callers.For(operation, callers).Allowed[0];
            using var request = ProbeRequests.For(operation);
            caller.Authorize(request);
            using var response = await client.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{operation} as {caller}: {(int)response.StatusCode}");
        }

        var cs = platform.ConnectionString;
        Assert.Equal(0, await Database.CountAsync(cs, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = @s", ("s", code)));
        foreach (var other in ModuleCodes.Where(s => s != code))
        {
            Assert.Equal(1, await Database.CountAsync(cs, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = @s", ("s", other)));
        }
    }

    /// <summary>
    /// Every GET of every document still served, by every caller it admits: no 5xx, and each document with reads
    /// answers at least one of them with success (its routes are live, not merely absent).
    /// </summary>
    private static async Task AssertReadsOfTheOthersWorkAsync(HttpClient client, IReadOnlyList<Caller> callers, int minimumDocuments)
    {
        var (documents, _) = await ApiDocumentReader.DiscoverAsync(client, Ct);
        Assert.True(documents.Count >= minimumDocuments, string.Join(", ", documents.Select(d => d.Name)));

        var failures = new List<string>();
        var requests = 0;
        foreach (var document in documents)
        {
            var reads = ApiDocumentReader.Operations(document).Where(o => o.Method == "GET").ToList();
            var succeeded = 0;
            foreach (var operation in reads)
            {
                foreach (var caller in Callers.For(operation, callers).Allowed)
                {
                    using var request = ProbeRequests.For(operation);
                    caller.Authorize(request);
                    using var response = await client.SendAsync(request, Ct);
                    requests++;
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{operation} as {caller}: {(int)response.StatusCode}");
                    }
                    else if (response.IsSuccessStatusCode)
                    {
                        succeeded++;
                    }
                }
            }

            if (reads.Count > 0 && succeeded == 0)
            {
                failures.Add($"{document.Name}: none of its {reads.Count} reads succeeded for any caller");
            }
        }

        Assert.True(failures.Count == 0, $"{requests} requests: " + string.Join(Environment.NewLine, failures));
    }

    /// <summary>The module's OpenAPI document as committed (tests/EGov.Clients.Tests/openapi), found from the test output.</summary>
    private static ApiDocument CommittedDocument(string code)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "tests", "EGov.Clients.Tests", "openapi", $"{code}.json");
            if (File.Exists(path))
            {
                return new ApiDocument(code, $"/openapi/{code}.json", JsonNode.Parse(File.ReadAllText(path))!.AsObject());
            }
        }

        throw new InvalidOperationException($"tests/EGov.Clients.Tests/openapi/{code}.json was not found above the test output folder.");
    }
}
