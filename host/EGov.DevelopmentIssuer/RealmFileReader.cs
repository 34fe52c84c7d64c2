using System.Text.Json;
using Microsoft.Extensions.Options;

namespace EGov.DevelopmentIssuer;

/// <summary>
/// Reads a Keycloak realm import file into a <see cref="RealmDefinition"/>. Whatever would make the development
/// issuer's tokens differ from Keycloak's (an unsupported mapper, an unknown role or scope, a hashed password) is an
/// error naming the element, never a silent skip. Values such as passwords and secrets never appear in messages.
/// </summary>
internal static class RealmFileReader
{
    /// <summary>Roles Keycloak creates in every realm, so the file may refer to them without declaring them.</summary>
    private static readonly string[] BuiltInRealmRoles = ["offline_access", "uma_authorization"];

    /// <summary>Client scope Keycloak creates on import when the file does not declare it.</summary>
    private const string OfflineAccessScope = "offline_access";

    /// <summary>Keycloak 26 adds this scope, when the realm has it, to every client with service accounts enabled.</summary>
    private const string ServiceAccountScope = "service_account";

    private const string OpenIdConnect = "openid-connect";

    private const string UserProfileProvider = "org.keycloak.userprofile.UserProfileProvider";

    private static readonly string[] DeclaredByDefault = ["username", "email", "firstName", "lastName"];

    private static readonly string[] PoliciesKeepingUnmanaged = ["ENABLED", "ADMIN_EDIT", "ADMIN_VIEW"];

