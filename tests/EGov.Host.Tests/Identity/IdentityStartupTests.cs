using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.Host.Tests.Platform;
using Microsoft.Extensions.Options;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>
/// Start-up of the identity part on its own: what it refuses (Production, a realm file it cannot emulate, bad
/// settings), a key that survives a restart, and roles of the API client from <c>resource_access</c>.
/// </summary>
public sealed class IdentityStartupTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string folder = IdentityHost.TemporaryFolder();

    private string KeyFile => Path.Combine(folder, "signing-key.pem");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_issuer_refuses_to_run_in_Production_with_one_clear_line()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => IdentityHost.StartAsync(
            new Dictionary<string, string?> { ["DevelopmentIssuer:Enabled"] = "true", ["DevelopmentIssuer:KeyFile"] = KeyFile }, "Production"));

        Assert.StartsWith("DevelopmentIssuer:Enabled is true but the environment is Production", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(KeyFile), "no key may be created for a refused issuer");
    }

    [Fact]
    public async Task The_platform_process_refuses_Production_with_the_issuer_on_as_one_readable_line()
    {
        var (exitCode, stderr) = await ConfigurationTests.RunHostAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DevelopmentIssuer__Enabled"] = "true",
            ["DevelopmentIssuer__KeyFile"] = KeyFile,
            ["ConnectionStrings__Platform"] = "Host=127.0.0.1;Port=1;Database=unused;Username=unused",
        });

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("EGov.Platform cannot start: DevelopmentIssuer:Enabled is true but the environment is Production", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Production_the_issuer_is_off_by_default_and_its_paths_do_not_exist()
    {
        await using var host = await IdentityHost.StartAsync(new Dictionary<string, string?>
        {
            ["Keycloak:ServerUrl"] = "https://id.example.gov",
        }, "Production");

        using var discovery = await host.Client.GetAsync("/realms/egov/.well-known/openid-configuration", Ct);
        Assert.Equal(HttpStatusCode.NotFound, discovery.StatusCode);
        using var token = await host.Client.PostAsync(Jwt.TokenPath, new FormUrlEncodedContent(Jwt.Password("citizen.anna")), Ct);
        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
    }

    [Fact]
    public async Task An_unsupported_mapper_in_the_realm_file_stops_the_start_naming_the_mapper()
    {
        var realm = ShippedRealm();
        var portal = realm["clients"]!.AsArray().First(c => (string?)c!["clientId"] == "egov-portal")!;
        portal["protocolMappers"] = new JsonArray(new JsonObject
        {
            ["name"] = "pairwise subject",
            ["protocol"] = "openid-connect",
            ["protocolMapper"] = "oidc-sha256-pairwise-sub-mapper",
            ["config"] = new JsonObject(),
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => IdentityHost.StartAsync(Settings(WriteRealm(realm))));

        Assert.Contains("client 'egov-portal', protocol mapper 'pairwise subject'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'oidc-sha256-pairwise-sub-mapper' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_realm_file_for_another_realm_is_refused()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => IdentityHost.StartAsync(
            new Dictionary<string, string?>(Settings(IdentityHost.ShippedRealmFile())) { ["Keycloak:Realm"] = "other" }));

        Assert.Contains("Keycloak:Realm is 'other' but the realm file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Keycloak:ServerUrl", "localhost:8080", "Keycloak:ServerUrl must be an absolute http(s) URL")]
    [InlineData("Keycloak:Audience", " ", "Keycloak:Audience must name the API client")]
    [InlineData("Keycloak:ClockSkewSeconds", "-5", "Keycloak:ClockSkewSeconds must be between 0 and 300")]
    [InlineData("Keycloak:RequireHttpsMetadata", "true", "Keycloak:RequireHttpsMetadata is on but the metadata address http://localhost:8080/realms/egov")]
    [InlineData("DevelopmentIssuer:Enabled", "maybe", "DevelopmentIssuer:Enabled")]
    [InlineData("DevelopmentIssuer:RealmFile", "/nonexistent/egov-realm.json", "DevelopmentIssuer:RealmFile /nonexistent/egov-realm.json does not exist")]
    [InlineData("DevelopmentIssuer:AccessTokenLifetimeSeconds", "0", "DevelopmentIssuer:AccessTokenLifetimeSeconds must be between")]
    public async Task Bad_settings_stop_the_start_with_a_message_naming_the_setting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>(Settings(IdentityHost.ShippedRealmFile())) { [key] = value };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => IdentityHost.StartAsync(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task The_signing_key_survives_a_restart()
    {
        string kid;
        string token;
        await using (var first = await IdentityHost.StartAsync(Settings(IdentityHost.ShippedRealmFile())))
        {
            token = await Jwt.AccessTokenAsync(first.Client, Jwt.Password("citizen.anna"));
            kid = Jwt.Header(token).GetProperty("kid").GetString()!;
        }

        Assert.True(File.Exists(KeyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        }

        await using var second = await IdentityHost.StartAsync(Settings(IdentityHost.ShippedRealmFile()));
        var jwks = await second.Client.GetFromJsonAsync<JsonElement>("/realms/egov/protocol/openid-connect/certs", Ct);
        Assert.Equal(kid, Assert.Single(jwks.GetProperty("keys").EnumerateArray()).GetProperty("kid").GetString());

        // A token signed before the restart is still accepted after it.
        using var probe = await second.Client.SendAsync(Jwt.Get(IdentityHost.ProbePath, token), Ct);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [Fact]
    public async Task A_new_key_file_means_a_new_key_and_old_tokens_are_refused()
    {
        string token;
        await using (var first = await IdentityHost.StartAsync(Settings(IdentityHost.ShippedRealmFile())))
        {
            token = await Jwt.AccessTokenAsync(first.Client, Jwt.Password("citizen.anna"));
        }

        File.Delete(KeyFile);
        await using var second = await IdentityHost.StartAsync(Settings(IdentityHost.ShippedRealmFile()));
        using var probe = await second.Client.SendAsync(Jwt.Get(IdentityHost.ProbePath, token), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, probe.StatusCode);
    }

    [Fact]
    public async Task Client_roles_of_the_API_client_become_roles_and_those_of_other_clients_do_not()
    {
        var realm = ShippedRealm();
        realm["roles"]!["client"] = new JsonObject
        {
            ["egov-api"] = new JsonArray(new JsonObject { ["name"] = "api-operator", ["description"] = "test" }),
            ["egov-portal"] = new JsonArray(new JsonObject { ["name"] = "portal-only", ["description"] = "test" }),
        };
        var anna = realm["users"]!.AsArray().First(u => (string?)u!["username"] == "citizen.anna")!;
        anna["clientRoles"] = new JsonObject
        {
            ["egov-api"] = new JsonArray("api-operator"),
            ["egov-portal"] = new JsonArray("portal-only"),
        };

        await using var host = await IdentityHost.StartAsync(Settings(WriteRealm(realm)));
        var token = await Jwt.AccessTokenAsync(host.Client, Jwt.Password("citizen.anna"));
        var claims = Jwt.Payload(token);

        Assert.Equal(["api-operator"], Jwt.Strings(claims.GetProperty("resource_access").GetProperty("egov-api").GetProperty("roles")));
        Assert.Equal(["portal-only"], Jwt.Strings(claims.GetProperty("resource_access").GetProperty("egov-portal").GetProperty("roles")));
        // The audience resolver adds egov-api (a role holder) but never the client the token is issued to.
        Assert.Equal("egov-api", claims.GetProperty("aud").GetString());

        using var probe = await host.Client.SendAsync(Jwt.Get(IdentityHost.ProbePath, token), Ct);
        var me = await probe.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["api-operator", "citizen"], Jwt.Strings(me.GetProperty("roles")));
    }

    [Fact]
    public async Task A_user_Keycloak_would_not_let_log_in_gets_no_token_here_either()
    {
        var realm = ShippedRealm();
        var users = realm["users"]!.AsArray();
        users.First(u => (string?)u!["username"] == "citizen.anna")!.AsObject().Remove("lastName");
        users.First(u => (string?)u!["username"] == "citizen.bruno")!["enabled"] = false;
        users.First(u => (string?)u!["username"] == "rep.clara")!["credentials"]![0]!["temporary"] = true;

        await using var host = await IdentityHost.StartAsync(Settings(WriteRealm(realm)));

        await AssertRefused(host, "citizen.anna", "Account is not fully set up");
        await AssertRefused(host, "citizen.bruno", "Account disabled");
        await AssertRefused(host, "rep.clara", "Account is not fully set up");

        static async Task AssertRefused(IdentityHost host, string username, string description)
        {
            var (status, body, response) = await Jwt.RequestAsync(host.Client, Jwt.Password(username));
            response.Dispose();
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
            Assert.Equal(description, body.GetProperty("error_description").GetString());
        }
    }

    [Fact]
    public async Task Tokens_from_the_issuer_follow_the_configured_server_url_and_lifetime()
    {
        await using var host = await IdentityHost.StartAsync(new Dictionary<string, string?>(Settings(IdentityHost.ShippedRealmFile()))
        {
            ["Keycloak:ServerUrl"] = "http://id.egov.test:9090/",
            ["DevelopmentIssuer:AccessTokenLifetimeSeconds"] = "120",
        });

        var discovery = await host.Client.GetFromJsonAsync<JsonElement>("/realms/egov/.well-known/openid-configuration", Ct);
        Assert.Equal("http://id.egov.test:9090/realms/egov", discovery.GetProperty("issuer").GetString());
        Assert.Equal("http://id.egov.test:9090/realms/egov/protocol/openid-connect/token", discovery.GetProperty("token_endpoint").GetString());

        var (_, body, response) = await Jwt.RequestAsync(host.Client, Jwt.Password("citizen.anna"));
        response.Dispose();
        Assert.Equal(120, body.GetProperty("expires_in").GetInt32());
        var claims = Jwt.Payload(body.GetProperty("access_token").GetString()!);
        Assert.Equal("http://id.egov.test:9090/realms/egov", claims.GetProperty("iss").GetString());
        Assert.Equal(120, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());

        using var probe = await host.Client.SendAsync(Jwt.Get(IdentityHost.ProbePath, body.GetProperty("access_token").GetString()), Ct);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    private Dictionary<string, string?> Settings(string realmFile) => new()
    {
        ["DevelopmentIssuer:RealmFile"] = realmFile,
        ["DevelopmentIssuer:KeyFile"] = KeyFile,
    };

    private static JsonNode ShippedRealm() => JsonNode.Parse(File.ReadAllText(IdentityHost.ShippedRealmFile()))!;

    private string WriteRealm(JsonNode realm)
    {
        var path = Path.Combine(folder, $"realm-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, realm.ToJsonString());
        return path;
    }
}
