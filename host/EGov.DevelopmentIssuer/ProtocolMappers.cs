using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EGov.DevelopmentIssuer;

/// <summary>The token a mapper writes into: each mapper says per target whether it applies.</summary>
internal enum TokenTarget
{
    Access,
    Id,
    UserInfo,
}

/// <summary>What a protocol mapper can read while a token is built.</summary>
internal sealed class MapperContext
{
    /// <summary>The access token unless said otherwise.</summary>
    public TokenTarget Target { get; init; } = TokenTarget.Access;

    public required RealmClient Client { get; init; }

    public required RealmUser User { get; init; }

    /// <summary>User-session notes such as <c>AUTH_TIME</c> or, for service accounts, <c>client_id</c>.</summary>
    public required IReadOnlyDictionary<string, string> SessionNotes { get; init; }

    /// <summary>Authentication context class: "1" for a fresh authentication, as Keycloak without step-up.</summary>
    public required string Acr { get; init; }

    /// <summary>Audiences collected by audience mappers, in the order they were added.</summary>
    public List<string> Audiences { get; } = [];
}

/// <summary>
/// The Keycloak OIDC protocol mappers the development issuer emulates, for access tokens, ID tokens and user info. A
/// realm file using any other mapper type is refused at start (<see cref="Check"/>), so a token here never silently
/// lacks a claim that Keycloak would issue.
/// </summary>
internal static class ProtocolMappers
{
    public const string UserAttribute = "oidc-usermodel-attribute-mapper";
    public const string UserProperty = "oidc-usermodel-property-mapper";
    public const string FullName = "oidc-full-name-mapper";
    public const string RealmRoles = "oidc-usermodel-realm-role-mapper";
    public const string ClientRoles = "oidc-usermodel-client-role-mapper";
    public const string AudienceResolve = "oidc-audience-resolve-mapper";
    public const string Audience = "oidc-audience-mapper";
    public const string HardcodedClaim = "oidc-hardcoded-claim-mapper";
    public const string AllowedOrigins = "oidc-allowed-origins-mapper";
    public const string Acr = "oidc-acr-mapper";
    public const string Subject = "oidc-sub-mapper";
    public const string SessionNote = "oidc-usersessionmodel-note-mapper";

    public static readonly IReadOnlyList<string> Supported =
    [
        UserAttribute, UserProperty, FullName, RealmRoles, ClientRoles, AudienceResolve, Audience, HardcodedClaim,
        AllowedOrigins, Acr, Subject, SessionNote,
    ];

    private static readonly string[] JsonTypes = ["String", "long", "int", "boolean", "JSON"];

    private static readonly string[] UserProperties = ["id", "username", "email", "firstName", "lastName", "emailVerified", "enabled"];

    private const string DefaultRealmRolesClaim = "realm_access.roles";
    private const string DefaultClientRolesClaim = "resource_access.${client_id}.roles";
    private const string ClientIdPlaceholder = "${client_id}";

    /// <summary>Null when the development issuer can emulate the mapper as configured; otherwise what is wrong.</summary>
    public static string? Check(RealmProtocolMapper mapper, IReadOnlySet<string> clientIds)
    {
        if (string.IsNullOrWhiteSpace(mapper.Type))
        {
            return "has no \"protocolMapper\" type";
        }

        if (!Supported.Contains(mapper.Type, StringComparer.Ordinal))
        {
            return $"mapper type '{mapper.Type}' is not supported by the development issuer (supported: {string.Join(", ", Supported)})";
        }

        if (mapper.Get("jsonType.label") is { } jsonType && !JsonTypes.Contains(jsonType, StringComparer.OrdinalIgnoreCase))
        {
            return $"jsonType.label '{jsonType}' is not one of {string.Join(", ", JsonTypes)}";
        }

        return mapper.Type switch
        {
            UserAttribute => Require(mapper, "user.attribute", "claim.name"),
            UserProperty => Require(mapper, "user.attribute", "claim.name")
                ?? (UserProperties.Contains(mapper.Get("user.attribute")!, StringComparer.Ordinal)
                    ? null
                    : $"user property '{mapper.Get("user.attribute")}' is not one of {string.Join(", ", UserProperties)}"),
            SessionNote => Require(mapper, "user.session.note", "claim.name"),
            HardcodedClaim => Require(mapper, "claim.name", "claim.value")
                ?? (Convert(mapper.Get("claim.value")!, mapper.Get("jsonType.label")) is null
                    ? $"claim.value does not convert to {mapper.Get("jsonType.label")}"
                    : null),
            Audience => CheckAudience(mapper, clientIds),
            ClientRoles => mapper.Get("usermodel.clientRoleMapping.clientId") is { } clientId && !clientIds.Contains(clientId)
                ? $"usermodel.clientRoleMapping.clientId names unknown client '{clientId}'"
                : null,
            _ => null,
        };
    }

