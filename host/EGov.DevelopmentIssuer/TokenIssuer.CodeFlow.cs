using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace EGov.DevelopmentIssuer;

/// <summary>The result of checking a user's login name and password.</summary>
internal enum LoginOutcome
{
    Valid,
    InvalidCredentials,
    Disabled,
    NotFullySetUp,
}

/// <summary>
/// The authorization-code flow's side of the token service: redeeming codes (PKCE S256), rotating refresh tokens,
/// signing ID tokens, and reading back the issuer's own tokens for the end-session and user-info endpoints.
/// </summary>
internal sealed partial class TokenIssuer
{
    private const string CodeNotValid = "Code not valid";
    private const string InvalidRefreshToken = "Invalid refresh token";
    private const string SessionNotActive = "Session not active";

    /// <summary>Whether <paramref name="uri"/> is exactly one of the client's redirect URIs (or a configured extra one).</summary>
    public bool IsRegisteredRedirect(RealmClient client, string? uri) =>
        client.StandardFlowEnabled && RedirectUris.Contains(client.RedirectUris.Concat(extraRedirectUris), uri);

    /// <summary>Whether <paramref name="uri"/> is exactly one of the client's post-logout redirect URIs (or an extra one).</summary>
    public bool IsRegisteredPostLogoutRedirect(RealmClient client, string? uri) =>
        RedirectUris.Contains(client.PostLogoutRedirectUris.Concat(extraPostLogoutRedirectUris), uri);

    /// <summary>The issuer's clock, in Unix seconds.</summary>
    public long Now => time.GetUtcNow().ToUnixTimeSeconds();

    public RealmClient? FindClient(string? clientId) =>
        clientId is not null && realm.Clients.TryGetValue(clientId, out var client) && client.Enabled ? client : null;

    /// <summary>Whether the session's user may still sign in (not disabled, nothing left to set up).</summary>
    public bool CanStillSignIn(SignInSession session) =>
        session.User.Enabled && IsFullySetUp(session.User) && Grants.IsActive(session);

