using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Host.Identity;
using EGov.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>
/// The embedded development issuer of the running platform, over HTTP as any OAuth client uses it: tokens of
/// Keycloak's shape for every demo user and agency client, Keycloak's error answers, discovery and JWKS.
/// </summary>
public sealed class DevelopmentIssuerTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PlatformFactory Platform => fixture.Platform;

    private string ExpectedIssuer =>
        Platform.Services.GetRequiredService<IOptions<KeycloakSettings>>().Value.Issuer;

    [Theory]
    [MemberData(nameof(DemoUsers.Users), MemberType = typeof(DemoUsers))]
    public async Task Every_demo_user_gets_a_Keycloak_shaped_token_the_API_accepts(DemoUser user)
    {
        using var client = Platform.CreateClient();
        var form = Jwt.Password(user.Username);
        form["scope"] = "openid";
        var (status, body, response) = await Jwt.RequestAsync(client, form);
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(300, body.GetProperty("expires_in").GetInt32());
        Assert.Equal(0, body.GetProperty("refresh_expires_in").GetInt32());
        Assert.Equal(0, body.GetProperty("not-before-policy").GetInt32());
        Assert.Equal("openid profile email", body.GetProperty("scope").GetString());

        var token = body.GetProperty("access_token").GetString()!;
        var header = Jwt.Header(token);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));

        var claims = Jwt.Payload(token);
        Assert.Equal(ExpectedIssuer, claims.GetProperty("iss").GetString());
        Assert.EndsWith("/realms/egov", claims.GetProperty("iss").GetString(), StringComparison.Ordinal);
        Assert.Equal("egov-api", claims.GetProperty("aud").GetString());
        Assert.Equal(user.Subject, claims.GetProperty("sub").GetString());
        Assert.Equal("Bearer", claims.GetProperty("typ").GetString());
        Assert.Equal("egov-portal", claims.GetProperty("azp").GetString());
        Assert.Equal("1", claims.GetProperty("acr").GetString());
        Assert.True(Guid.TryParse(claims.GetProperty("sid").GetString(), out _));
        Assert.True(Guid.TryParse(claims.GetProperty("jti").GetString(), out _));
        Assert.Equal(300, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.Equal(claims.GetProperty("iat").GetInt64(), claims.GetProperty("auth_time").GetInt64());
        Assert.Equal("openid profile email", claims.GetProperty("scope").GetString());
        Assert.Equal(user.Roles.Order(StringComparer.Ordinal), Jwt.Strings(claims.GetProperty("realm_access").GetProperty("roles")).Order(StringComparer.Ordinal));
        Assert.False(claims.TryGetProperty("resource_access", out _), "no client roles, so no resource_access");
        Assert.Equal(user.Username, claims.GetProperty("preferred_username").GetString());
        Assert.True(claims.GetProperty("email_verified").GetBoolean());
        Assert.Equal($"{user.Username}@demo.egov.example", claims.GetProperty("email").GetString());
        Assert.Equal($"{claims.GetProperty("given_name").GetString()} {claims.GetProperty("family_name").GetString()}", claims.GetProperty("name").GetString());
        Assert.Equal(["http://localhost:8080"], Jwt.Strings(claims.GetProperty("allowed-origins")));
        Assert.False(claims.TryGetProperty("client_id", out _), "client_id belongs to service-account tokens only");
        AssertOptionalClaim(claims, "national_id", user.NationalId);
        AssertOptionalClaim(claims, "agency_id", user.AgencyId);
        AssertOptionalClaim(claims, "employee_id", user.EmployeeId);
        AssertOptionalClaim(claims, "department", user.Department);
        if (user.Mandates is null)
        {
            Assert.False(claims.TryGetProperty("mandates", out _));
        }
        else
        {
            Assert.Equal(JsonValueKind.Array, claims.GetProperty("mandates").ValueKind);
            Assert.Equal(user.Mandates, Jwt.Strings(claims.GetProperty("mandates")));
        }

        // The API sees the same caller: roles flattened, claims mapped.
        using var me = await client.SendAsync(Jwt.Get("/api/platform/me", token), Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var caller = await me.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(user.Subject, caller.GetProperty("subject").GetString());
        Assert.Equal(user.Username, caller.GetProperty("username").GetString());
        Assert.Equal(user.Roles.Order(StringComparer.Ordinal), Jwt.Strings(caller.GetProperty("roles")).Order(StringComparer.Ordinal));
        Assert.Equal(user.AgencyId, caller.GetProperty("agencyId").GetString());
        Assert.Equal(user.EmployeeId, caller.GetProperty("employeeId").GetString());
        Assert.Equal(user.Department, caller.GetProperty("department").GetString());
        Assert.Equal(user.Mandates ?? [], Jwt.Strings(caller.GetProperty("mandates")));
    }

    [Theory]
    [MemberData(nameof(DemoUsers.Agencies), MemberType = typeof(DemoUsers))]
    public async Task Agency_clients_get_service_account_tokens_with_their_agency(string clientId, string secret, string agencyId, string subject)
    {
        using var client = Platform.CreateClient();
        var token = await Jwt.AccessTokenAsync(client, Jwt.ClientCredentials(clientId, secret));
        var claims = Jwt.Payload(token);

        Assert.Equal(ExpectedIssuer, claims.GetProperty("iss").GetString());
        Assert.Equal("egov-api", claims.GetProperty("aud").GetString());
        Assert.Equal(subject, claims.GetProperty("sub").GetString());
        Assert.Equal(clientId, claims.GetProperty("azp").GetString());
        Assert.Equal(clientId, claims.GetProperty("client_id").GetString());
        Assert.Equal($"service-account-{clientId}", claims.GetProperty("preferred_username").GetString());
        Assert.Equal(agencyId, claims.GetProperty("agency_id").GetString());
        Assert.Equal(["agency"], Jwt.Strings(claims.GetProperty("realm_access").GetProperty("roles")));
        Assert.False(claims.GetProperty("email_verified").GetBoolean());
        Assert.False(claims.TryGetProperty("sid", out _), "client credentials keep no user session");
        Assert.False(claims.TryGetProperty("national_id", out _));
        Assert.Equal("profile email", claims.GetProperty("scope").GetString());

        using var me = await client.SendAsync(Jwt.Get("/api/platform/me", token), Ct);
        var caller = await me.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(agencyId, caller.GetProperty("agencyId").GetString());
        Assert.Equal(["agency"], Jwt.Strings(caller.GetProperty("roles")));
        Assert.Equal($"service-account-{clientId}", caller.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Client_credentials_also_work_with_HTTP_Basic_client_authentication()
    {
        using var client = Platform.CreateClient();
        var (status, body, response) = await Jwt.RequestAsync(client, new Dictionary<string, string> { ["grant_type"] = "client_credentials" },
            basic: ("agency-ncr", "agency-ncr-dev-secret"));
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("NCR", Jwt.Payload(body.GetProperty("access_token").GetString()!).GetProperty("agency_id").GetString());
    }

    [Fact]
    public async Task A_wrong_password_is_invalid_grant_with_Keycloaks_status_and_text()
    {
        using var client = Platform.CreateClient();
        foreach (var (username, password) in new[] { ("citizen.anna", "wrong"), ("nobody.here", "egov-demo"), ("service-account-agency-ncr", "egov-demo") })
        {
            var (status, body, response) = await Jwt.RequestAsync(client, Jwt.Password(username, password));
            response.Dispose();

            // Keycloak 26 answers 401 here (keycloak/keycloak#45812); the body is the same for every case.
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
            Assert.Equal("Invalid user credentials", body.GetProperty("error_description").GetString());
            Assert.False(body.TryGetProperty("access_token", out _));
        }
    }

    [Fact]
    public async Task The_portal_may_not_use_client_credentials()
    {
        using var client = Platform.CreateClient();
        var (status, body, response) = await Jwt.RequestAsync(client, Jwt.ClientCredentials("egov-portal", Tokens.PortalSecret));
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unauthorized_client", body.GetProperty("error").GetString());
        Assert.Equal("Client not enabled to retrieve service account", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task An_agency_client_may_not_use_the_password_grant()
    {
        using var client = Platform.CreateClient();
        var form = Jwt.Password("caseworker.david", clientId: "agency-ncr");
        form["client_secret"] = "agency-ncr-dev-secret";
        var (status, body, response) = await Jwt.RequestAsync(client, form);
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unauthorized_client", body.GetProperty("error").GetString());
        Assert.Equal("Client not allowed for direct access grants", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task The_API_client_gets_no_tokens_at_all()
    {
        using var client = Platform.CreateClient();
        var (status, body, response) = await Jwt.RequestAsync(client, Jwt.ClientCredentials("egov-api", "anything"));
        response.Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("agency-ncr", "agency-nta-dev-secret", false)]
    [InlineData("agency-ncr", "", false)]
    [InlineData("agency-ncr", "wrong", true)]
    [InlineData("no-such-client", "whatever", false)]
    public async Task A_bad_client_secret_or_an_unknown_client_is_401_invalid_client(string clientId, string secret, bool useBasic)
    {
        using var client = Platform.CreateClient();
        var (status, body, response) = useBasic
            ? await Jwt.RequestAsync(client, new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, basic: (clientId, secret))
            : await Jwt.RequestAsync(client, Jwt.ClientCredentials(clientId, secret));
        using (response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("invalid_client", body.GetProperty("error").GetString());
            Assert.Equal("Invalid client or Invalid client credentials", body.GetProperty("error_description").GetString());
            Assert.Equal(useBasic, response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Basic"));
        }
    }

    [Theory]
    [InlineData("urn:ietf:params:oauth:grant-type:device_code", 400, "unsupported_grant_type")]
    [InlineData("implicit", 400, "unsupported_grant_type")]
    [InlineData("", 400, "invalid_request")]
    public async Task Unsupported_or_missing_grant_types_are_refused(string grantType, int expectedStatus, string expectedError)
    {
        using var client = Platform.CreateClient();
        var form = new Dictionary<string, string> { ["client_id"] = "egov-portal", ["code"] = "abc" };
        if (grantType.Length > 0)
        {
            form["grant_type"] = grantType;
        }

        var (status, body, response) = await Jwt.RequestAsync(client, form);
        response.Dispose();

        Assert.Equal(expectedStatus, (int)status);
        Assert.Equal(expectedError, body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("client_id")]
    [InlineData("username")]
    [InlineData("password")]
    public async Task A_missing_parameter_is_invalid_request_naming_it(string missing)
    {
        using var client = Platform.CreateClient();
        var form = Jwt.Password("citizen.anna");
        form.Remove(missing);
        var (status, body, response) = await Jwt.RequestAsync(client, form);
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.Contains(missing, body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_scope_is_invalid_scope()
    {
        using var client = Platform.CreateClient();
        var form = Jwt.Password("citizen.anna");
        form["scope"] = "openid payroll:write";
        var (status, body, response) = await Jwt.RequestAsync(client, form);
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_token_request_that_is_not_a_form_is_invalid_request_and_responses_are_not_cached()
    {
        using var client = Platform.CreateClient();
        using var json = await client.PostAsJsonAsync(Jwt.TokenPath, new { grant_type = "password" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("invalid_request", (await json.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString());

        var (_, _, response) = await Jwt.RequestAsync(client, Jwt.Password("citizen.anna"));
        using (response)
        {
            Assert.True(response.Headers.CacheControl?.NoStore);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_discovery_document_describes_the_issuer_at_Keycloaks_paths()
    {
        using var client = Platform.CreateClient();
        var discovery = await client.GetFromJsonAsync<JsonElement>("/realms/egov/.well-known/openid-configuration", Ct);

        var issuer = ExpectedIssuer;
        Assert.Equal(issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal($"{issuer}/protocol/openid-connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{issuer}/protocol/openid-connect/certs", discovery.GetProperty("jwks_uri").GetString());
        Assert.Equal($"{issuer}/protocol/openid-connect/auth", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(["authorization_code", "refresh_token", "password", "client_credentials"], Jwt.Strings(discovery.GetProperty("grant_types_supported")));
        Assert.Equal($"{issuer}/protocol/openid-connect/logout", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Equal($"{issuer}/protocol/openid-connect/userinfo", discovery.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(["S256"], Jwt.Strings(discovery.GetProperty("code_challenge_methods_supported")));
        Assert.Equal(["RS256"], Jwt.Strings(discovery.GetProperty("id_token_signing_alg_values_supported")));
        Assert.Contains("client_secret_basic", Jwt.Strings(discovery.GetProperty("token_endpoint_auth_methods_supported")));
        Assert.Contains("openid", Jwt.Strings(discovery.GetProperty("scopes_supported")));
        Assert.Contains("national_id", Jwt.Strings(discovery.GetProperty("claims_supported")));

        // Without a registered redirect URI the authorization endpoint answers with an error page, never a redirect.
        using var authorize = await client.GetAsync("/realms/egov/protocol/openid-connect/auth?response_type=code&client_id=egov-portal", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, authorize.StatusCode);
        Assert.Null(authorize.Headers.Location);
        Assert.Contains("Invalid parameter: redirect_uri", await authorize.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_JWKS_holds_the_key_that_signed_the_tokens()
    {
        using var client = Platform.CreateClient();
        var jwks = await client.GetFromJsonAsync<JsonElement>("/realms/egov/protocol/openid-connect/certs", Ct);
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("AQAB", key.GetProperty("e").GetString());
        Assert.False(key.TryGetProperty("d", out _), "the private exponent never leaves the issuer");

        var token = await Jwt.AccessTokenAsync(client, Jwt.Password("citizen.anna"));
        Assert.Equal(key.GetProperty("kid").GetString(), Jwt.Header(token).GetProperty("kid").GetString());
        Assert.True(Jwt.SignatureMatches(token, key));
    }

    [Fact]
    public async Task A_second_platform_on_the_same_key_file_signs_with_the_same_key_and_accepts_earlier_tokens()
    {
        using var client = Platform.CreateClient();
        var token = await Jwt.AccessTokenAsync(client, Jwt.Password("citizen.bruno"));

        await using var restarted = Platform.Another();
        Assert.Equal(Platform.Settings["DevelopmentIssuer:KeyFile"], restarted.Settings["DevelopmentIssuer:KeyFile"]);
        using var second = restarted.CreateClient();
        var jwks = await second.GetFromJsonAsync<JsonElement>("/realms/egov/protocol/openid-connect/certs", Ct);
        Assert.Equal(Jwt.Header(token).GetProperty("kid").GetString(), jwks.GetProperty("keys")[0].GetProperty("kid").GetString());

        using var me = await second.SendAsync(Jwt.Get("/api/platform/me", token), Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var sameToken = await Jwt.AccessTokenAsync(second, Jwt.Password("citizen.bruno"));
        Assert.Equal(Jwt.Payload(token).GetProperty("sub").GetString(), Jwt.Payload(sameToken).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task The_issuer_endpoints_are_not_in_the_OpenAPI_documents()
    {
        using var client = Platform.CreateClient();
        foreach (var document in new[] { "platform", "g2c", "g2b", "g2g", "g2e", "notify" })
        {
            var openApi = await client.GetStringAsync($"/openapi/{document}.json", Ct);
            Assert.DoesNotContain("/realms/", openApi, StringComparison.Ordinal);
        }
    }

    private static void AssertOptionalClaim(JsonElement claims, string name, string? expected)
    {
        if (expected is null)
        {
            Assert.False(claims.TryGetProperty(name, out _), $"unexpected claim {name}");
        }
        else
        {
            Assert.Equal(expected, claims.GetProperty(name).GetString());
        }
    }
}