    private static string? Require(RealmProtocolMapper mapper, params string[] keys) =>
        keys.FirstOrDefault(key => mapper.Get(key) is null) is { } missing ? $"config \"{missing}\" is missing" : null;

    private static string? CheckAudience(RealmProtocolMapper mapper, IReadOnlySet<string> clientIds)
    {
        var client = mapper.Get("included.client.audience");
        var custom = mapper.Get("included.custom.audience");
        if (client is null && custom is null)
        {
            return "needs included.client.audience or included.custom.audience";
        }

        return client is not null && !clientIds.Contains(client) ? $"included.client.audience names unknown client '{client}'" : null;
    }

    /// <summary>Applies one mapper to the token being built (<see cref="MapperContext.Target"/>).</summary>
    public static void Apply(RealmProtocolMapper mapper, MapperContext context, JsonObject token)
    {
        if (!mapper.IncludedIn(context.Target))
        {
            return;
        }

        var user = context.User;
        var jsonType = mapper.Get("jsonType.label");
        var multivalued = mapper.IsTrue("multivalued");
        switch (mapper.Type)
        {
            case UserAttribute:
                SetClaim(token, mapper.Get("claim.name")!, user.AttributeValues(mapper.Get("user.attribute")!), jsonType, multivalued);
                break;

            case UserProperty:
                if (PropertyValue(user, mapper.Get("user.attribute")!) is { } property)
                {
                    SetClaim(token, mapper.Get("claim.name")!, [property], jsonType, multivalued: false);
                }

                break;

            case FullName:
                var name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(part => !string.IsNullOrWhiteSpace(part)));
                if (name.Length > 0)
                {
                    SetClaim(token, "name", [name], "String", multivalued: false);
                }

                break;

            case RealmRoles:
                var realmPrefix = mapper.Get("usermodel.realmRoleMapping.rolePrefix") ?? "";
                SetClaim(token, mapper.Get("claim.name") ?? DefaultRealmRolesClaim,
                    user.RealmRoles.Select(role => realmPrefix + role).ToList(), jsonType, multivalued);
                break;

            case ClientRoles:
                var onlyClient = mapper.Get("usermodel.clientRoleMapping.clientId");
                var clientPrefix = mapper.Get("usermodel.clientRoleMapping.rolePrefix") ?? "";
                var claimTemplate = mapper.Get("claim.name") ?? DefaultClientRolesClaim;
                foreach (var (clientId, roles) in user.ClientRoles)
                {
                    if (onlyClient is null || string.Equals(onlyClient, clientId, StringComparison.Ordinal))
                    {
                        SetClaim(token, claimTemplate.Replace(ClientIdPlaceholder, clientId, StringComparison.Ordinal),
                            roles.Select(role => clientPrefix + role).ToList(), jsonType, multivalued);
                    }
                }

                break;

            case AudienceResolve:
                // Keycloak adds every client the user holds a role of, except the client the token is issued to.
                foreach (var (clientId, roles) in user.ClientRoles)
                {
                    if (roles.Count > 0 && !string.Equals(clientId, context.Client.ClientId, StringComparison.Ordinal))
                    {
                        AddAudience(context, clientId);
                    }
                }

                break;

            case Audience:
                AddAudience(context, mapper.Get("included.client.audience") ?? mapper.Get("included.custom.audience")!);
                break;

            case HardcodedClaim:
                SetClaim(token, mapper.Get("claim.name")!, [mapper.Get("claim.value")!], jsonType, multivalued: false);
                break;

            case AllowedOrigins:
                var origins = AllowedOriginsOf(context.Client);
                if (origins.Count > 0)
                {
                    token["allowed-origins"] = new JsonArray(origins.Select(origin => (JsonNode?)JsonValue.Create(origin)).ToArray());
                }

                break;

            case Acr:
                token["acr"] = context.Acr;
                break;

            case Subject:
                token["sub"] = user.Id;
                break;

            case SessionNote:
                if (context.SessionNotes.TryGetValue(mapper.Get("user.session.note")!, out var note))
                {
                    SetClaim(token, mapper.Get("claim.name")!, [note], jsonType, multivalued: false);
                }

                break;

            default:
                throw new InvalidOperationException($"Protocol mapper type '{mapper.Type}' passed the realm check but has no emulation.");
        }
    }

    private static void AddAudience(MapperContext context, string audience)
    {
        if (!context.Audiences.Contains(audience, StringComparer.Ordinal))
        {
            context.Audiences.Add(audience);
        }
    }

    private static string? PropertyValue(RealmUser user, string property) => property switch
    {
        "id" => user.Id,
        "username" => user.Username,
        "email" => user.Email,
        "firstName" => user.FirstName,
        "lastName" => user.LastName,
        "emailVerified" => user.EmailVerified ? "true" : "false",
        "enabled" => user.Enabled ? "true" : "false",
        _ => null,
    };

    /// <summary>
    /// The client's web origins as Keycloak resolves them: <c>+</c> stands for the origins of the redirect URIs,
    /// <c>*</c> for any origin, anything else is taken as written.
    /// </summary>
    public static IReadOnlyList<string> AllowedOriginsOf(RealmClient client)
    {
        var origins = new List<string>();
        foreach (var webOrigin in client.WebOrigins)
        {
            if (webOrigin == "+")
            {
                origins.AddRange(client.RedirectUris.Select(OriginOf).OfType<string>());
            }
            else if (webOrigin.Length > 0 && webOrigin != "-")
            {
                origins.Add(webOrigin);
            }
        }

        return origins.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string? OriginOf(string redirectUri)
    {
        var schemeEnd = redirectUri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return null;
        }

        var pathStart = redirectUri.IndexOf('/', schemeEnd + 3);
        return pathStart < 0 ? redirectUri : redirectUri[..pathStart];
    }

    /// <summary>Writes a claim the way Keycloak's mapper helper does, with dotted names as nested objects.</summary>
    public static void SetClaim(JsonObject token, string claimName, IReadOnlyList<string> values, string? jsonType, bool multivalued)
    {
        if (values.Count == 0)
        {
            return;
        }

        JsonNode value;
        if (multivalued)
        {
            var items = values.Select(v => Convert(v, jsonType)).OfType<JsonNode>().ToArray();
            if (items.Length == 0)
            {
                return;
            }

            value = new JsonArray(items);
        }
        else if (Convert(values[0], jsonType) is { } single)
        {
            value = single;
        }
        else
        {
            return;
        }

        var path = SplitClaimPath(claimName);
        var parent = token;
        foreach (var segment in path.Take(path.Count - 1))
        {
            switch (parent[segment])
            {
                case JsonObject existingChild:
                    parent = existingChild;
                    break;
                case null:
                    var created = new JsonObject();
                    parent[segment] = created;
                    parent = created;
                    break;
                default:
                    return;
            }
        }

        var leaf = path[^1];
        if (value is JsonArray additions && parent[leaf] is JsonArray existing)
        {
            foreach (var item in additions.ToArray())
            {
                additions.Remove(item);
                if (!existing.Any(e => JsonNode.DeepEquals(e, item)))
                {
                    existing.Add(item);
                }
            }

            return;
        }

        parent[leaf] = value;
    }

    /// <summary>Splits <c>a.b.c</c> into nested claim names; <c>\.</c> is a literal dot, as in Keycloak.</summary>
    public static IReadOnlyList<string> SplitClaimPath(string claimName)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < claimName.Length; i++)
        {
            var c = claimName[i];
            if (c == '\\' && i + 1 < claimName.Length && claimName[i + 1] == '.')
            {
                current.Append('.');
                i++;
            }
            else if (c == '.')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>Converts a string value to the mapper's JSON type; null when it does not convert (the claim is left out).</summary>
    public static JsonNode? Convert(string value, string? jsonType)
    {
        switch (jsonType?.ToUpperInvariant())
        {
            case null or "STRING":
                return JsonValue.Create(value);
            case "LONG":
                return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l) : null;
            case "INT":
                return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? JsonValue.Create(i) : null;
            case "BOOLEAN":
                return bool.TryParse(value, out var b) ? JsonValue.Create(b) : null;
            case "JSON":
                try
                {
                    return JsonNode.Parse(value);
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return null;
        }
    }
}
