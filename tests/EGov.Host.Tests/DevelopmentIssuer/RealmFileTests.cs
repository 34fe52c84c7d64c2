using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.DevelopmentIssuer;
using EGov.Host.Tests.Identity;
using EGov.SharedKernel.Identity;
using Microsoft.Extensions.Options;
using Xunit;

namespace EGov.Host.Tests.DevelopmentIssuer;

/// <summary>
/// deploy/keycloak/egov-realm.json is what Keycloak 26 imports and what the development issuer reads: its shape
/// is checked here against Keycloak's import rules, and the reader's refusals against what it cannot emulate.
/// </summary>
public sealed class RealmFileTests
{
    private static readonly string[] DefaultScopes = ["web-origins", "acr", "profile", "roles", "email", "basic", "egov-claims"];

    private static JsonElement Realm() => JsonDocument.Parse(File.ReadAllText(IdentityHost.ShippedRealmFile())).RootElement.Clone();

    private static JsonElement Client(JsonElement realm, string clientId) =>
        realm.GetProperty("clients").EnumerateArray().Single(c => c.GetProperty("clientId").GetString() == clientId);

    [Fact]
    public void The_shipped_realm_file_loads_without_errors_or_warnings()
    {
        var warnings = new List<string>();
        var realm = RealmFileReader.Read(IdentityHost.ShippedRealmFile(), warnings);

        Assert.Empty(warnings);
        Assert.Equal("egov", realm.Name);
        Assert.Equal(["agency-ccm", "agency-ncr", "agency-nta", "egov-api", "egov-portal", "ledgerly-accounting"], realm.Clients.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(DemoUsers.All.Length + DemoUsers.AgencyClients.Length + DemoUsers.SystemUsers.Length, realm.Users.Count);
    }

    [Fact]
    public void The_realm_has_the_platform_roles_each_described()
    {
        var roles = Realm().GetProperty("roles").GetProperty("realm").EnumerateArray().ToList();
        Assert.Equal(PlatformRoles.All.Order(StringComparer.Ordinal), roles.Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(roles, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("description").GetString())));
    }

    [Fact]
    public void Clients_are_configured_as_the_platform_needs()
    {
        var realm = Realm();
        Assert.Equal("external", realm.GetProperty("sslRequired").GetString());
        Assert.True(realm.GetProperty("enabled").GetBoolean());

        var api = Client(realm, "egov-api");
        Assert.False(api.GetProperty("publicClient").GetBoolean());
        foreach (var flow in new[] { "standardFlowEnabled", "directAccessGrantsEnabled", "implicitFlowEnabled", "serviceAccountsEnabled" })
        {
            Assert.False(api.GetProperty(flow).GetBoolean(), $"egov-api has {flow}");
        }

        var portal = Client(realm, "egov-portal");
        Assert.False(portal.GetProperty("publicClient").GetBoolean());
        Assert.Equal("egov-portal-dev-secret", portal.GetProperty("secret").GetString());
        Assert.True(portal.GetProperty("standardFlowEnabled").GetBoolean());
        Assert.True(portal.GetProperty("directAccessGrantsEnabled").GetBoolean());
        Assert.Equal("S256", portal.GetProperty("attributes").GetProperty("pkce.code.challenge.method").GetString());
        Assert.Equal(["http://localhost:8080/signin-oidc"], Jwt.Strings(portal.GetProperty("redirectUris")));
        Assert.Equal("http://localhost:8080/signout-callback-oidc##http://localhost:8080/",
            portal.GetProperty("attributes").GetProperty("post.logout.redirect.uris").GetString());
        Assert.Equal(["+"], Jwt.Strings(portal.GetProperty("webOrigins")));

        foreach (var (clientId, secret, agencyId, _) in DemoUsers.AgencyClients)
        {
            var agency = Client(realm, clientId);
            Assert.True(agency.GetProperty("serviceAccountsEnabled").GetBoolean());
            Assert.False(agency.GetProperty("standardFlowEnabled").GetBoolean());
            Assert.False(agency.GetProperty("directAccessGrantsEnabled").GetBoolean());
            Assert.False(agency.GetProperty("publicClient").GetBoolean());
            Assert.Equal(secret, agency.GetProperty("secret").GetString());
            var mapper = Assert.Single(agency.GetProperty("protocolMappers").EnumerateArray());
            Assert.Equal("oidc-hardcoded-claim-mapper", mapper.GetProperty("protocolMapper").GetString());
            Assert.Equal("agency_id", mapper.GetProperty("config").GetProperty("claim.name").GetString());
            Assert.Equal(agencyId, mapper.GetProperty("config").GetProperty("claim.value").GetString());
        }

        Assert.All(realm.GetProperty("clients").EnumerateArray(),
            c => Assert.Equal(DefaultScopes, Jwt.Strings(c.GetProperty("defaultClientScopes"))));
    }

