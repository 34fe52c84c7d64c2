using System.Security.Claims;
using System.Text.Json;
using EGov.SharedKernel.Identity;

namespace EGov.Host.Identity;

/// <summary>
/// Flattens Keycloak's nested role claims into one <c>role</c> claim per role, as Keycloak adapters do: realm roles
/// from <c>realm_access.roles</c> and the API client's roles from <c>resource_access[audience].roles</c>. Roles of
/// other clients stay out: they mean something to those clients, not to this API.
/// </summary>
internal static class KeycloakRoles
{
    public const string RealmAccess = "realm_access";
    public const string ResourceAccess = "resource_access";

    /// <summary>Adds the missing <c>role</c> claims; running it again adds nothing.</summary>
    public static void Flatten(ClaimsIdentity identity, string audience)
    {
        var roles = new List<string>();
        foreach (var claim in identity.FindAll(RealmAccess).ToList())
        {
            roles.AddRange(RolesOf(claim.Value, path: []));
        }

        foreach (var claim in identity.FindAll(ResourceAccess).ToList())
        {
            roles.AddRange(RolesOf(claim.Value, path: [audience]));
        }

        foreach (var role in roles.Distinct(StringComparer.Ordinal))
        {
            if (!identity.HasClaim(PlatformClaims.Role, role))
            {
                identity.AddClaim(new Claim(PlatformClaims.Role, role, ClaimValueTypes.String, identity.FindFirst("iss")?.Value ?? ClaimsIdentity.DefaultIssuer));
            }
        }
    }

    /// <summary>The strings of <c>roles</c> under <paramref name="path"/> in a JSON object claim; none when the shape differs.</summary>
    private static IEnumerable<string> RolesOf(string json, string[] path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var node = document.RootElement;
            foreach (var segment in path)
            {
                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(segment, out node))
                {
                    return [];
                }
            }

            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("roles", out var roles) || roles.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return roles.EnumerateArray()
                .Where(r => r.ValueKind == JsonValueKind.String)
                .Select(r => r.GetString()!)
                .Where(r => r.Length > 0)
                .ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