    private TokenResponse AuthorizationCodeGrant(RealmClient client, TokenRequest request)
    {
        if (!client.StandardFlowEnabled)
        {
            return TokenResponse.Error(400, OAuthErrors.UnauthorizedClient, "Client not allowed to exchange code");
        }

        var code = Field(request, "code");
        if (code is null)
        {
            return TokenResponse.Error(400, OAuthErrors.InvalidRequest, "Missing parameter: code");
        }

        var outcome = Grants.Redeem(code, client, out var grant);
        switch (outcome)
        {
            case CodeRedemption.Unknown or CodeRedemption.Expired:
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, CodeNotValid);
            case CodeRedemption.OtherClient:
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, "Auth error");
            case CodeRedemption.Reused:
                LogCodeReused(logger, client.ClientId);
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, CodeNotValid);
        }

        var authorization = grant!.Request;
        if (!string.Equals(Field(request, "redirect_uri"), authorization.RedirectUri, StringComparison.Ordinal))
        {
            return TokenResponse.Error(400, OAuthErrors.InvalidGrant, "Incorrect redirect_uri");
        }

        if (authorization.CodeChallenge is { } challenge)
        {
            var verifier = Field(request, "code_verifier");
            if (verifier is null)
            {
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, "PKCE code verifier not specified");
            }

            if (!Pkce.IsValidVerifier(verifier))
            {
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, "PKCE invalid code verifier");
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Pkce.S256(verifier)), Encoding.ASCII.GetBytes(challenge)))
            {
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, "PKCE verification failed: Code mismatch");
            }
        }

        if (!CanStillSignIn(grant.Session))
        {
            return TokenResponse.Error(400, OAuthErrors.InvalidGrant, SessionNotActive);
        }

        return BrowserTokens(authorization, grant.Session, Grants.StartFamily(grant));
    }

    private TokenResponse RefreshTokenGrant(RealmClient client, TokenRequest request)
    {
        var token = Field(request, "refresh_token");
        if (token is null)
        {
            return TokenResponse.Error(400, OAuthErrors.InvalidRequest, "Missing parameter: refresh_token");
        }

        switch (Grants.UseRefreshToken(token, client, out var family, out var next))
        {
            case RefreshUse.Unknown or RefreshUse.Expired:
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, InvalidRefreshToken);
            case RefreshUse.OtherClient:
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, "Invalid refresh token. Token client and authorized client don't match");
            case RefreshUse.Revoked:
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, SessionNotActive);
            case RefreshUse.Reused:
                LogRefreshReused(logger, client.ClientId);
                return TokenResponse.Error(400, OAuthErrors.InvalidGrant, "Maximum allowed refresh token reuse exceeded");
        }

        if (!CanStillSignIn(family!.Session))
        {
            Grants.EndSession(family.Session.Id);
            return TokenResponse.Error(400, OAuthErrors.InvalidGrant, SessionNotActive);
        }

        return BrowserTokens(family.Request, family.Session, next!);
    }

    /// <summary>Access token (the password grant's shape), ID token when <c>openid</c> was asked for, and the refresh token.</summary>
    private TokenResponse BrowserTokens(AuthorizationRequest authorization, SignInSession session, string refreshToken)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var notes = new Dictionary<string, string>(StringComparer.Ordinal) { ["AUTH_TIME"] = session.AuthTime.ToString(CultureInfo.InvariantCulture) };
        var (accessToken, scope) = AccessToken(authorization.Client, session.User, authorization.Scopes, authorization.OpenId, notes, session.Id, now);
        var body = new JsonObject
        {
            ["access_token"] = accessToken,
            ["expires_in"] = lifetimeSeconds,
            ["refresh_expires_in"] = (int)BrowserGrants.RefreshLifetime.TotalSeconds,
            ["refresh_token"] = refreshToken,
            ["token_type"] = "Bearer",
        };
        if (authorization.OpenId)
        {
            body["id_token"] = IdToken(authorization, session, notes, accessToken, now);
        }

        body["not-before-policy"] = 0;
        body["session_state"] = session.Id;
        body["scope"] = scope;
        LogIssued(logger, authorization.Client.ClientId, session.User.Id);
        return new TokenResponse(200, body);
    }

    private string IdToken(AuthorizationRequest authorization, SignInSession session, Dictionary<string, string> notes, string accessToken, long now)
    {
        var client = authorization.Client;
        var claims = new JsonObject
        {
            ["exp"] = now + lifetimeSeconds,
            ["iat"] = now,
            ["auth_time"] = session.AuthTime,
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = Issuer,
            ["sub"] = session.User.Id,
            ["typ"] = "ID",
            ["azp"] = client.ClientId,
        };
        if (authorization.Nonce is not null)
        {
            claims["nonce"] = authorization.Nonce;
        }

        claims["sid"] = session.Id;

        // at_hash (OpenID Connect Core §3.1.3.6): the left half of the access token's SHA-256, base64url.
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(accessToken));
        claims["at_hash"] = Base64Url.EncodeToString(hash.AsSpan(0, hash.Length / 2));

        var context = new MapperContext { Target = TokenTarget.Id, Client = client, User = session.User, SessionNotes = notes, Acr = "1" };
        foreach (var mapper in authorization.Scopes.SelectMany(s => s.Mappers).Concat(client.Mappers))
        {
            ProtocolMappers.Apply(mapper, context, claims);
        }

        var audiences = new List<string> { client.ClientId };
        audiences.AddRange(context.Audiences.Where(a => a != client.ClientId));
        claims["aud"] = audiences.Count == 1
            ? client.ClientId
            : new JsonArray(audiences.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        claims["sub"] = session.User.Id;
        return Sign(InKeycloakOrder(claims));
    }

    /// <summary>The user-info claims of a session's user for the scopes of an access token (<c>sub</c> first).</summary>
    public JsonObject UserInfo(RealmClient client, RealmUser user, string? scope)
    {
        TryResolveScopes(client, scope, out var scopes, out _, out _);
        var claims = new JsonObject { ["sub"] = user.Id };
        var context = new MapperContext
        {
            Target = TokenTarget.UserInfo, Client = client, User = user, SessionNotes = new Dictionary<string, string>(), Acr = "1",
        };
        foreach (var mapper in scopes.SelectMany(s => s.Mappers).Concat(client.Mappers))
        {
            ProtocolMappers.Apply(mapper, context, claims);
        }

        claims["sub"] = user.Id;
        return claims;
    }

    /// <summary>
    /// The user an access token was issued to (a service account included): a realm user by id, or a synthetic citizen
    /// by name and subject; null when unknown or disabled.
    /// </summary>
    public RealmUser? FindTokenUser(string? subject, string? username)
    {
        if (subject is null)
        {
            return null;
        }

        var user = realm.Users.FirstOrDefault(u => u.Id == subject);
        if (user is null && username is not null && syntheticCitizens?.Find(username) is { } citizen && citizen.Id == subject)
        {
            user = citizen;
        }

        return user is { Enabled: true } ? user : null;
    }

    /// <summary>
    /// The claims of a token this issuer signed (RS256 with its key, its <c>iss</c>, the given <c>typ</c>); expired
    /// tokens only when <paramref name="allowExpired"/> (an <c>id_token_hint</c> may be expired). Null otherwise.
    /// </summary>
    public JsonObject? ReadOwnToken(string? token, string type, bool allowExpired)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || token!.Length > 16_384)
        {
            return null;
        }

        try
        {
            var signingInput = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            if (!Base64Url.IsValid(parts[2]) || !key.Verify(signingInput, Base64Url.DecodeFromChars(parts[2])))
            {
                return null;
            }

            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))?.AsObject();
            var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))?.AsObject();
            if (header is null || claims is null || (string?)header["alg"] != "RS256" || (string?)header["kid"] != key.KeyId
                || (string?)claims["iss"] != Issuer || (string?)claims["typ"] != type)
            {
                return null;
            }

            var expired = claims["exp"]?.GetValue<long>() is not { } exp || exp <= time.GetUtcNow().ToUnixTimeSeconds();
            return expired && !allowExpired ? null : claims;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development issuer refused a reused authorization code of client {ClientId} and revoked the tokens issued from it")]
    private static partial void LogCodeReused(ILogger logger, string clientId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development issuer refused a reused refresh token of client {ClientId} and revoked its token family")]
    private static partial void LogRefreshReused(ILogger logger, string clientId);
}

/// <summary>Proof Key for Code Exchange (RFC 7636), S256 only.</summary>
internal static class Pkce
{
    /// <summary>RFC 7636 §4.1: 43 to 128 characters of <c>[A-Za-z0-9-._~]</c>.</summary>
    public static bool IsValidVerifier(string value) => value.Length is >= 43 and <= 128 && value.All(IsUnreserved);

    /// <summary>An S256 challenge is the base64url SHA-256 of a verifier: 43 characters of the base64url alphabet.</summary>
    public static bool IsValidS256Challenge(string value) =>
        value.Length == 43 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string S256(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