    [Fact]
    public void Declaring_client_scopes_means_declaring_the_built_in_ones_too()
    {
        // Keycloak creates its built-in scopes on import only when the file declares no clientScopes at all.
        var scopes = Realm().GetProperty("clientScopes").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Superset(DefaultScopes.Append("service_account").ToHashSet(), scopes.Keys.ToHashSet());

        var egov = scopes["egov-claims"];
        Assert.Equal("false", egov.GetProperty("attributes").GetProperty("include.in.token.scope").GetString());
        var mappers = egov.GetProperty("protocolMappers").EnumerateArray().ToDictionary(
            m => m.GetProperty("config").TryGetProperty("claim.name", out var claim) ? claim.GetString()! : m.GetProperty("protocolMapper").GetString()!);
        foreach (var claim in new[] { "national_id", "agency_id", "employee_id", "department", "mandates" })
        {
            var config = mappers[claim].GetProperty("config");
            Assert.Equal("oidc-usermodel-attribute-mapper", mappers[claim].GetProperty("protocolMapper").GetString());
            Assert.Equal("String", config.GetProperty("jsonType.label").GetString());
            foreach (var flag in new[] { "access.token.claim", "id.token.claim", "userinfo.token.claim" })
            {
                Assert.Equal("true", config.GetProperty(flag).GetString());
            }
        }

        Assert.Equal("true", mappers["mandates"].GetProperty("config").GetProperty("multivalued").GetString());
        Assert.Equal("egov-api", mappers["oidc-audience-mapper"].GetProperty("config").GetProperty("included.client.audience").GetString());
        Assert.Contains(scopes["basic"].GetProperty("protocolMappers").EnumerateArray(), m => m.GetProperty("protocolMapper").GetString() == "oidc-sub-mapper");
    }

    [Fact]
    public void The_user_profile_keeps_the_custom_attributes_and_lets_only_admins_change_them()
    {
        var provider = Assert.Single(Realm().GetProperty("components").GetProperty("org.keycloak.userprofile.UserProfileProvider").EnumerateArray());
        Assert.Equal("declarative-user-profile", provider.GetProperty("providerId").GetString());
        var config = JsonDocument.Parse(Assert.Single(Jwt.Strings(provider.GetProperty("config").GetProperty("kc.user.profile.config")))).RootElement;

        Assert.Equal("ENABLED", config.GetProperty("unmanagedAttributePolicy").GetString());
        var attributes = config.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        Assert.Superset(new HashSet<string> { "username", "email", "firstName", "lastName" }, attributes.Keys.ToHashSet());
        foreach (var custom in new[] { "national_id", "agency_id", "employee_id", "department", "mandates" })
        {
            Assert.Equal(["admin"], Jwt.Strings(attributes[custom].GetProperty("permissions").GetProperty("edit")));
        }
    }

    [Fact]
    public void Demo_users_are_complete_so_Keycloak_lets_them_log_in()
    {
        var users = Realm().GetProperty("users").EnumerateArray().ToDictionary(u => u.GetProperty("username").GetString()!);
        foreach (var expected in DemoUsers.All)
        {
            var user = users[expected.Username];
            Assert.Equal(expected.Subject, user.GetProperty("id").GetString());
            Assert.True(user.GetProperty("enabled").GetBoolean());
            Assert.True(user.GetProperty("emailVerified").GetBoolean());
            foreach (var field in new[] { "firstName", "lastName", "email" })
            {
                Assert.False(string.IsNullOrWhiteSpace(user.GetProperty(field).GetString()), $"{expected.Username} lacks {field}");
            }

            var credential = Assert.Single(user.GetProperty("credentials").EnumerateArray());
            Assert.Equal("password", credential.GetProperty("type").GetString());
            Assert.False(credential.GetProperty("temporary").GetBoolean());
            Assert.Equal(expected.Roles.Order(StringComparer.Ordinal), Jwt.Strings(user.GetProperty("realmRoles")).Order(StringComparer.Ordinal));
        }

        foreach (var (clientId, _, _, subject) in DemoUsers.AgencyClients)
        {
            var account = users[$"service-account-{clientId}"];
            Assert.Equal(subject, account.GetProperty("id").GetString());
            Assert.Equal(clientId, account.GetProperty("serviceAccountClientId").GetString());
            Assert.Equal(["agency"], Jwt.Strings(account.GetProperty("realmRoles")));
        }

        foreach (var (clientId, _, subject) in DemoUsers.SystemUsers)
        {
            var account = users[$"service-account-{clientId}"];
            Assert.Equal(subject, account.GetProperty("id").GetString());
            Assert.Equal(clientId, account.GetProperty("serviceAccountClientId").GetString());
            Assert.Equal(["business-representative"], Jwt.Strings(account.GetProperty("realmRoles")));
        }
    }

