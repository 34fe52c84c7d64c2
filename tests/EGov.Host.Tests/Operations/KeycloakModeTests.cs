using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Host.Tests.Identity;
using EGov.Testing;

namespace EGov.Host.Tests.Operations;

/// <summary>
/// The production identity path without Keycloak: host A serves only the development issuer (Keycloak's paths,
/// Keycloak's token shape) on a real socket, with its public URL <c>http://localhost:{port}</c>. Host B runs in
/// Keycloak mode with exactly the settings docker-compose.yml gives the platform: development issuer off, the
/// discovery document fetched from an internal address (<c>127.0.0.1</c>, like <c>keycloak:8080</c> in compose), the
/// issuer validated as the public URL, plain-http metadata allowed, environment Production.
/// </summary>
public sealed class KeycloakModeTests : IAsyncLifetime
{
    private KestrelPlatform? _issuer;
    private PlatformFactory? _api;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private KestrelPlatform Issuer => _issuer!;

    private PlatformFactory Api => _api!;

    public async ValueTask InitializeAsync()
    {
        _issuer = await KestrelPlatform.StartAsync("kc-issuer", port => new Dictionary<string, string?>
        {
            ["Keycloak:ServerUrl"] = $"http://localhost:{port}",
            ["DevelopmentIssuer:Enabled"] = "true",
        });

        var publicUrl = $"http://localhost:{Issuer.Port}";
        _api = new PlatformFactory(
            await PostgresServer.CreateDatabaseAsync("kc-api"),
            new Dictionary<string, string?>
            {
                ["DevelopmentIssuer:Enabled"] = "false",
                ["Keycloak:ServerUrl"] = publicUrl,
                ["Keycloak:ValidIssuer"] = $"{publicUrl}/realms/egov",
                ["Keycloak:MetadataAddress"] = $"http://127.0.0.1:{Issuer.Port}/realms/egov/.well-known/openid-configuration",
                ["Keycloak:RequireHttpsMetadata"] = "false",
            },
            environment: "Production");
        _api.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_api_host_serves_no_issuer_of_its_own()
    {
        using var client = Api.CreateClient();
        using var discovery = await client.GetAsync("/realms/egov/.well-known/openid-configuration", Ct);
        Assert.Equal(HttpStatusCode.NotFound, discovery.StatusCode);

        using var token = await client.PostAsync(Tokens.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "egov-portal", ["username"] = "admin.jan", ["password"] = Tokens.DemoPassword,
        }), Ct);
        // No token endpoint: 404, or 405 where a Development build's static-asset fallback (GET only) matches the path.
        Assert.Contains(token.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.DoesNotContain("access_token", await token.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_platform_admin_token_from_the_issuer_registers_an_agency_on_the_api_host()
    {
        using var admin = await ApiClientWithTokenFromIssuerAsync("admin.jan");

        using var me = await admin.GetAsync("/api/platform/me", Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using (var caller = JsonDocument.Parse(await me.Content.ReadAsStringAsync(Ct)))
        {
            Assert.Equal("admin.jan", caller.RootElement.GetProperty("username").GetString());
            Assert.Contains("platform-admin", caller.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        }

        using var created = await admin.PostAsJsonAsync("/api/g2g/agencies", new { code = "KCM", name = "Keycloak Mode Office", level = "national" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, await Database.CountAsync(Api.ConnectionString, "SELECT count(*) FROM g2g.agencies WHERE code = 'KCM'"));
    }

    [Fact]
    public async Task A_citizen_token_from_the_issuer_is_authenticated_but_forbidden_to_register_agencies()
    {
        using var citizen = await ApiClientWithTokenFromIssuerAsync("citizen.anna");

        using var me = await citizen.GetAsync("/api/platform/me", Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using (var caller = JsonDocument.Parse(await me.Content.ReadAsStringAsync(Ct)))
        {
            Assert.Contains("citizen", caller.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.True(caller.RootElement.GetProperty("hasNationalId").GetBoolean());
        }

        using var created = await citizen.PostAsJsonAsync("/api/g2g/agencies", new { code = "KCC", name = "Not Allowed", level = "national" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal(0, await Database.CountAsync(Api.ConnectionString, "SELECT count(*) FROM g2g.agencies WHERE code = 'KCC'"));
    }

    [Fact]
    public async Task A_service_account_token_carries_its_agency_to_the_api_host()
    {
        var token = await Tokens.ClientCredentialsAsync(Issuer.Client, "agency-ncr", "agency-ncr-dev-secret");
        using var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var me = await client.GetAsync("/api/platform/me", Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var caller = JsonDocument.Parse(await me.Content.ReadAsStringAsync(Ct));
        Assert.Equal("NCR", caller.RootElement.GetProperty("agencyId").GetString());
        Assert.Contains("agency", caller.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_token_signed_with_the_same_key_but_another_issuer_is_rejected()
    {
        // The shared test platform signs with the same key file but is its own issuer (http://localhost:8080/realms/egov):
        // only the issuer check can tell its tokens apart.
        await using var other = await PlatformFactory.StartAsync("kc-other");
        using var otherClient = other.CreateClient();
        var foreignToken = await Tokens.PasswordAsync(otherClient, "admin.jan");
        Assert.NotEqual($"http://localhost:{Issuer.Port}/realms/egov", Jwt.Payload(foreignToken).GetProperty("iss").GetString());

        using var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", foreignToken);
        using var created = await client.PostAsJsonAsync("/api/g2g/agencies", new { code = "KCX", name = "Foreign", level = "national" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, created.StatusCode);
        Assert.Equal(0, await Database.CountAsync(Api.ConnectionString, "SELECT count(*) FROM g2g.agencies WHERE code = 'KCX'"));
    }

    [Fact]
    public async Task A_token_with_the_right_issuer_but_an_unknown_key_is_rejected()
    {
        // Same public issuer name, a signing key the issuer's JWKS does not publish.
        var keyFile = Path.Combine(Path.GetTempPath(), $"egov-tests-{Environment.ProcessId}", $"foreign-{Guid.NewGuid():N}.pem");
        await using var forger = await PlatformFactory.StartAsync("kc-forger", new Dictionary<string, string?>
        {
            ["Keycloak:ServerUrl"] = $"http://localhost:{Issuer.Port}",
            ["DevelopmentIssuer:KeyFile"] = keyFile,
        });
        using var forgerClient = forger.CreateClient();
        var forged = await Tokens.PasswordAsync(forgerClient, "admin.jan");
        Assert.Equal($"http://localhost:{Issuer.Port}/realms/egov", Jwt.Payload(forged).GetProperty("iss").GetString());

        using var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        using var me = await client.GetAsync("/api/platform/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task An_anonymous_call_to_a_protected_endpoint_is_401()
    {
        using var client = Api.CreateClient();
        using var me = await client.GetAsync("/api/platform/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    private async Task<HttpClient> ApiClientWithTokenFromIssuerAsync(string username)
    {
        // The token comes over the issuer's socket, as a browser or portal gets it from Keycloak.
        var token = await Tokens.PasswordAsync(Issuer.Client, username);
        Assert.Equal($"http://localhost:{Issuer.Port}/realms/egov", Jwt.Payload(token).GetProperty("iss").GetString());
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
