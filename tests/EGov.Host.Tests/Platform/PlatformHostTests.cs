using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Host.Tests.Platform;

/// <summary>The host's cross-cutting surface: health, OpenAPI, Scalar, problem details, platform endpoints.</summary>
public sealed class PlatformHostTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PlatformFactory Platform => fixture.Platform;

    [Fact]
    public async Task Liveness_and_readiness_report_the_database_and_the_silo()
    {
        using var client = Platform.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);

        using var ready = await client.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = await ready.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("postgresql").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("orleans").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("outbox").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("g2c", "/api/g2c")]
    [InlineData("g2b", "/api/g2b")]
    [InlineData("g2g", "/api/g2g/agencies")]
    [InlineData("g2e", "/api/g2e")]
    [InlineData("notify", "/api/notify")]
    [InlineData("platform", "/api/platform/me")]
    public async Task Each_module_has_its_own_OpenAPI_document_with_the_bearer_scheme(string document, string expectedPathPrefix)
    {
        using var client = Platform.CreateClient();
        using var response = await client.GetAsync($"/openapi/{document}.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var openApi = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.StartsWith("3.1", openApi.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("bearer", openApi.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        if (document is "g2g" or "platform")
        {
            var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Contains(paths, p => p.StartsWith(expectedPathPrefix, StringComparison.Ordinal));
            // The platform document holds the platform's own routes and those of the building blocks (signed documents).
            var prefixes = document == "g2g" ? new[] { "/api/g2g/" } : ["/api/platform/", "/api/documents/"];
            Assert.All(paths, p => Assert.Contains(prefixes, prefix => p.StartsWith(prefix, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_secured_ones_declare_401_and_403()
    {
        using var client = Platform.CreateClient();
        foreach (var document in new[] { "g2g", "platform" })
        {
            var openApi = await client.GetFromJsonAsync<JsonElement>($"/openapi/{document}.json", Ct);
            foreach (var path in openApi.GetProperty("paths").EnumerateObject())
            {
                foreach (var operation in path.Value.EnumerateObject())
                {
                    Assert.True(operation.Value.TryGetProperty("summary", out _), $"{operation.Name} {path.Name} has no summary");
                    if (operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0)
                    {
                        var responses = operation.Value.GetProperty("responses");
                        Assert.True(responses.TryGetProperty("401", out _), $"{operation.Name} {path.Name} lacks 401");
                        Assert.True(responses.TryGetProperty("403", out _), $"{operation.Name} {path.Name} lacks 403");
                    }
                }
            }
        }

        var g2g = await client.GetFromJsonAsync<JsonElement>("/openapi/g2g.json", Ct);
        var register = g2g.GetProperty("paths").GetProperty("/api/g2g/agencies").GetProperty("post");
        Assert.True(register.TryGetProperty("security", out _));
        Assert.True(register.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(register.GetProperty("responses").TryGetProperty("409", out _));
        var list = g2g.GetProperty("paths").GetProperty("/api/g2g/agencies").GetProperty("get");
        Assert.Equal(0, list.GetProperty("security").GetArrayLength()); // public: security: []
    }

    [Fact]
    public async Task Scalar_serves_the_reference_without_a_CDN()
    {
        using var client = Platform.CreateClient();
        using var response = await client.GetAsync("/scalar/", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        foreach (var document in new[] { "g2c", "g2b", "g2g", "g2e", "notify", "platform" })
        {
            Assert.Contains($"\"url\":\"openapi/{document}.json\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("\"preferredSecurityScheme\":[\"Bearer\"]", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/scalar.js", Ct)).StatusCode);
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_response()
    {
        using var client = Platform.CreateClient();
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete, HttpMethod.Patch })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(method, "/api/g2g/nothing-here"), Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_known_route_answers_a_wrong_method_with_405_and_a_wrong_content_type_with_415()
    {
        using var client = Platform.CreateClient();
        using var wrongMethod = await client.DeleteAsync("/api/g2c/services", Ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Contains("GET", wrongMethod.Content.Headers.Allow);

        using var wrongType = await client.PostAsync($"/api/g2c/applications/{Guid.NewGuid()}/attachments", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
    }

    [Fact]
    public async Task The_caller_endpoint_shows_roles_and_claims_but_never_the_national_id()
    {
        using var anonymous = Platform.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/platform/me", Ct)).StatusCode);

        using var citizen = await Platform.ClientForAsync("citizen.anna");
        using var response = await citizen.GetAsync("/api/platform/me", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("85031200421", body, StringComparison.Ordinal);
        var me = JsonDocument.Parse(body).RootElement;
        Assert.Equal("citizen.anna", me.GetProperty("username").GetString());
        Assert.Contains("citizen", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(me.GetProperty("hasNationalId").GetBoolean());

        using var rep = await Platform.ClientForAsync("rep.clara");
        var clara = await rep.GetFromJsonAsync<JsonElement>("/api/platform/me", Ct);
        Assert.Equal(["BRN-100001", "BRN-100002"], clara.GetProperty("mandates").EnumerateArray().Select(m => m.GetString()).ToArray());

        using var caseworker = await Platform.ClientForAsync("caseworker.david");
        var david = await caseworker.GetFromJsonAsync<JsonElement>("/api/platform/me", Ct);
        Assert.Equal("NCR", david.GetProperty("agencyId").GetString());
        Assert.Equal("E-1001", david.GetProperty("employeeId").GetString());
        Assert.Equal("Civil Registration", david.GetProperty("department").GetString());
    }

    [Fact]
    public async Task Only_platform_admins_see_the_outbox()
    {
        using var anonymous = Platform.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/platform/outbox", Ct)).StatusCode);
        using var auditor = await Platform.ClientForAsync("auditor.karl");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/api/platform/outbox", Ct)).StatusCode);
        using var admin = await Platform.ClientForAsync("admin.jan");
        using var response = await admin.GetAsync("/api/platform/outbox?stuck=true", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/platform/outbox/g2g/{Guid.NewGuid()}/retry", null, Ct)).StatusCode);
    }
}