    public static RealmDefinition Read(string path, ICollection<string> warnings)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw Error(path, $"cannot be read ({ex.Message})");
        }
        catch (UnauthorizedAccessException)
        {
            throw Error(path, "cannot be read (permission denied)");
        }

        return Parse(text, path, warnings);
    }

    public static RealmDefinition Parse(string json, string source, ICollection<string> warnings)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw Error(source, $"is not valid JSON ({ex.Message})");
        }

        using (document)
        {
            var errors = new List<string>();
            var realm = Build(document.RootElement, errors, warnings);
            if (errors.Count > 0 || realm is null)
            {
                throw Error(source, string.Join("; ", errors));
            }

            return realm;
        }
    }

    private static OptionsValidationException Error(string source, string problem) =>
        new(DevelopmentIssuerSettings.Section, typeof(DevelopmentIssuerSettings), [$"Realm file {source} {problem}."]);

    private static RealmDefinition? Build(JsonElement root, List<string> errors, ICollection<string> warnings)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("is not a realm representation (expected a JSON object)");
            return null;
        }

        var name = Str(root, "realm");
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("has no \"realm\" name");
            return null;
        }

        var roles = ReadRoles(root, errors);
        var clientIds = Objects(root, "clients").Select(c => Str(c, "clientId")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var scopes = ReadClientScopes(root, clientIds, errors);
        var clients = ReadClients(root, clientIds, scopes, errors);
        var profile = ReadUserProfile(root, errors);
        var users = ReadUsers(root, roles, clients, profile, errors, warnings);

        foreach (var client in clients.Values.Where(c => c.ServiceAccountsEnabled))
        {
            if (!users.Any(u => u.ServiceAccountClientId == client.ClientId))
            {
                errors.Add($"client '{client.ClientId}' has serviceAccountsEnabled but no user has \"serviceAccountClientId\": \"{client.ClientId}\"; " +
                    $"add its service-account user (username service-account-{client.ClientId}) with a fixed id and its roles");
            }
        }

        return new RealmDefinition
        {
            Name = name,
            DisplayName = Str(root, "displayName") is { Length: > 0 } display ? display : name,
            LoginWithEmailAllowed = Bool(root, "loginWithEmailAllowed", true),
            VerifyEmail = Bool(root, "verifyEmail", false),
            BruteForce = ReadBruteForce(root, errors),
            ClientScopes = scopes,
            Clients = clients,
            Users = users,
        };
    }

    /// <summary>Keycloak's brute-force detection settings; absent ones take Keycloak 26's defaults.</summary>
    private static BruteForceSettings ReadBruteForce(JsonElement root, List<string> errors)
    {
        var defaults = BruteForceSettings.Off;
        if (!Bool(root, "bruteForceProtected", false))
        {
            return defaults;
        }

        var strategy = Str(root, "bruteForceStrategy") ?? "MULTIPLE";
        if (strategy is not ("MULTIPLE" or "LINEAR"))
        {
            errors.Add($"has bruteForceStrategy '{strategy}'; Keycloak knows MULTIPLE and LINEAR");
        }

        return new BruteForceSettings
        {
            Protected = true,
            PermanentLockout = Bool(root, "permanentLockout", false),
            MaxTemporaryLockouts = Int(root, "maxTemporaryLockouts", 0, 0, errors),
            Linear = strategy == "LINEAR",
            FailureFactor = Int(root, "failureFactor", defaults.FailureFactor, 1, errors),
            WaitIncrementSeconds = Int(root, "waitIncrementSeconds", defaults.WaitIncrementSeconds, 0, errors),
            QuickLoginCheckMilliSeconds = Int(root, "quickLoginCheckMilliSeconds", (int)defaults.QuickLoginCheckMilliSeconds, 0, errors),
            MinimumQuickLoginWaitSeconds = Int(root, "minimumQuickLoginWaitSeconds", defaults.MinimumQuickLoginWaitSeconds, 0, errors),
            MaxFailureWaitSeconds = Int(root, "maxFailureWaitSeconds", defaults.MaxFailureWaitSeconds, 0, errors),
            MaxDeltaTimeSeconds = Int(root, "maxDeltaTimeSeconds", defaults.MaxDeltaTimeSeconds, 1, errors),
        };
    }

    private sealed record RoleKey(string? ClientId, string Name);

    private sealed class RoleCatalog
    {
        public Dictionary<RoleKey, List<RoleKey>> Composites { get; } = [];
    }

    private static RoleCatalog ReadRoles(JsonElement root, List<string> errors)
    {
        var catalog = new RoleCatalog();
        foreach (var builtIn in BuiltInRealmRoles)
        {
            catalog.Composites[new RoleKey(null, builtIn)] = [];
        }

        if (!root.TryGetProperty("roles", out var roles) || roles.ValueKind != JsonValueKind.Object)
        {
            return catalog;
        }

        var declared = new List<(RoleKey Key, JsonElement Element)>();
        foreach (var role in Objects(roles, "realm"))
        {
            if (Str(role, "name") is { Length: > 0 } roleName)
            {
                declared.Add((new RoleKey(null, roleName), role));
            }
            else
            {
                errors.Add("has a realm role without a name");
            }
        }

        if (roles.TryGetProperty("client", out var clientRoles) && clientRoles.ValueKind == JsonValueKind.Object)
        {
            foreach (var client in clientRoles.EnumerateObject())
            {
                foreach (var role in ArrayOf(client.Value))
                {
                    if (Str(role, "name") is { Length: > 0 } roleName)
                    {
                        declared.Add((new RoleKey(client.Name, roleName), role));
                    }
                }
            }
        }

        foreach (var (key, _) in declared)
        {
            catalog.Composites[key] = [];
        }

        foreach (var (key, element) in declared)
        {
            if (!element.TryGetProperty("composites", out var composites) || composites.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var realmRole in StrList(composites, "realm"))
            {
                AddComposite(catalog, key, new RoleKey(null, realmRole), errors);
            }

            if (composites.TryGetProperty("client", out var byClient) && byClient.ValueKind == JsonValueKind.Object)
            {
                foreach (var client in byClient.EnumerateObject())
                {
                    foreach (var clientRole in StrListOf(client.Value))
                    {
                        AddComposite(catalog, key, new RoleKey(client.Name, clientRole), errors);
                    }
                }
            }
        }

        return catalog;
    }

    private static void AddComposite(RoleCatalog catalog, RoleKey owner, RoleKey member, List<string> errors)
    {
        if (!catalog.Composites.ContainsKey(member))
        {
            errors.Add($"role '{Describe(owner)}' is a composite of undeclared role '{Describe(member)}'");
            return;
        }

        catalog.Composites[owner].Add(member);
    }

    private static string Describe(RoleKey role) => role.ClientId is null ? role.Name : $"{role.ClientId}/{role.Name}";

    private static Dictionary<string, RealmClientScope> ReadClientScopes(JsonElement root, HashSet<string> clientIds, List<string> errors)
    {
        var scopes = new Dictionary<string, RealmClientScope>(StringComparer.Ordinal);
        if (!root.TryGetProperty("clientScopes", out _))
        {
            errors.Add("declares no \"clientScopes\": Keycloak would then create its built-in scopes, whose mappers the development " +
                "issuer cannot see; declare the scopes the clients use (profile, email, roles, basic, …) in the file");
            return scopes;
        }

        foreach (var element in Objects(root, "clientScopes"))
        {
            var name = Str(element, "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add("has a client scope without a name");
                continue;
            }

            if ((Str(element, "protocol") ?? OpenIdConnect) != OpenIdConnect)
            {
                continue;
            }

            var attributes = StrMap(element, "attributes");
            scopes[name] = new RealmClientScope
            {
                Name = name,
                IncludeInTokenScope = !attributes.TryGetValue("include.in.token.scope", out var include)
                    || !string.Equals(include, "false", StringComparison.OrdinalIgnoreCase),
                Mappers = ReadMappers(element, $"client scope '{name}'", clientIds, errors),
            };
        }

        scopes.TryAdd(OfflineAccessScope, new RealmClientScope { Name = OfflineAccessScope, IncludeInTokenScope = true, Mappers = [] });
        return scopes;
    }

    private static List<RealmProtocolMapper> ReadMappers(JsonElement owner, string ownerName, HashSet<string> clientIds, List<string> errors)
    {
        var mappers = new List<RealmProtocolMapper>();
        foreach (var element in Objects(owner, "protocolMappers"))
        {
            if ((Str(element, "protocol") ?? OpenIdConnect) != OpenIdConnect)
            {
                continue;
            }

            var mapper = new RealmProtocolMapper
            {
                Name = Str(element, "name") ?? "(unnamed)",
                Type = Str(element, "protocolMapper") ?? "",
                Config = StrMap(element, "config"),
            };

            var problem = ProtocolMappers.Check(mapper, clientIds);
            if (problem is not null)
            {
                errors.Add($"{ownerName}, protocol mapper '{mapper.Name}': {problem}");
                continue;
            }

            mappers.Add(mapper);
        }

        return mappers;
    }

    private static Dictionary<string, RealmClient> ReadClients(
        JsonElement root, HashSet<string> clientIds, Dictionary<string, RealmClientScope> scopes, List<string> errors)
    {
        var clients = new Dictionary<string, RealmClient>(StringComparer.Ordinal);
        var realmDefaults = StrList(root, "defaultDefaultClientScopes");
        var realmOptional = StrList(root, "defaultOptionalClientScopes");

        foreach (var element in Objects(root, "clients"))
        {
            var clientId = Str(element, "clientId");
            if (string.IsNullOrWhiteSpace(clientId))
            {
                errors.Add("has a client without a clientId");
                continue;
            }

            if (clients.ContainsKey(clientId))
            {
                errors.Add($"declares client '{clientId}' twice");
                continue;
            }

            if ((Str(element, "protocol") ?? OpenIdConnect) != OpenIdConnect)
            {
                continue;
            }

            var publicClient = Bool(element, "publicClient", false);
            var bearerOnly = Bool(element, "bearerOnly", false);
            var authenticator = Str(element, "clientAuthenticatorType") ?? "client-secret";
            if (!publicClient && authenticator != "client-secret")
            {
                errors.Add($"client '{clientId}' authenticates with '{authenticator}'; the development issuer supports client-secret only");
            }

            if (!Bool(element, "fullScopeAllowed", true))
            {
                errors.Add($"client '{clientId}' sets fullScopeAllowed to false; the development issuer emulates full-scope clients only");
            }

            var serviceAccounts = Bool(element, "serviceAccountsEnabled", false) && !publicClient && !bearerOnly;
            var defaults = ResolveScopes(element.TryGetProperty("defaultClientScopes", out _) ? StrList(element, "defaultClientScopes") : realmDefaults,
                clientId, "defaultClientScopes", scopes, errors);
            var optional = ResolveScopes(element.TryGetProperty("optionalClientScopes", out _) ? StrList(element, "optionalClientScopes") : realmOptional,
                clientId, "optionalClientScopes", scopes, errors);

            if (serviceAccounts && scopes.TryGetValue(ServiceAccountScope, out var serviceAccountScope))
            {
                // What Keycloak 26 does on import: the service_account scope becomes a default scope of the client.
                optional.RemoveAll(s => s.Name == ServiceAccountScope);
                if (defaults.All(s => s.Name != ServiceAccountScope))
                {
                    defaults.Add(serviceAccountScope);
                }
            }

            var secret = Str(element, "secret");
            var standardFlow = Bool(element, "standardFlowEnabled", true) && !bearerOnly;
            var redirectUris = StrList(element, "redirectUris");
            var clientAttributes = StrMap(element, "attributes");
            var pkce = clientAttributes.TryGetValue("pkce.code.challenge.method", out var method) && method.Length > 0 ? method : null;
            var postLogout = clientAttributes.TryGetValue("post.logout.redirect.uris", out var logoutUris)
                ? logoutUris.Split("##", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
                : [];
            if (postLogout.Remove("+"))
            {
                // Keycloak's "+": the client's redirect URIs are valid post-logout redirect URIs too.
                postLogout.AddRange(redirectUris);
            }

            if (standardFlow)
            {
                // Keycloak accepts wildcards here; the development issuer matches exactly, so a pattern is a mistake.
                foreach (var uri in redirectUris.Select(u => ("redirectUris", u)).Concat(postLogout.Select(u => ("post.logout.redirect.uris", u))))
                {
                    if (RedirectUris.Problem(uri.Item2) is { } problem)
                    {
                        errors.Add($"client '{clientId}' lists '{uri.Item2}' in {uri.Item1}, which {problem}");
                    }
                }

                if (pkce is not (null or "S256"))
                {
                    errors.Add($"client '{clientId}' sets pkce.code.challenge.method to '{pkce}'; the development issuer supports S256 only");
                }
            }

            clients[clientId] = new RealmClient
            {
                ClientId = clientId,
                Enabled = Bool(element, "enabled", true),
                PublicClient = publicClient,
                Secret = publicClient || string.IsNullOrEmpty(secret) ? null : secret,
                DirectAccessGrantsEnabled = Bool(element, "directAccessGrantsEnabled", false) && !bearerOnly,
                ServiceAccountsEnabled = serviceAccounts,
                StandardFlowEnabled = standardFlow,
                RedirectUris = redirectUris,
                PostLogoutRedirectUris = postLogout.Distinct(StringComparer.Ordinal).ToList(),
                PkceMethod = pkce,
                WebOrigins = StrList(element, "webOrigins"),
                DefaultScopes = defaults,
                OptionalScopes = optional,
                Mappers = ReadMappers(element, $"client '{clientId}'", clientIds, errors),
            };
        }

        return clients;
    }

    private static List<RealmClientScope> ResolveScopes(
        IEnumerable<string> names, string clientId, string property, Dictionary<string, RealmClientScope> scopes, List<string> errors)
    {
        var resolved = new List<RealmClientScope>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (scopes.TryGetValue(name, out var scope))
            {
                resolved.Add(scope);
            }
            else
            {
                errors.Add($"client '{clientId}' lists client scope '{name}' in {property}, but the file declares no such openid-connect scope");
            }
        }

        return resolved;
    }

    private sealed record UserProfile(HashSet<string> Declared, bool KeepsUnmanaged);

    private static UserProfile ReadUserProfile(JsonElement root, List<string> errors)
    {
        var declared = new HashSet<string>(DeclaredByDefault, StringComparer.Ordinal);
        if (!root.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Object
            || !components.TryGetProperty(UserProfileProvider, out var providers))
        {
            return new UserProfile(declared, KeepsUnmanaged: false);
        }

        var provider = ArrayOf(providers).FirstOrDefault(p => Str(p, "providerId") == "declarative-user-profile");
        if (provider.ValueKind != JsonValueKind.Object)
        {
            return new UserProfile(declared, KeepsUnmanaged: false);
        }

        var config = StrListMap(provider, "config");
        if (!config.TryGetValue("kc.user.profile.config", out var values) || values.Count == 0)
        {
            return new UserProfile(declared, KeepsUnmanaged: false);
        }

        try
        {
            using var profile = JsonDocument.Parse(values[0]);
            foreach (var attribute in Objects(profile.RootElement, "attributes"))
            {
                if (Str(attribute, "name") is { Length: > 0 } attributeName)
                {
                    declared.Add(attributeName);
                }
            }

            var policy = Str(profile.RootElement, "unmanagedAttributePolicy");
            return new UserProfile(declared, policy is not null && PoliciesKeepingUnmanaged.Contains(policy, StringComparer.Ordinal));
        }
        catch (JsonException)
        {
            errors.Add("has a user profile component whose kc.user.profile.config is not valid JSON");
            return new UserProfile(declared, KeepsUnmanaged: false);
        }
    }

    private static List<RealmUser> ReadUsers(
        JsonElement root, RoleCatalog roles, Dictionary<string, RealmClient> clients, UserProfile profile,
        List<string> errors, ICollection<string> warnings)
    {
        var users = new List<RealmUser>();
        var usernames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var dropped = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var element in Objects(root, "users"))
        {
            var username = Str(element, "username")?.ToLowerInvariant();
            if (string.IsNullOrWhiteSpace(username))
            {
                errors.Add("has a user without a username");
                continue;
            }

            if (!usernames.Add(username))
            {
                errors.Add($"declares user '{username}' twice");
                continue;
            }

            var id = Str(element, "id");
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add($"user '{username}' has no \"id\"; give every user a fixed id so its subject (sub) is the same in Keycloak and here");
                continue;
            }

            if (!ids.Add(id))
            {
                errors.Add($"user '{username}' reuses id {id}");
                continue;
            }

            if (StrList(element, "groups").Count > 0)
            {
                errors.Add($"user '{username}' is a member of groups; the development issuer does not emulate groups, assign realm roles directly");
            }

            var serviceAccountClientId = Str(element, "serviceAccountClientId");
            if (serviceAccountClientId is not null)
            {
                if (!clients.TryGetValue(serviceAccountClientId, out var owner) || !owner.ServiceAccountsEnabled)
                {
                    errors.Add($"user '{username}' is the service account of '{serviceAccountClientId}', which is not a confidential client with serviceAccountsEnabled");
                }
                else if (users.Any(u => u.ServiceAccountClientId == serviceAccountClientId))
                {
                    errors.Add($"client '{serviceAccountClientId}' has more than one service-account user");
                }
            }

            var (password, temporary) = ReadPassword(element, username, errors);
            var (realmRoles, clientRoles) = ExpandRoles(element, username, roles, errors);

            var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (attribute, values) in StrListMap(element, "attributes"))
            {
                if (profile.Declared.Contains(attribute) || profile.KeepsUnmanaged)
                {
                    attributes[attribute] = values;
                }
                else
                {
                    dropped.Add(attribute);
                }
            }

            users.Add(new RealmUser
            {
                Id = id,
                Username = username,
                Enabled = Bool(element, "enabled", false),
                FirstName = Str(element, "firstName"),
                LastName = Str(element, "lastName"),
                Email = Str(element, "email")?.ToLowerInvariant(),
                EmailVerified = Bool(element, "emailVerified", false),
                Password = password,
                PasswordTemporary = temporary,
                RequiredActions = StrList(element, "requiredActions"),
                ServiceAccountClientId = serviceAccountClientId,
                RealmRoles = realmRoles,
                ClientRoles = clientRoles,
                Attributes = attributes,
            });
        }

        if (dropped.Count > 0)
        {
            warnings.Add(
                $"user attributes {string.Join(", ", dropped)} are neither declared in the realm's user profile nor kept by its " +
                "unmanagedAttributePolicy, so Keycloak drops them on import; the development issuer drops them too");
        }

        return users;
    }

    private static (string? Password, bool Temporary) ReadPassword(JsonElement user, string username, List<string> errors)
    {
        foreach (var credential in Objects(user, "credentials"))
        {
            if (!string.Equals(Str(credential, "type"), "password", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = Str(credential, "value");
            if (value is null)
            {
                errors.Add($"user '{username}' has a password credential without a plain \"value\" (a hashed export); the development issuer " +
                    "checks plain demo passwords only");
                return (null, false);
            }

            return (value, Bool(credential, "temporary", false));
        }

        return (null, false);
    }

    private static (IReadOnlyList<string> Realm, IReadOnlyDictionary<string, IReadOnlyList<string>> Client) ExpandRoles(
        JsonElement user, string username, RoleCatalog roles, List<string> errors)
    {
        var start = new List<RoleKey>();
        foreach (var role in StrList(user, "realmRoles"))
        {
            start.Add(new RoleKey(null, role));
        }

        if (user.TryGetProperty("clientRoles", out var byClient) && byClient.ValueKind == JsonValueKind.Object)
        {
            foreach (var client in byClient.EnumerateObject())
            {
                start.AddRange(StrListOf(client.Value).Select(role => new RoleKey(client.Name, role)));
            }
        }

        var effective = new List<RoleKey>();
        var seen = new HashSet<RoleKey>();
        var pending = new Queue<RoleKey>();
        foreach (var role in start)
        {
            if (!roles.Composites.ContainsKey(role))
            {
                errors.Add($"user '{username}' holds role '{Describe(role)}', which the file does not declare");
            }
            else if (seen.Add(role))
            {
                pending.Enqueue(role);
            }
        }

        while (pending.TryDequeue(out var role))
        {
            effective.Add(role);
            foreach (var member in roles.Composites[role].Where(seen.Add))
            {
                pending.Enqueue(member);
            }
        }

        var realmRoles = effective.Where(r => r.ClientId is null).Select(r => r.Name).ToList();
        var clientRoles = effective.Where(r => r.ClientId is not null)
            .GroupBy(r => r.ClientId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Name).ToList(), StringComparer.Ordinal);
        return (realmRoles, clientRoles);
    }

    private static IEnumerable<JsonElement> Objects(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? ArrayOf(value) : [];

    private static IEnumerable<JsonElement> ArrayOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object) : [];

    private static string? Str(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? Scalar(value) : null;

    /// <summary>Keycloak's JSON reader coerces scalars to strings; so does this.</summary>
    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    private static bool Bool(JsonElement element, string property, bool fallback) =>
        Str(element, property) is { } value && bool.TryParse(value, out var parsed) ? parsed : fallback;

    private static int Int(JsonElement element, string property, int fallback, int minimum, List<string> errors)
    {
        if (Str(element, property) is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= minimum)
        {
            return value;
        }

        errors.Add($"has {property} '{text}'; it must be a whole number of at least {minimum}");
        return fallback;
    }

    private static List<string> StrList(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? StrListOf(value) : [];

    private static List<string> StrListOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().Select(Scalar).OfType<string>().ToList(),
        _ when Scalar(value) is { } single => [single],
        _ => [],
    };

    private static Dictionary<string, string> StrMap(JsonElement element, string property)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in value.EnumerateObject())
            {
                if (Scalar(entry.Value) is { } text)
                {
                    map[entry.Name] = text;
                }
            }
        }

        return map;
    }

    private static Dictionary<string, IReadOnlyList<string>> StrListMap(JsonElement element, string property)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in value.EnumerateObject())
            {
                map[entry.Name] = StrListOf(entry.Value);
            }
        }

        return map;
    }
}
