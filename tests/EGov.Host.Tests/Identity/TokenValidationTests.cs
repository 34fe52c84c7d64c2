using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EGov.DevelopmentIssuer;
using EGov.Host.Identity;
using EGov.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>
/// The API accepts only what Keycloak (or the development issuer) signed for it: tokens built here with a
/// foreign key, no signature, another issuer or audience, or past their lifetime, are answered with 401.
/// Each forged token differs from an accepted one in exactly one respect.
/// </summary>
public sealed class TokenValidationTests(PlatformFixture fixture) : IDisposable
{
    private const string Protected = "/api/platform/me";

    private static readonly string[] AdminRoles = ["platform-admin"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly RSA issuerKey = LoadIssuerKey(fixture.Platform);

    private PlatformFactory Platform => fixture.Platform;

    private KeycloakSettings Keycloak => Platform.Services.GetRequiredService<IOptions<KeycloakSettings>>().Value;

    public void Dispose() => issuerKey.Dispose();

    [Fact]
    public async Task A_token_built_here_with_the_issuers_key_and_right_claims_is_accepted()
    {
        var token = Forge(issuerKey, await IssuerKeyIdAsync());

        using var response = await CallAsync(token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("forged-subject", caller.GetProperty("subject").GetString());
        Assert.Equal(["citizen"], Jwt.Strings(caller.GetProperty("roles")));
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_rejected_even_with_the_issuers_kid()
    {
        using var otherKey = RSA.Create(2048);
        await AssertRejected(Forge(otherKey, await IssuerKeyIdAsync()));
        await AssertRejected(Forge(otherKey, "unknown-kid"));
    }

    [Fact]
    public async Task An_unsigned_token_with_alg_none_is_rejected()
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}"""));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = Keycloak.Issuer,
            ["aud"] = Keycloak.Audience,
            ["sub"] = "forged-subject",
            ["exp"] = now + 300,
            ["iat"] = now,
            ["typ"] = "Bearer",
            ["realm_access"] = new { roles = AdminRoles },
        })));

        await AssertRejected($"{header}.{payload}.");
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_rejected()
    {
        await AssertRejected(Forge(issuerKey, await IssuerKeyIdAsync(), issuer: "http://localhost:8080/realms/other"));
        await AssertRejected(Forge(issuerKey, await IssuerKeyIdAsync(), issuer: Keycloak.Issuer + "/"));
    }

    [Fact]
    public async Task A_token_for_another_audience_is_rejected()
    {
        await AssertRejected(Forge(issuerKey, await IssuerKeyIdAsync(), audience: "egov-portal"));
    }

    [Fact]
    public async Task An_expired_token_is_rejected()
    {
        var now = DateTime.UtcNow;
        await AssertRejected(Forge(issuerKey, await IssuerKeyIdAsync(), notBefore: now.AddMinutes(-20), expires: now.AddMinutes(-5)));
    }

    [Fact]
    public async Task A_token_signed_with_a_symmetric_algorithm_is_rejected()
    {
        var secret = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64))
        {
            KeyId = await IssuerKeyIdAsync(),
            CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
        };
        await AssertRejected(Create(new SigningCredentials(secret, SecurityAlgorithms.HmacSha256), Keycloak.Issuer, Keycloak.Audience, null, null, "Bearer"));
    }

    [Fact]
    public async Task A_token_that_is_not_an_access_token_is_rejected()
    {
        // Keycloak marks ID tokens typ=ID: they identify the user to the client, they are not API credentials.
        await AssertRejected(Forge(issuerKey, await IssuerKeyIdAsync(), tokenType: "ID"));
    }

    [Fact]
    public async Task A_correctly_signed_token_must_have_exactly_one_type_and_it_is_Bearer()
    {
        var keyId = await IssuerKeyIdAsync();
        await AssertRejected(Forge(issuerKey, keyId, tokenType: null));
        await AssertRejected(Forge(issuerKey, keyId, tokenTypes: ["Bearer", "ID"]));
        await AssertRejected(Forge(issuerKey, keyId, tokenTypes: ["Bearer", "Bearer"]));
        await AssertRejected(Forge(issuerKey, keyId, tokenType: "bearer"));
        await AssertRejected(Forge(issuerKey, keyId, tokenType: ""));

        // The same forge with the one accepted type passes, so the cases above fail for their type alone.
        using var accepted = await CallAsync(Forge(issuerKey, keyId));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task No_token_or_a_garbled_one_is_401_with_a_bearer_challenge()
    {
        using var none = await CallAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains(none.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");

        await AssertRejected("not-a-jwt");
    }

    private async Task AssertRejected(string token)
    {
        using var response = await CallAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    private async Task<HttpResponseMessage> CallAsync(string? token)
    {
        using var client = Platform.CreateClient();
        using var request = Jwt.Get(Protected, token);
        return await client.SendAsync(request, Ct);
    }

    private async Task<string> IssuerKeyIdAsync()
    {
        using var client = Platform.CreateClient();
        var jwks = await client.GetFromJsonAsync<JsonElement>("/realms/egov/protocol/openid-connect/certs", Ct);
        return jwks.GetProperty("keys")[0].GetProperty("kid").GetString()!;
    }

    private string Forge(
        RSA key, string keyId, string? issuer = null, string? audience = null, DateTime? notBefore = null, DateTime? expires = null,
        string? tokenType = "Bearer", string[]? tokenTypes = null)
    {
        // No cached signature providers: IdentityModel caches them by key id, and these keys share one on purpose.
        var securityKey = new RsaSecurityKey(key) { KeyId = keyId, CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } };
        var credentials = new SigningCredentials(securityKey, SecurityAlgorithms.RsaSha256);
        return Create(credentials, issuer ?? Keycloak.Issuer, audience ?? Keycloak.Audience, notBefore, expires, (object?)tokenTypes ?? tokenType);
    }

    private static string Create(SigningCredentials credentials, string issuer, string audience, DateTime? notBefore, DateTime? expires, object? tokenType)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "forged-subject",
            ["azp"] = "egov-portal",
            ["preferred_username"] = "forged.user",
            ["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { "citizen" } },
        };
        if (tokenType is not null)
        {
            claims["typ"] = tokenType;
        }

        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore ?? now,
            NotBefore = notBefore ?? now,
            Expires = expires ?? now.AddMinutes(5),
            SigningCredentials = credentials,
            Claims = claims,
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static RSA LoadIssuerKey(PlatformFactory platform)
    {
        var path = platform.Services.GetRequiredService<IOptions<DevelopmentIssuerSettings>>().Value.KeyFile!;
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        return rsa;
    }
}
