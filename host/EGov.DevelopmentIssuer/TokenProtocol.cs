using System.Text.Json.Nodes;

namespace EGov.DevelopmentIssuer;

/// <summary>A token request as received: the form fields (each given once) and the HTTP Basic credentials, if any.</summary>
internal sealed record TokenRequest(
    IReadOnlyDictionary<string, string> Form,
    BasicCredentials? Basic,
    string? RemoteAddress);

/// <summary>Client credentials from an <c>Authorization: Basic</c> header (RFC 6749 §2.3.1), already decoded.</summary>
internal sealed record BasicCredentials(string ClientId, string Secret);

/// <summary>What the token endpoint answers: a status, a JSON body, and whether to challenge for Basic credentials.</summary>
internal sealed record TokenResponse(int StatusCode, JsonObject Body, bool ChallengeBasic = false, string? ErrorCode = null)
{
    public static TokenResponse Error(int statusCode, string error, string description, bool challengeBasic = false) =>
        new(statusCode, new JsonObject { ["error"] = error, ["error_description"] = description }, challengeBasic, error);
}

/// <summary>OAuth 2.0 error codes and the descriptions Keycloak 26 sends with them.</summary>
internal static class OAuthErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string InvalidScope = "invalid_scope";

    public const string InvalidClientCredentials = "Invalid client or Invalid client credentials";
    public const string InvalidUserCredentials = "Invalid user credentials";
    public const string AccountDisabled = "Account disabled";
    public const string AccountNotFullySetUp = "Account is not fully set up";
    public const string DirectGrantNotAllowed = "Client not allowed for direct access grants";
    public const string PublicClientServiceAccount = "Public client not allowed to retrieve service account";
    public const string ServiceAccountNotEnabled = "Client not enabled to retrieve service account";
    public const string UnsupportedGrant = "Unsupported grant_type";

    /// <summary>
    /// Keycloak answers a wrong user name or password on the password grant with HTTP 401 (not the 400 of RFC 6749
    /// §5.2; keycloak/keycloak#45812, seen on 26.5). The development issuer answers as Keycloak does.
    /// </summary>
    public const int InvalidUserCredentialsStatus = 401;
}
