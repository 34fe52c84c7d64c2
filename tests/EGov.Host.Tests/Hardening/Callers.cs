using System.Net.Http.Headers;
using System.Text.Json;
using EGov.Host.Tests.Identity;
using EGov.Testing;

namespace EGov.Host.Tests.Hardening;

/// <summary>A caller of the API: anonymous, or a demo identity with its realm roles and an access token.</summary>
public sealed record Caller(string Name, IReadOnlyList<string> Roles, string? Token)
{
    public bool Anonymous => Token is null;

    public override string ToString() => Name;

    public void Authorize(HttpRequestMessage request)
    {
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }
    }
}

/// <summary>
/// Every demo identity of <c>deploy/keycloak/egov-realm.json</c>, read from the file (a user added there is fuzzed
/// too): users with a password log in with the password grant, service-account users with their client's secret.
/// </summary>
public static class Callers
{
    public static async Task<IReadOnlyList<Caller>> SignInAllAsync(HttpClient client)
    {
        using var realm = JsonDocument.Parse(await File.ReadAllTextAsync(IdentityHost.ShippedRealmFile()));
        var secrets = realm.RootElement.GetProperty("clients").EnumerateArray()
            .Where(c => c.TryGetProperty("secret", out _))
            .ToDictionary(c => c.GetProperty("clientId").GetString()!, c => c.GetProperty("secret").GetString()!, StringComparer.Ordinal);
        var callers = new List<Caller> { new("anonymous", [], null) };
        foreach (var user in realm.RootElement.GetProperty("users").EnumerateArray())
        {
            var username = user.GetProperty("username").GetString()!;
            var roles = user.TryGetProperty("realmRoles", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            if (user.TryGetProperty("serviceAccountClientId", out var clientId) && secrets.TryGetValue(clientId.GetString()!, out var secret))
            {
                callers.Add(new Caller(clientId.GetString()!, roles, await Tokens.ClientCredentialsAsync(client, clientId.GetString()!, secret)));
            }
            else if (user.TryGetProperty("credentials", out var credentials)
                && credentials.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "password"))
            {
                callers.Add(new Caller(username, roles, await Tokens.PasswordAsync(client, username)));
            }
        }

        return callers;
    }

    /// <summary>
    /// Who is expected to get past authorization: with <c>x-egov-access</c>, the callers it allows; without it,
    /// everyone (anonymous included), since the document does not say.
    /// </summary>
    public static (IReadOnlyList<Caller> Allowed, IReadOnlyList<Caller> Others) For(ApiOperation operation, IReadOnlyList<Caller> all)
    {
        if (operation.Access is not { } access || access.Anonymous)
        {
            return (all, []);
        }

        var allowed = all.Where(c => !c.Anonymous && (access.Roles.Count == 0 || c.Roles.Any(access.Roles.Contains))).ToList();
        return (allowed, all.Except(allowed).ToList());
    }
}
