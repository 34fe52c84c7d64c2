using System.Net.Http.Json;
using System.Text.Json;

namespace EGov.Testing;

/// <summary>Gets access tokens over HTTP from the token endpoint, as any OpenID Connect client does.</summary>
public static class Tokens
{
    public const string DemoPassword = "egov-demo";
    public const string TokenPath = "/realms/egov/protocol/openid-connect/token";

    /// <summary>The portal's client (confidential, deploy/keycloak/egov-realm.json) and its development secret.</summary>
    public const string PortalClientId = "egov-portal";

    public const string PortalSecret = "egov-portal-dev-secret";

    public static async Task<string> PasswordAsync(HttpClient client, string username, string password = DemoPassword, string clientId = PortalClientId)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = clientId,
            ["username"] = username,
            ["password"] = password,
            ["scope"] = "openid",
        };
        if (clientId == PortalClientId)
        {
            form["client_secret"] = PortalSecret;
        }

        using var response = await client.PostAsync(TokenPath, new FormUrlEncodedContent(form));
        return await ReadTokenAsync(response, username);
    }

    public static async Task<string> ClientCredentialsAsync(HttpClient client, string clientId, string secret)
    {
        using var response = await client.PostAsync(TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
        return await ReadTokenAsync(response, clientId);
    }

    private static async Task<string> ReadTokenAsync(HttpResponseMessage response, string who)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"No token for {who}: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()
            ?? throw new InvalidOperationException($"The token response for {who} has no access_token.");
    }
}
