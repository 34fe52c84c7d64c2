using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Agencies.Tests;

/// <summary>The agency registry through HTTP, with real tokens and a real PostgreSQL.</summary>
public sealed class AgencyRegistryTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PlatformFactory Platform => fixture.Platform;

    private static string NewCode() => "T" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();

    [Fact]
    public async Task Anyone_lists_the_seeded_agencies_paged()
    {
        using var anonymous = Platform.CreateClient();
        using var response = await anonymous.GetAsync("/api/g2g/agencies?pageSize=3", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(3, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("total").GetInt32() >= 7);
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(3, page.GetProperty("pageSize").GetInt32());

        var regional = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2g/agencies?level=regional", Ct);
        Assert.All(regional.GetProperty("items").EnumerateArray(), a => Assert.Equal("regional", a.GetProperty("level").GetString()));
        Assert.Contains(regional.GetProperty("items").EnumerateArray(), a => a.GetProperty("code").GetString() == "NRA");

        var ncr = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2g/agencies/ncr", Ct);
        Assert.Equal("National Civil Registry", ncr.GetProperty("name").GetString());
        Assert.Equal("MOI", ncr.GetProperty("parentCode").GetString());
    }

    [Fact]
    public async Task Unknown_agency_is_a_404_problem()
    {
        using var anonymous = Platform.CreateClient();
        using var response = await anonymous.GetAsync("/api/g2g/agencies/NOPE99", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task Bad_paging_and_filters_are_field_errors()
    {
        using var anonymous = Platform.CreateClient();
        using var response = await anonymous.GetAsync("/api/g2g/agencies?page=0&pageSize=1000&level=galactic", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("page", out _));
        Assert.True(errors.TryGetProperty("pageSize", out _));
        Assert.True(errors.TryGetProperty("level", out _));
    }

    [Fact]
    public async Task Admin_registers_an_agency_that_every_module_copies_once_and_that_is_audited()
    {
        var code = NewCode();
        using var admin = await Platform.ClientForAsync("admin.jan");
        using var response = await admin.PostAsJsonAsync("/api/g2g/agencies", new
        {
            code,
            name = "Office of Maritime Affairs",
            level = "national",
            parentCode = "MOI",
            contactEmail = "info@oma.gov.example",
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/g2g/agencies/{code}", response.Headers.Location?.OriginalString);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal(1, created.GetProperty("version").GetInt64());

        var fetched = await admin.GetFromJsonAsync<JsonElement>($"/api/g2g/agencies/{code}", Ct);
        Assert.Equal("Office of Maritime Affairs", fetched.GetProperty("name").GetString());

        var cs = Platform.ConnectionString;
        Assert.Equal(1, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.outbox_messages WHERE type = 'AgencyRegistered' AND payload->'agency'->>'code' = @c", ("c", code)));
        Assert.Equal(1, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.audit_log WHERE action = 'agency.registered' AND entity_id = @c AND actor <> 'anonymous'", ("c", code)));

        foreach (var schema in new[] { "g2c", "g2b", "g2e" })
        {
            Assert.True(
                await Database.EventuallyAsync(async () => await Database.CountAsync(cs, $"SELECT count(*) FROM {schema}.agencies WHERE code = @c", ("c", code)) == 1),
                $"{schema} has no copy of {code}");
            Assert.Equal(1, await Database.CountAsync(cs, $"SELECT count(*) FROM {schema}.agencies WHERE code = @c AND name = 'Office of Maritime Affairs' AND version = 1", ("c", code)));
        }
    }

    [Fact]
    public async Task An_update_bumps_the_version_and_reaches_the_copies()
    {
        var code = NewCode();
        using var admin = await Platform.ClientForAsync("admin.jan");
        (await admin.PostAsJsonAsync("/api/g2g/agencies", new { code, name = "Harbour Office", level = "municipal" }, Ct)).EnsureSuccessStatusCode();

        using var response = await admin.PutAsJsonAsync($"/api/g2g/agencies/{code}", new
        {
            name = "Harbour and Coast Office",
            level = "regional",
            parentCode = "MOI",
            status = "inactive",
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, updated.GetProperty("version").GetInt64());
        Assert.Equal("inactive", updated.GetProperty("status").GetString());
        Assert.Equal("regional", updated.GetProperty("level").GetString());

        var cs = Platform.ConnectionString;
        foreach (var schema in new[] { "g2c", "g2b", "g2e" })
        {
            Assert.True(
                await Database.EventuallyAsync(async () => await Database.CountAsync(cs,
                    $"SELECT count(*) FROM {schema}.agencies WHERE code = @c AND version = 2 AND name = 'Harbour and Coast Office' AND status = 'inactive'", ("c", code)) == 1),
                $"{schema} did not receive the update of {code}");
        }

        // Sending the same details again changes nothing and publishes nothing.
        using var same = await admin.PutAsJsonAsync($"/api/g2g/agencies/{code}", new
        {
            name = "Harbour and Coast Office",
            level = "regional",
            parentCode = "MOI",
            status = "inactive",
        }, Ct);
        Assert.Equal(2, (await same.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("version").GetInt64());
        Assert.Equal(1, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.outbox_messages WHERE type = 'AgencyUpdated' AND payload->'agency'->>'code' = @c", ("c", code)));
    }

    [Fact]
    public async Task Only_platform_admins_change_the_registry()
    {
        var code = NewCode();
        var body = new { code, name = "Unauthorised Office", level = "national" };
        using var anonymous = Platform.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/g2g/agencies", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/g2g/agencies/NCR", body, Ct)).StatusCode);

        foreach (var user in new[] { "citizen.anna", "caseworker.david", "official.lena", "auditor.karl" })
        {
            using var client = await Platform.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/g2g/agencies", body, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync("/api/g2g/agencies/NCR", new { name = "Hijacked", level = "national" }, Ct)).StatusCode);
        }

        using var service = Platform.CreateClient();
        var token = await Tokens.ClientCredentialsAsync(service, "agency-ncr", "agency-ncr-dev-secret");
        service.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostAsJsonAsync("/api/g2g/agencies", body, Ct)).StatusCode);

        Assert.Equal(0, await Database.CountAsync(Platform.ConnectionString, "SELECT count(*) FROM g2g.agencies WHERE code = @c", ("c", code)));
        var ncr = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2g/agencies/NCR", Ct);
        Assert.Equal("National Civil Registry", ncr.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Bad_input_is_a_validation_problem_and_writes_nothing()
    {
        using var admin = await Platform.ClientForAsync("admin.jan");
        var cs = Platform.ConnectionString;
        var before = await CountWritesAsync(cs);

        using var response = await admin.PostAsJsonAsync("/api/g2g/agencies", new
        {
            code = "bad code!",
            name = "",
            level = "galactic",
            parentCode = "NOSUCH",
            contactEmail = "not-an-email",
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        foreach (var field in new[] { "code", "name", "level", "parentCode", "contactEmail" })
        {
            Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}");
            Assert.True(messages.GetArrayLength() > 0);
        }

        using var missing = await admin.PostAsJsonAsync("/api/g2g/agencies", new { }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        using var malformed = await admin.PostAsync("/api/g2g/agencies", new StringContent("{\"code\": \"X", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var problem = await malformed.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("RegisterAgencyRequest", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem, StringComparison.Ordinal);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        using var wrongTypes = await admin.PostAsync("/api/g2g/agencies", new StringContent("{\"code\": 42, \"name\": []}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrongTypes.StatusCode);

        using var cycle = await admin.PutAsJsonAsync("/api/g2g/agencies/MOI", new { name = "Ministry of the Interior", level = "national", parentCode = "CCM" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.True((await cycle.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("parentCode", out _));

        using var unknown = await admin.PutAsJsonAsync("/api/g2g/agencies/NOPE99", new { name = "Nobody", level = "national" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        Assert.Equal(before, await CountWritesAsync(cs));
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem_and_writes_nothing()
    {
        using var admin = await Platform.ClientForAsync("admin.jan");
        var code = NewCode();
        using var response = await admin.PostAsJsonAsync("/api/g2g/agencies", new { code, name = new string('x', 2_000_000), level = "national" }, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await Database.CountAsync(Platform.ConnectionString, "SELECT count(*) FROM g2g.agencies WHERE code = @c", ("c", code)));
    }

    [Fact]
    public async Task A_duplicate_code_is_a_conflict()
    {
        using var admin = await Platform.ClientForAsync("admin.jan");
        using var response = await admin.PostAsJsonAsync("/api/g2g/agencies", new { code = "ncr", name = "Another Civil Registry", level = "national" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var ncr = await admin.GetFromJsonAsync<JsonElement>("/api/g2g/agencies/NCR", Ct);
        Assert.Equal("National Civil Registry", ncr.GetProperty("name").GetString());
    }

    private static async Task<(long Agencies, long Outbox, long Audit)> CountWritesAsync(string cs) => (
        await Database.CountAsync(cs, "SELECT count(*) FROM g2g.agencies"),
        await Database.CountAsync(cs, "SELECT count(*) FROM g2g.outbox_messages"),
        await Database.CountAsync(cs, "SELECT count(*) FROM g2g.audit_log"));
}
