using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EGov.DevelopmentIssuer;

/// <summary>
/// A stand-in for Keycloak's token service in development and tests: the realm, clients, users and protocol
/// mappers all come from the realm file Keycloak imports, and the tokens have Keycloak's shape (RS256, issuer
/// <c>{ServerUrl}/realms/{realm}</c>, <c>realm_access</c>, mapper claims), so the API validates them exactly as it
/// validates Keycloak's. Grants: password, client credentials, and the browser flow's authorization code and refresh
/// token (TokenIssuer.CodeFlow.cs, with ID tokens).
/// </summary>
internal sealed partial class TokenIssuer : IDisposable
{
    private const string WellKnownSuffix = "/.well-known/openid-configuration";
    private const string CertsSuffix = "/protocol/openid-connect/certs";
    private const string TokenSuffix = "/protocol/openid-connect/token";
    private const string AuthSuffix = "/protocol/openid-connect/auth";
    private const string LogoutSuffix = "/protocol/openid-connect/logout";
    private const string UserInfoSuffix = "/protocol/openid-connect/userinfo";
    private const string OpenIdScope = "openid";

    /// <summary>The synthetic citizens' password when <c>DevelopmentIssuer:SyntheticCitizenPassword</c> is unset (that of the demo users).</summary>
    public const string DemoPassword = "egov-demo";

    /// <summary>Compared against when the user does not exist, so a miss costs what a wrong password costs.</summary>
    private static readonly byte[] AbsentSecretHash = SHA256.HashData("absent-user-or-client"u8);

    private static readonly string[] ClaimOrder =
    [
        "exp", "iat", "auth_time", "jti", "iss", "aud", "sub", "typ", "azp", "sid", "acr", "allowed-origins", "realm_access",
        "resource_access", "scope",
    ];

    private static readonly string[] BaseClaims = ["iss", "sub", "aud", "exp", "iat", "auth_time", "typ", "azp", "sid", "acr", "scope"];

    private readonly RealmDefinition realm;
    private readonly SigningKey key;
    private readonly TimeProvider time;
    private readonly ILogger<TokenIssuer> logger;
    private readonly int lifetimeSeconds;
    private readonly byte[] encodedHeader;
    private readonly SyntheticCitizens? syntheticCitizens;
    private readonly LoginFailures failures;
    private readonly string[] extraRedirectUris;
    private readonly string[] extraPostLogoutRedirectUris;

