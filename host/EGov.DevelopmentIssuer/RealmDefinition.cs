namespace EGov.DevelopmentIssuer;

/// <summary>
/// The parts of a Keycloak realm file the development issuer needs, checked and resolved: scopes by name, roles
/// expanded through composites, user attributes filtered the way Keycloak's user profile filters them on import.
/// </summary>
internal sealed class RealmDefinition
{
    public required string Name { get; init; }

    /// <summary>The realm's <c>displayName</c> (its name when unset), shown on the sign-in page.</summary>
    public required string DisplayName { get; init; }

    public required bool LoginWithEmailAllowed { get; init; }

    public required bool VerifyEmail { get; init; }

    /// <summary>The realm's brute-force detection (<c>bruteForceProtected</c> and its settings).</summary>
    public required BruteForceSettings BruteForce { get; init; }

    public required IReadOnlyDictionary<string, RealmClientScope> ClientScopes { get; init; }

    public required IReadOnlyDictionary<string, RealmClient> Clients { get; init; }

    public required IReadOnlyList<RealmUser> Users { get; init; }

    public RealmUser? FindUserByLogin(string login)
    {
        var byName = Users.FirstOrDefault(u => u.ServiceAccountClientId is null
            && string.Equals(u.Username, login, StringComparison.OrdinalIgnoreCase));
        if (byName is not null || !LoginWithEmailAllowed)
        {
            return byName;
        }

        return Users.FirstOrDefault(u => u.ServiceAccountClientId is null && u.Email is not null
            && string.Equals(u.Email, login, StringComparison.OrdinalIgnoreCase));
    }

    public RealmUser? FindServiceAccount(string clientId) =>
        Users.FirstOrDefault(u => string.Equals(u.ServiceAccountClientId, clientId, StringComparison.Ordinal));
}

internal sealed class RealmClient
{
    public required string ClientId { get; init; }

    public required bool Enabled { get; init; }

    public required bool PublicClient { get; init; }

    /// <summary>Null for a confidential client that has no secret in the file: nobody can authenticate as it here.</summary>
    public required string? Secret { get; init; }

    public required bool DirectAccessGrantsEnabled { get; init; }

    public required bool ServiceAccountsEnabled { get; init; }

    /// <summary>Whether the client may use the authorization-code flow (<c>standardFlowEnabled</c>, Keycloak's default on).</summary>
    public required bool StandardFlowEnabled { get; init; }

    /// <summary>Exact redirect URIs (the development issuer accepts no wildcards).</summary>
    public required IReadOnlyList<string> RedirectUris { get; init; }

    /// <summary>Exact post-logout redirect URIs (attribute <c>post.logout.redirect.uris</c>, <c>##</c>-separated).</summary>
    public required IReadOnlyList<string> PostLogoutRedirectUris { get; init; }

    /// <summary><c>S256</c> when the client must use PKCE (attribute <c>pkce.code.challenge.method</c>); null when optional.</summary>
    public required string? PkceMethod { get; init; }

    public required IReadOnlyList<string> WebOrigins { get; init; }

    /// <summary>Always applied, in order; Keycloak's automatic <c>service_account</c> scope included.</summary>
    public required IReadOnlyList<RealmClientScope> DefaultScopes { get; init; }

    /// <summary>Applied when named in the request's <c>scope</c> parameter.</summary>
    public required IReadOnlyList<RealmClientScope> OptionalScopes { get; init; }

    /// <summary>The client's own protocol mappers, applied after those of its scopes.</summary>
    public required IReadOnlyList<RealmProtocolMapper> Mappers { get; init; }
}

internal sealed class RealmClientScope
{
    public required string Name { get; init; }

    /// <summary>Whether the scope's name appears in the token's <c>scope</c> claim (<c>include.in.token.scope</c>).</summary>
    public required bool IncludeInTokenScope { get; init; }

    public required IReadOnlyList<RealmProtocolMapper> Mappers { get; init; }
}

/// <summary>One protocol mapper: its display name, its Keycloak type id and its string configuration.</summary>
internal sealed class RealmProtocolMapper
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public required IReadOnlyDictionary<string, string> Config { get; init; }

    public string? Get(string key) => Config.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public bool IsTrue(string key) => string.Equals(Get(key), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Keycloak treats a mapper without <c>access.token.claim</c> as included, for backwards compatibility.</summary>
    public bool IncludeInAccessToken => Get("access.token.claim") is not { } value || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the mapper writes into <paramref name="target"/>: access token and user info unless switched off
    /// (<c>access.token.claim</c>, <c>userinfo.token.claim</c>), the ID token only when <c>id.token.claim</c> is true.
    /// </summary>
    public bool IncludedIn(TokenTarget target) => target switch
    {
        TokenTarget.Access => IncludeInAccessToken,
        TokenTarget.Id => IsTrue("id.token.claim"),
        _ => Get("userinfo.token.claim") is not { } value || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase),
    };
}

internal sealed class RealmUser
{
    public required string Id { get; init; }

    /// <summary>Lower-cased, as Keycloak stores it.</summary>
    public required string Username { get; init; }

    public required bool Enabled { get; init; }

    public required string? FirstName { get; init; }

    public required string? LastName { get; init; }

    public required string? Email { get; init; }

    public required bool EmailVerified { get; init; }

    /// <summary>The plain password Keycloak would hash on import; null when the user has none.</summary>
    public required string? Password { get; init; }

    public required bool PasswordTemporary { get; init; }

    public required IReadOnlyList<string> RequiredActions { get; init; }

    public required string? ServiceAccountClientId { get; init; }

    /// <summary>Realm roles after composite expansion.</summary>
    public required IReadOnlyList<string> RealmRoles { get; init; }

    /// <summary>Client roles by client id, after composite expansion.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> ClientRoles { get; init; }

    /// <summary>Custom attributes that survive Keycloak's import under the realm's user profile.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; }

    /// <summary>Values of a user attribute as Keycloak's attribute mapper reads them (built-in fields included).</summary>
    public IReadOnlyList<string> AttributeValues(string attribute) => attribute switch
    {
        "username" => [Username],
        "email" => Email is null ? [] : [Email],
        "firstName" => FirstName is null ? [] : [FirstName],
        "lastName" => LastName is null ? [] : [LastName],
        _ => Attributes.TryGetValue(attribute, out var values) ? values : [],
    };
}
