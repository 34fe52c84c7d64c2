using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EGov.Testing;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>Decoding and requesting tokens the way a plain OAuth client does, for assertions on their exact shape.</summary>
internal static class Jwt
{
    public const string TokenPath = "/realms/egov/protocol/openid-connect/token";

    public static JsonElement Header(string token) => Part(token, 0);

    public static JsonElement Payload(string token) => Part(token, 1);

    private static JsonElement Part(string token, int index)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[index]));
        return document.RootElement.Clone();
    }

    /// <summary>Checks the RS256 signature against a JWK from the issuer's JWKS.</summary>
    public static bool SignatureMatches(string token, JsonElement jwk)
    {
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()),
            Exponent = Base64Url.DecodeFromChars(jwk.GetProperty("e").GetString()),
        });
        var lastDot = token.LastIndexOf('.');
        return rsa.VerifyData(Encoding.ASCII.GetBytes(token[..lastDot]), Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1)),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>Posts a token request; returns the status and the JSON body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> RequestAsync(
        HttpClient client, IReadOnlyDictionary<string, string> form, (string Id, string Secret)? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath) { Content = new FormUrlEncodedContent(form) };
        if (basic is { } credentials)
        {
            var raw = $"{Uri.EscapeDataString(credentials.Id)}:{Uri.EscapeDataString(credentials.Secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (response.StatusCode, body, response);
    }

    public static Dictionary<string, string> Password(string username, string password = "egov-demo", string clientId = Tokens.PortalClientId)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = clientId,
            ["username"] = username,
            ["password"] = password,
        };
        if (clientId == Tokens.PortalClientId)
        {
            form["client_secret"] = Tokens.PortalSecret;
        }

        return form;
    }

    public static Dictionary<string, string> ClientCredentials(string clientId, string? secret) =>
        secret is null
            ? new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId }
            : new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };

    public static async Task<string> AccessTokenAsync(HttpClient client, IReadOnlyDictionary<string, string> form)
    {
        var (status, body, response) = await RequestAsync(client, form);
        response.Dispose();
        Assert.True(status == HttpStatusCode.OK, $"token request failed: {(int)status} {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    public static HttpRequestMessage Get(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