    public TokenIssuer(IOptions<DevelopmentIssuerSettings> options, DevelopmentRealm target, TimeProvider time, ILogger<TokenIssuer> logger)
    {
        var settings = options.Value;
        if (!settings.IsEnabled)
        {
            throw new InvalidOperationException("The development issuer is disabled (DevelopmentIssuer:Enabled is false).");
        }

        var realmFile = settings.RealmFile!;
        var warnings = new List<string>();
        realm = RealmFileReader.Read(realmFile, warnings);
        if (!string.Equals(realm.Name, target.Name, StringComparison.Ordinal))
        {
            throw new OptionsValidationException(DevelopmentIssuerSettings.Section, typeof(DevelopmentIssuerSettings),
            [
                $"Keycloak:Realm is '{target.Name}' but the realm file {realmFile} defines realm '{realm.Name}'; " +
                "the API would reject every token the development issuer signs.",
            ]);
        }

        this.time = time;
        this.logger = logger;
        lifetimeSeconds = settings.AccessTokenLifetimeSeconds;
        key = SigningKey.LoadOrCreate(settings.KeyFile!);
        failures = new LoginFailures(realm.BruteForce, settings.AddressFailureFactor,
            settings.MaxTrackedLoginFailures, time);
        if (settings.SyntheticCitizens > 0)
        {
            syntheticCitizens = new SyntheticCitizens(
                settings.SyntheticCitizens, settings.SyntheticCitizenPassword ?? DemoPassword);
        }

        extraRedirectUris = settings.ExtraRedirectUris;
        extraPostLogoutRedirectUris = settings.ExtraPostLogoutRedirectUris;
        Grants = new BrowserGrants(time);
        Issuer = target.Issuer;
        RealmPath = $"/realms/{realm.Name}";

        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = key.KeyId };
        encodedHeader = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())));
        DiscoveryJson = BuildDiscovery(target.Authority).ToJsonString();
        JwksJson = new JsonObject { ["keys"] = new JsonArray(key.ToJwk()) }.ToJsonString();

        foreach (var warning in warnings)
        {
            LogRealmWarning(logger, warning);
        }

        if (!realm.Clients.ContainsKey(target.Audience))
        {
            LogAudienceNotAClient(logger, target.Audience);
        }

        if (key.Created)
        {
            LogKeyCreated(logger, key.Path);
        }

        LogEnabled(logger, realm.Name, Issuer, realm.Users.Count, realm.Clients.Count, key.KeyId, key.Path);
        if (syntheticCitizens is not null)
        {
            LogSyntheticCitizens(logger, syntheticCitizens.Count, SyntheticCitizens.Username(0), SyntheticCitizens.Username(syntheticCitizens.Count - 1));
        }
    }

    /// <summary>The <c>iss</c> of every token: <c>Keycloak:ValidIssuer</c> or <c>{ServerUrl}/realms/{realm}</c>.</summary>
    public string Issuer { get; }

    public string RealmName => realm.Name;

    public string RealmDisplayName => realm.DisplayName;

    /// <summary>Brute-force detection: failed logins on record per account and address.</summary>
    public LoginFailures LoginFailures => failures;

    /// <summary>The browser flow's sessions, codes and refresh tokens.</summary>
    public BrowserGrants Grants { get; }

    /// <summary><c>/realms/{realm}</c>: where the endpoints are served, as on Keycloak.</summary>
    public string RealmPath { get; }

    public string DiscoveryJson { get; }

    public string JwksJson { get; }

    public string DiscoveryPath => RealmPath + WellKnownSuffix;

    public string CertsPath => RealmPath + CertsSuffix;

    public string TokenPath => RealmPath + TokenSuffix;

    public string AuthorizationPath => RealmPath + AuthSuffix;

    public string LogoutPath => RealmPath + LogoutSuffix;

    public string UserInfoPath => RealmPath + UserInfoSuffix;

    /// <summary>Where the sign-in form is posted, as Keycloak's <c>login-actions</c>.</summary>
    public string SignInPath => RealmPath + "/login-actions/authenticate";

    /// <summary>The sign-in pages' style sheet (the pages carry no inline style).</summary>
    public string StylePath => RealmPath + "/resources/sign-in.css";

    /// <summary>
    /// The discovery document or the JWKS for a request path, whatever host and path prefix precede
    /// <c>/realms/{realm}</c> (so <c>Keycloak:MetadataAddress</c> on an internal host name also resolves); else null.
    /// </summary>
    public string? MetadataFor(string path)
    {
        if (path.EndsWith(DiscoveryPath, StringComparison.Ordinal))
        {
            return DiscoveryJson;
        }

        return path.EndsWith(CertsPath, StringComparison.Ordinal) ? JwksJson : null;
    }

    public TokenResponse HandleTokenRequest(TokenRequest request)
    {
        var grantType = Field(request, "grant_type");
        if (grantType is null)
        {
            return TokenResponse.Error(400, OAuthErrors.InvalidRequest, "Missing form parameter: grant_type");
        }

        if (grantType is not ("password" or "client_credentials" or "authorization_code" or "refresh_token"))
        {
            return TokenResponse.Error(400, OAuthErrors.UnsupportedGrantType, OAuthErrors.UnsupportedGrant);
        }

        var (client, failure) = AuthenticateClient(request);
        var response = failure ?? grantType switch
        {
            "password" => PasswordGrant(client!, request),
            "client_credentials" => ClientCredentialsGrant(client!, request),
            "authorization_code" => AuthorizationCodeGrant(client!, request),
            _ => RefreshTokenGrant(client!, request),
        };
        if (response.ErrorCode is { } error)
        {
            // The presented client id is only logged once it is known to be a client of the realm.
            LogRefused(logger, grantType, client?.ClientId ?? "(unknown client)", error);
        }

        return response;
    }

    private (RealmClient? Client, TokenResponse? Failure) AuthenticateClient(TokenRequest request)
    {
        var formClientId = Field(request, "client_id");
        var clientId = request.Basic?.ClientId ?? formClientId;
        if (clientId is null)
        {
            return (null, TokenResponse.Error(400, OAuthErrors.InvalidRequest, "Missing parameter: client_id"));
        }

        if (request.Basic is not null && formClientId is not null && !string.Equals(formClientId, request.Basic.ClientId, StringComparison.Ordinal))
        {
            return (null, TokenResponse.Error(400, OAuthErrors.InvalidRequest, "client_id does not match the client of the Authorization header"));
        }

        var invalid = TokenResponse.Error(401, OAuthErrors.InvalidClient, OAuthErrors.InvalidClientCredentials, challengeBasic: request.Basic is not null);
        var secret = request.Basic?.Secret ?? Field(request, "client_secret");
        var known = realm.Clients.TryGetValue(clientId, out var client) && client!.Enabled;
        if (known && client!.PublicClient)
        {
            return (client, null);
        }

        // Wrong secrets count against the client and the address; while either is locked out even the right secret
        // is refused, with the answer a wrong secret gets.
        var accountKey = LoginFailures.ClientKey(known ? client : null, clientId);
        var addressKey = LoginFailures.AddressKey(request.RemoteAddress);
        if (failures.IsLocked(accountKey, addressKey))
        {
            SecretsEqual(known ? client!.Secret : null, secret);
            LogLockedOut(logger, "client secret");
            return (known ? client : null, invalid);
        }

        if (!known || !SecretsEqual(client!.Secret, secret))
        {
            RecordFailure(accountKey, user: false, addressKey);
            return (known ? client : null, invalid);
        }

        failures.Succeeded(accountKey);
        return (client, null);
    }

    private void RecordFailure(string accountKey, bool user, string addressKey)
    {
        foreach (var (kind, duration) in failures.Failed(accountKey, user, addressKey))
        {
            if (duration is { } wait)
            {
                LogLockoutStarted(logger, kind, (int)Math.Ceiling(wait.TotalSeconds));
            }
            else
            {
                LogPermanentLockout(logger, kind);
            }
        }
    }

    private TokenResponse PasswordGrant(RealmClient client, TokenRequest request)
    {
        if (!client.DirectAccessGrantsEnabled)
        {
            return TokenResponse.Error(400, OAuthErrors.UnauthorizedClient, OAuthErrors.DirectGrantNotAllowed);
        }

        var username = Field(request, "username");
        var password = Field(request, "password");
        if (username is null || password is null)
        {
            return TokenResponse.Error(400, OAuthErrors.InvalidRequest, $"Missing parameter: {(username is null ? "username" : "password")}");
        }

        if (!TryResolveScopes(client, request, out var scopes, out var openId, out var scopeError))
        {
            return scopeError;
        }

        var (login, user) = CheckUserCredentials(username, password, request.RemoteAddress);
        switch (login)
        {
            case LoginOutcome.InvalidCredentials:
                return TokenResponse.Error(OAuthErrors.InvalidUserCredentialsStatus, OAuthErrors.InvalidGrant, OAuthErrors.InvalidUserCredentials);
            case LoginOutcome.Disabled:
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, OAuthErrors.AccountDisabled);
            case LoginOutcome.NotFullySetUp:
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, OAuthErrors.AccountNotFullySetUp);
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var notes = new Dictionary<string, string>(StringComparer.Ordinal) { ["AUTH_TIME"] = now.ToString(CultureInfo.InvariantCulture) };
        return Issue(client, user!, scopes, openId, notes, sessionId: Guid.NewGuid().ToString(), now);
    }

    /// <summary>
    /// Checks a user's login name and password, for the password grant and the sign-in page alike, with Keycloak's
    /// brute-force detection: unknown logins are counted like known ones, and a locked-out login gets exactly the
    /// answer of a wrong password, so neither the account's existence nor the lockout shows.
    /// </summary>
    public (LoginOutcome Outcome, RealmUser? User) CheckUserCredentials(string username, string password, string? remoteAddress)
    {
        var user = realm.FindUserByLogin(username) ?? syntheticCitizens?.Find(username);
        var accountKey = LoginFailures.UserKey(user, username);
        var addressKey = LoginFailures.AddressKey(remoteAddress);
        if (failures.IsLocked(accountKey, addressKey))
        {
            SecretsEqual(user?.Password, password);
            LogLockedOut(logger, "password");
            return (LoginOutcome.InvalidCredentials, null);
        }

        if (!SecretsEqual(user?.Password, password) || user is null)
        {
            RecordFailure(accountKey, user: true, addressKey);
            return (LoginOutcome.InvalidCredentials, null);
        }

        if (!user.Enabled)
        {
            return (LoginOutcome.Disabled, null);
        }

        // Keycloak refuses a login while anything is left for the user to do in the browser (required actions this
        // issuer does not offer).
        if (!IsFullySetUp(user))
        {
            return (LoginOutcome.NotFullySetUp, null);
        }

        failures.Succeeded(accountKey);
        return (LoginOutcome.Valid, user);
    }

    private bool IsFullySetUp(RealmUser user) =>
        !(user.PasswordTemporary || user.RequiredActions.Count > 0 || string.IsNullOrWhiteSpace(user.FirstName)
          || string.IsNullOrWhiteSpace(user.LastName) || string.IsNullOrWhiteSpace(user.Email) || (realm.VerifyEmail && !user.EmailVerified));

    private TokenResponse ClientCredentialsGrant(RealmClient client, TokenRequest request)
    {
        if (client.PublicClient)
        {
            return TokenResponse.Error(400, OAuthErrors.UnauthorizedClient, OAuthErrors.PublicClientServiceAccount);
        }

        if (!client.ServiceAccountsEnabled)
        {
            return TokenResponse.Error(400, OAuthErrors.UnauthorizedClient, OAuthErrors.ServiceAccountNotEnabled);
        }

        if (!TryResolveScopes(client, request, out var scopes, out var openId, out var scopeError))
        {
            return scopeError;
        }

        var user = realm.FindServiceAccount(client.ClientId)!;
        if (!user.Enabled)
        {
            return TokenResponse.Error(400, OAuthErrors.InvalidGrant, OAuthErrors.AccountDisabled);
        }

        // The notes Keycloak's client-credentials grant records, read by the service_account scope's mappers.
        var notes = new Dictionary<string, string>(StringComparer.Ordinal) { ["client_id"] = client.ClientId };
        if (request.RemoteAddress is not null)
        {
            notes["clientHost"] = request.RemoteAddress;
            notes["clientAddress"] = request.RemoteAddress;
        }

        // Keycloak 26 keeps no user session for client credentials, so these tokens carry no sid.
        return Issue(client, user, scopes, openId, notes, sessionId: null, time.GetUtcNow().ToUnixTimeSeconds());
    }

    private static bool TryResolveScopes(
        RealmClient client, TokenRequest request, out List<RealmClientScope> scopes, out bool openId, out TokenResponse error) =>
        TryResolveScopes(client, Field(request, "scope"), out scopes, out openId, out error);

    /// <summary>The client's default scopes plus the optional ones named in <paramref name="scope"/>; unknown names are refused.</summary>
    public static bool TryResolveScopes(
        RealmClient client, string? scope, out List<RealmClientScope> scopes, out bool openId, out TokenResponse error)
    {
        scopes = [.. client.DefaultScopes];
        openId = false;
        error = null!;
        var requested = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = new List<string>();
        foreach (var name in requested.Distinct(StringComparer.Ordinal))
        {
            if (name == OpenIdScope)
            {
                openId = true;
            }
            else if (client.OptionalScopes.FirstOrDefault(s => s.Name == name) is { } optional)
            {
                scopes.Add(optional);
            }
            else if (client.DefaultScopes.All(s => s.Name != name))
            {
                unknown.Add(name);
            }
        }

        if (unknown.Count > 0)
        {
            error = TokenResponse.Error(400, OAuthErrors.InvalidScope, $"Invalid scopes: {string.Join(' ', requested)}");
            return false;
        }

        return true;
    }

    private TokenResponse Issue(
        RealmClient client, RealmUser user, List<RealmClientScope> scopes, bool openId, Dictionary<string, string> notes,
        string? sessionId, long now)
    {
        var (token, scope) = AccessToken(client, user, scopes, openId, notes, sessionId, now);
        LogIssued(logger, client.ClientId, user.Id);
        return new TokenResponse(200, new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = lifetimeSeconds,
            ["refresh_expires_in"] = 0,
            ["token_type"] = "Bearer",
            ["not-before-policy"] = 0,
            ["scope"] = scope,
        });
    }

    private (string Token, string Scope) AccessToken(
        RealmClient client, RealmUser user, IReadOnlyList<RealmClientScope> scopes, bool openId, Dictionary<string, string> notes,
        string? sessionId, long now)
    {
        var claims = new JsonObject
        {
            ["exp"] = now + lifetimeSeconds,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = Issuer,
            ["typ"] = "Bearer",
            ["azp"] = client.ClientId,
        };
        if (sessionId is not null)
        {
            claims["sid"] = sessionId;
        }

        var context = new MapperContext { Client = client, User = user, SessionNotes = notes, Acr = "1" };
        foreach (var mapper in scopes.SelectMany(s => s.Mappers).Concat(client.Mappers))
        {
            ProtocolMappers.Apply(mapper, context, claims);
        }

        var scope = string.Join(' ', (openId ? new[] { OpenIdScope } : Array.Empty<string>())
            .Concat(scopes.Where(s => s.IncludeInTokenScope).Select(s => s.Name)));
        claims["scope"] = scope;
        if (context.Audiences.Count == 1)
        {
            claims["aud"] = context.Audiences[0];
        }
        else if (context.Audiences.Count > 1)
        {
            claims["aud"] = new JsonArray(context.Audiences.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        }

        return (Sign(InKeycloakOrder(claims)), scope);
    }

    /// <summary>Keycloak's claim order, which makes a decoded token easy to compare with one from Keycloak.</summary>
    private static JsonObject InKeycloakOrder(JsonObject claims)
    {
        var ordered = new JsonObject();
        var names = ClaimOrder.Where(claims.ContainsKey).Concat(claims.Select(c => c.Key).Where(k => !ClaimOrder.Contains(k))).ToList();
        foreach (var name in names)
        {
            var value = claims[name];
            claims.Remove(name);
            ordered[name] = value;
        }

        return ordered;
    }

    private string Sign(JsonObject claims)
    {
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signingInput = new byte[encodedHeader.Length + 1 + payload.Length];
        encodedHeader.CopyTo(signingInput, 0);
        signingInput[encodedHeader.Length] = (byte)'.';
        Encoding.ASCII.GetBytes(payload, 0, payload.Length, signingInput, encodedHeader.Length + 1);
        return $"{Encoding.ASCII.GetString(signingInput)}.{Base64Url.EncodeToString(key.Sign(signingInput))}";
    }

    private JsonObject BuildDiscovery(string authority)
    {
        var claimNames = BaseClaims
            .Concat(realm.ClientScopes.Values.SelectMany(s => s.Mappers).Concat(realm.Clients.Values.SelectMany(c => c.Mappers))
                .Select(ClaimRoot).OfType<string>())
            .Distinct(StringComparer.Ordinal);

        return new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = authority + AuthSuffix,
            ["token_endpoint"] = authority + TokenSuffix,
            ["jwks_uri"] = authority + CertsSuffix,
            ["userinfo_endpoint"] = authority + UserInfoSuffix,
            ["end_session_endpoint"] = authority + LogoutSuffix,
            ["grant_types_supported"] = Strings("authorization_code", "refresh_token", "password", "client_credentials"),
            ["response_types_supported"] = Strings("code"),
            ["response_modes_supported"] = Strings("query"),
            ["code_challenge_methods_supported"] = Strings("S256"),
            ["authorization_response_iss_parameter_supported"] = true,
            ["subject_types_supported"] = Strings("public"),
            ["id_token_signing_alg_values_supported"] = Strings("RS256"),
            ["token_endpoint_auth_methods_supported"] = Strings("client_secret_basic", "client_secret_post"),
            ["scopes_supported"] = Strings([OpenIdScope, .. realm.ClientScopes.Keys.Order(StringComparer.Ordinal)]),
            ["claims_supported"] = Strings([.. claimNames]),
            ["claims_parameter_supported"] = false,
            ["request_parameter_supported"] = false,
        };
    }

    private static string? ClaimRoot(RealmProtocolMapper mapper) => mapper.Type switch
    {
        ProtocolMappers.FullName => "name",
        ProtocolMappers.Subject => "sub",
        ProtocolMappers.Acr => "acr",
        ProtocolMappers.AllowedOrigins => "allowed-origins",
        ProtocolMappers.RealmRoles => ProtocolMappers.SplitClaimPath(mapper.Get("claim.name") ?? "realm_access.roles")[0],
        ProtocolMappers.ClientRoles => ProtocolMappers.SplitClaimPath(mapper.Get("claim.name") ?? "resource_access.x.roles")[0],
        ProtocolMappers.Audience or ProtocolMappers.AudienceResolve => null,
        _ => mapper.Get("claim.name") is { } claim ? ProtocolMappers.SplitClaimPath(claim)[0] : null,
    };

    private static JsonArray Strings(params string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static string? Field(TokenRequest request, string name) =>
        request.Form.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Constant-time comparison of a stored secret with a presented one (hashes first, so length leaks nothing).</summary>
    private static bool SecretsEqual(string? expected, string? presented)
    {
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        var expectedHash = expected is null ? AbsentSecretHash : SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(expectedHash, presentedHash) && expected is not null && presented is not null;
    }

    public void Dispose() => key.Dispose();

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development issuer enabled for realm {Realm}: it signs tokens as {Issuer} for {Users} users and {Clients} clients " +
                  "with key {KeyId} from {KeyFile}. Never enable it outside development and tests.")]
    private static partial void LogEnabled(ILogger logger, string realm, string issuer, int users, int clients, string keyId, string keyFile);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development issuer also accepts {Count} synthetic citizens ({First} to {Last}) with one shared password, for the benchmark")]
    private static partial void LogSyntheticCitizens(ILogger logger, int count, string first, string last);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development issuer generated a new signing key in {KeyFile} (mode 0600)")]
    private static partial void LogKeyCreated(ILogger logger, string keyFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realm file: {Warning}")]
    private static partial void LogRealmWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Keycloak:Audience {Audience} is not a client of the realm file; tokens will only carry it if a custom audience mapper adds it")]
    private static partial void LogAudienceNotAClient(ILogger logger, string audience);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Development issuer issued an access token to client {ClientId} for subject {Subject}")]
    private static partial void LogIssued(ILogger logger, string clientId, string subject);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development issuer brute-force detection: a {Kind} is locked out for {Seconds} s after repeated failed logins")]
    private static partial void LogLockoutStarted(ILogger logger, string kind, int seconds);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development issuer brute-force detection: a {Kind} is locked out permanently (until the host restarts)")]
    private static partial void LogPermanentLockout(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development issuer refused a {Credential} login: locked out after repeated failures")]
    private static partial void LogLockedOut(ILogger logger, string credential);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development issuer refused a {GrantType} request of client {ClientId}: {Error}")]
    private static partial void LogRefused(ILogger logger, string grantType, string clientId, string error);
}