    [Theory]
    [InlineData("oidc-script-mapper")]
    [InlineData("oidc-group-membership-mapper")]
    public void An_unsupported_mapper_type_is_an_error_naming_the_mapper(string type)
    {
        var realm = JsonNode.Parse(File.ReadAllText(IdentityHost.ShippedRealmFile()))!;
        var scope = realm["clientScopes"]!.AsArray().First(s => (string?)s!["name"] == "egov-claims")!;
        scope["protocolMappers"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "citizen groups",
            ["protocol"] = "openid-connect",
            ["protocolMapper"] = type,
            ["config"] = new JsonObject { ["claim.name"] = "groups" },
        });

        var error = Assert.Throws<OptionsValidationException>(() => RealmFileReader.Parse(realm.ToJsonString(), "test-realm.json", []));
        Assert.Contains("client scope 'egov-claims', protocol mapper 'citizen groups'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{type}' is not supported", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void What_Keycloak_would_do_differently_is_refused_not_skipped()
    {
        var realm = JsonNode.Parse(File.ReadAllText(IdentityHost.ShippedRealmFile()))!;
        var users = realm["users"]!.AsArray();
        users.First(u => (string?)u!["username"] == "citizen.anna")!["realmRoles"]!.AsArray().Add("mayor");
        users.First(u => (string?)u!["username"] == "citizen.bruno")!.AsObject().Remove("id");
        realm["clients"]!.AsArray().First(c => (string?)c!["clientId"] == "egov-portal")!["defaultClientScopes"]!.AsArray().Add("phone");
        users.Remove(users.First(u => (string?)u!["username"] == "service-account-agency-nta"));

        var message = Assert.Throws<OptionsValidationException>(() => RealmFileReader.Parse(realm.ToJsonString(), "test-realm.json", [])).Message;

        Assert.Contains("user 'citizen.anna' holds role 'mayor', which the file does not declare", message, StringComparison.Ordinal);
        Assert.Contains("user 'citizen.bruno' has no \"id\"", message, StringComparison.Ordinal);
        Assert.Contains("client 'egov-portal' lists client scope 'phone'", message, StringComparison.Ordinal);
        Assert.Contains("client 'agency-nta' has serviceAccountsEnabled but no user", message, StringComparison.Ordinal);
        Assert.DoesNotContain("egov-demo", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attributes_Keycloak_would_drop_on_import_are_dropped_with_a_warning()
    {
        var realm = JsonNode.Parse(File.ReadAllText(IdentityHost.ShippedRealmFile()))!;
        realm.AsObject().Remove("components");
        var warnings = new List<string>();

        var parsed = RealmFileReader.Parse(realm.ToJsonString(), "test-realm.json", warnings);

        var warning = Assert.Single(warnings);
        Assert.Contains("national_id", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("85031200421", warning, StringComparison.Ordinal);
        Assert.Empty(parsed.Users.Single(u => u.Username == "citizen.anna").Attributes);
    }

    [Fact]
    public async Task Two_processes_creating_the_key_at_once_end_up_with_the_same_key()
    {
        var folder = IdentityHost.TemporaryFolder();
        try
        {
            var path = Path.Combine(folder, "nested", "signing-key.pem");
            var keys = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SigningKey.LoadOrCreate(path), TestContext.Current.CancellationToken)));

            Assert.Single(keys.Select(k => k.KeyId).Distinct());
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
