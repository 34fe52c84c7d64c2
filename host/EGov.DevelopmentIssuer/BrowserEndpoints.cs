using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace EGov.DevelopmentIssuer;

/// <summary>
/// The browser side of the development issuer, at Keycloak's paths: the authorization endpoint with its sign-in page,
/// the end-session endpoint and user info. A request whose client or redirect URI cannot be trusted gets an error
/// page, never a redirect; once both are known good, errors go back to the client as OAuth error redirects.
/// </summary>
internal static class BrowserEndpoints
{
    /// <summary>The issuer's sign-in session (random, only its hash is kept), scoped to the realm's paths.</summary>
    public const string SessionCookie = "EGOV_DEV_ISSUER_SESSION";

    /// <summary>Binds the issuer's forms to the browser they were rendered for (cross-site request forgery).</summary>
    public const string FormCookie = "EGOV_DEV_ISSUER_FORM";

    private const string Html = "text/html; charset=utf-8";
    private const int MaxParameterLength = 2048;

    private static readonly string[] PromptValues = ["none", "login", "consent", "select_account"];

    public static void Map(IEndpointRouteBuilder endpoints, TokenIssuer issuer)
    {
        var realm = endpoints.MapGroup(issuer.RealmPath).AllowAnonymous().ExcludeFromDescription();
        string Relative(string path) => path[issuer.RealmPath.Length..];

        realm.MapMethods(Relative(issuer.AuthorizationPath), [HttpMethods.Get, HttpMethods.Post], (HttpContext http) => AuthorizeAsync(http, issuer))
            .DisableAntiforgery();
        realm.MapPost(Relative(issuer.SignInPath), (HttpContext http) => SignInAsync(http, issuer)).DisableAntiforgery();
        realm.MapMethods(Relative(issuer.LogoutPath), [HttpMethods.Get, HttpMethods.Post], (HttpContext http) => LogoutAsync(http, issuer))
            .DisableAntiforgery();
        realm.MapPost(Relative(issuer.LogoutPath) + "/logout-confirm", (HttpContext http) => ConfirmLogoutAsync(http, issuer)).DisableAntiforgery();
        realm.MapMethods(Relative(issuer.UserInfoPath), [HttpMethods.Get, HttpMethods.Post], (HttpContext http) => UserInfoAsync(http, issuer))
            .DisableAntiforgery();
        realm.MapGet(Relative(issuer.StylePath), (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(SignInPages.StyleSheet, "text/css", Encoding.UTF8);
        });
    }

    private static async Task AuthorizeAsync(HttpContext http, TokenIssuer issuer)
    {
        var (parameters, problem) = await ReadParametersAsync(http, fromQuery: http.Request.Method == HttpMethods.Get);
        if (parameters is null)
        {
            await ErrorPageAsync(http, issuer, problem!);
            return;
        }

        var client = issuer.FindClient(Get(parameters, "client_id"));
        if (client is null)
        {
            await ErrorPageAsync(http, issuer, "Client not found.");
            return;
        }

        if (!client.StandardFlowEnabled)
        {
            await ErrorPageAsync(http, issuer, "Client is not allowed to initiate browser login: the standard flow is disabled for the client.");
            return;
        }

        var redirectUri = Get(parameters, "redirect_uri");
        if (!issuer.IsRegisteredRedirect(client, redirectUri))
        {
            await ErrorPageAsync(http, issuer, "Invalid parameter: redirect_uri");
            return;
        }

        // From here on the redirect URI is the client's own: errors go back to it (RFC 6749 §4.1.2.1).
        var state = Get(parameters, "state");
        var (request, error, description) = ReadAuthorizationRequest(parameters, client, redirectUri!, state);
        if (request is null)
        {
            RedirectBack(http, issuer, redirectUri!, ("error", error), ("error_description", description), ("state", state));
            return;
        }

        var prompt = (Get(parameters, "prompt") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var session = issuer.Grants.FindSession(http.Request.Cookies[SessionCookie]);
        var fresh = session is not null && issuer.CanStillSignIn(session)
            && (request.MaxAgeSeconds is not { } maxAge || issuer.Now - session.AuthTime <= maxAge);
        if (fresh && !prompt.Contains("login"))
        {
            RedirectWithCode(http, issuer, request, session!);
            return;
        }

        if (prompt.Contains("none"))
        {
            RedirectBack(http, issuer, redirectUri!, ("error", "login_required"), ("state", state));
            return;
        }

        await SignInPageAsync(http, issuer, request, username: null, error: null);
    }

    /// <summary>The checks after client and redirect URI: response type, scopes, PKCE (S256 only), prompt, max age.</summary>
    private static (AuthorizationRequest? Request, string? Error, string? Description) ReadAuthorizationRequest(
        Dictionary<string, string> parameters, RealmClient client, string redirectUri, string? state)
    {
        if (parameters.Values.Any(v => v.Length > MaxParameterLength))
        {
            return (null, "invalid_request", $"Parameters longer than {MaxParameterLength} characters are refused");
        }

        if (Get(parameters, "response_type") is not { } responseType)
        {
            return (null, "invalid_request", "Missing parameter: response_type");
        }

        if (responseType != "code")
        {
            return (null, "unsupported_response_type", "Only the code response type is supported");
        }

        if (Get(parameters, "response_mode") is { } mode && mode != "query")
        {
            return (null, "invalid_request", "Invalid parameter: response_mode");
        }

        if (Get(parameters, "request") is not null || Get(parameters, "request_uri") is not null)
        {
            return (null, Get(parameters, "request") is null ? "request_uri_not_supported" : "request_not_supported", "Request objects are not supported");
        }

        if (!TokenIssuer.TryResolveScopes(client, Get(parameters, "scope"), out var scopes, out var openId, out _))
        {
            return (null, "invalid_scope", "Invalid scopes: " + Get(parameters, "scope"));
        }

        var challenge = Get(parameters, "code_challenge");
        var method = Get(parameters, "code_challenge_method");
        if (method is not null && method != "S256")
        {
            return (null, "invalid_request", "Invalid parameter: code_challenge_method (only S256 is supported)");
        }

        if (challenge is null)
        {
            if (client.PkceMethod is not null || method is not null)
            {
                return (null, "invalid_request", "Missing parameter: code_challenge");
            }
        }
        else if (method is null)
        {
            // RFC 7636 makes a challenge without a method "plain", which is refused.
            return (null, "invalid_request", "Missing parameter: code_challenge_method (only S256 is supported)");
        }
        else if (!Pkce.IsValidS256Challenge(challenge))
        {
            return (null, "invalid_request", "Invalid parameter: code_challenge");
        }

        var prompt = (Get(parameters, "prompt") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (prompt.Any(p => !PromptValues.Contains(p)) || (prompt.Contains("none") && prompt.Length > 1))
        {
            return (null, "invalid_request", "Invalid parameter: prompt");
        }

        long? maxAge = null;
        if (Get(parameters, "max_age") is { } maxAgeText)
        {
            if (!long.TryParse(maxAgeText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return (null, "invalid_request", "Invalid parameter: max_age");
            }

            maxAge = seconds;
        }

        return (new AuthorizationRequest(client, redirectUri, state, Get(parameters, "nonce"), challenge, scopes, openId, maxAge), null, null);
    }

    private static async Task SignInAsync(HttpContext http, TokenIssuer issuer)
    {
        var (form, problem) = await ReadParametersAsync(http, fromQuery: false);
        var ticket = form is null ? null : Get(form, SignInPages.TicketField);
        var request = issuer.Grants.FindPending<AuthorizationRequest>(ticket, http.Request.Cookies[FormCookie]);
        if (form is null || request is null)
        {
            await ErrorPageAsync(http, issuer, problem ?? ExpiredForm);
            return;
        }

        var username = Get(form, "username");
        var password = Get(form, "password");
        if (username is null || password is null || username.Length > 255 || password.Length > MaxParameterLength)
        {
            await SignInPageAsync(http, issuer, request, username, InvalidCredentials);
            return;
        }

        var (outcome, user) = issuer.CheckUserCredentials(username, password, http.Connection.RemoteIpAddress?.ToString());
        if (outcome != LoginOutcome.Valid)
        {
            // One message for a wrong password, an unknown user and a lockout: the page never tells which accounts exist.
            await SignInPageAsync(http, issuer, request, username, outcome switch
            {
                LoginOutcome.Disabled => "Account is disabled, contact your administrator.",
                LoginOutcome.NotFullySetUp => "Account is not fully set up. Contact your administrator.",
                _ => InvalidCredentials,
            });
            return;
        }

        issuer.Grants.RemovePending(ticket!);
        if (issuer.Grants.FindSession(http.Request.Cookies[SessionCookie]) is { } previous)
        {
            issuer.Grants.EndSession(previous.Id);
        }

        var (session, cookie) = issuer.Grants.StartSession(user!);
        http.Response.Cookies.Append(SessionCookie, cookie, CookieOptions(http, issuer, SameSiteMode.Lax));
        RedirectWithCode(http, issuer, request, session);
    }

    private const string InvalidCredentials = "Invalid username or password.";

    private const string ExpiredForm =
        "This form has expired or was not sent from the page it belongs to. Go back to the service and start again.";

    private static async Task LogoutAsync(HttpContext http, TokenIssuer issuer)
    {
        var (parameters, problem) = await ReadParametersAsync(http, fromQuery: http.Request.Method == HttpMethods.Get);
        if (parameters is null)
        {
            await ErrorPageAsync(http, issuer, problem!);
            return;
        }

        System.Text.Json.Nodes.JsonObject? hint = null;
        if (Get(parameters, "id_token_hint") is { } hintText)
        {
            hint = issuer.ReadOwnToken(hintText, "ID", allowExpired: true);
            if (hint is null)
            {
                await ErrorPageAsync(http, issuer, "Invalid parameter: id_token_hint");
                return;
            }
        }

        var clientId = Get(parameters, "client_id");
        var hintClientId = (string?)hint?["azp"];
        if (clientId is not null && hintClientId is not null && clientId != hintClientId)
        {
            await ErrorPageAsync(http, issuer, "Parameter client_id does not match the client of the id_token_hint.");
            return;
        }

        var client = issuer.FindClient(clientId ?? hintClientId);
        if ((clientId ?? hintClientId) is not null && client is null)
        {
            await ErrorPageAsync(http, issuer, "Client not found.");
            return;
        }

        var postLogout = Get(parameters, "post_logout_redirect_uri");
        if (postLogout is not null)
        {
            if (client is null)
            {
                await ErrorPageAsync(http, issuer, "Either the parameter client_id or id_token_hint is required when post_logout_redirect_uri is used.");
                return;
            }

            if (!issuer.IsRegisteredPostLogoutRedirect(client, postLogout))
            {
                await ErrorPageAsync(http, issuer, "Invalid redirect uri");
                return;
            }
        }

        var logout = new LogoutRequest(client, postLogout, Get(parameters, "state"));
        if (hint is null)
        {
            // Without proof that the client asks, the user confirms: a link elsewhere must not sign anyone out.
            var binding = FormBinding(http, issuer);
            var ticket = issuer.Grants.AddPending(logout, binding);
            await PageAsync(http, 200, SignInPages.ConfirmSignOut(issuer, issuer.LogoutPath + "/logout-confirm", ticket), formTarget: null);
            return;
        }

        if ((string?)hint["sid"] is { } sid)
        {
            issuer.Grants.EndSession(sid);
        }

        await SignOutAsync(http, issuer, logout);
    }

    private static async Task ConfirmLogoutAsync(HttpContext http, TokenIssuer issuer)
    {
        var (form, problem) = await ReadParametersAsync(http, fromQuery: false);
        var ticket = form is null ? null : Get(form, SignInPages.TicketField);
        var logout = issuer.Grants.FindPending<LogoutRequest>(ticket, http.Request.Cookies[FormCookie]);
        if (form is null || logout is null)
        {
            await ErrorPageAsync(http, issuer, problem ?? ExpiredForm);
            return;
        }

        issuer.Grants.RemovePending(ticket!);
        await SignOutAsync(http, issuer, logout);
    }

    /// <summary>Ends the browser's session (its cookie and its refresh tokens), then goes back to the client or says so.</summary>
    private static async Task SignOutAsync(HttpContext http, TokenIssuer issuer, LogoutRequest logout)
    {
        if (issuer.Grants.FindSession(http.Request.Cookies[SessionCookie]) is { } session)
        {
            issuer.Grants.EndSession(session.Id);
        }

        http.Response.Cookies.Delete(SessionCookie, CookieOptions(http, issuer, SameSiteMode.Lax));
        if (logout.PostLogoutRedirectUri is { } target)
        {
            NoStore(http);
            http.Response.Redirect(logout.State is null ? target : QueryHelpers.AddQueryString(target, "state", logout.State));
            return;
        }

        await PageAsync(http, 200, SignInPages.SignedOut(issuer), formTarget: null);
    }

    private static async Task UserInfoAsync(HttpContext http, TokenIssuer issuer)
    {
        NoStore(http);
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var claims = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? issuer.ReadOwnToken(header[scheme.Length..].Trim(), "Bearer", allowExpired: false)
            : null;
        var user = claims is null ? null : issuer.FindTokenUser((string?)claims["sub"], (string?)claims["preferred_username"]);
        var client = issuer.FindClient((string?)claims?["azp"]);
        if (claims is null || user is null || client is null || ((string?)claims["sid"] is { } sid && issuer.Grants.IsEnded(sid)))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{issuer.RealmName}\", error=\"invalid_token\"";
            await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                ["error"] = "invalid_token", ["error_description"] = "Token verification failed",
            }, http.RequestAborted);
            return;
        }

        var scope = (string?)claims["scope"];
        if (!(scope ?? "").Split(' ').Contains("openid"))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            http.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{issuer.RealmName}\", error=\"insufficient_scope\"";
            await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                ["error"] = "insufficient_scope", ["error_description"] = "Missing openid scope",
            }, http.RequestAborted);
            return;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(issuer.UserInfo(client, user, scope).ToJsonString(), Encoding.UTF8, http.RequestAborted);
    }

    private static void RedirectWithCode(HttpContext http, TokenIssuer issuer, AuthorizationRequest request, SignInSession session)
    {
        var code = issuer.Grants.IssueCode(request, session);
        RedirectBack(http, issuer, request.RedirectUri, ("state", request.State), ("session_state", session.Id), ("code", code));
    }

    /// <summary>A 302 to a registered redirect URI with the response parameters and <c>iss</c> (RFC 9207) in its query.</summary>
    private static void RedirectBack(HttpContext http, TokenIssuer issuer, string redirectUri, params (string Name, string? Value)[] parameters)
    {
        var query = parameters.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value))
            .Append(new KeyValuePair<string, string?>("iss", issuer.Issuer));
        NoStore(http);
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Redirect(QueryHelpers.AddQueryString(redirectUri, query));
    }

    private static async Task SignInPageAsync(HttpContext http, TokenIssuer issuer, AuthorizationRequest request, string? username, string? error)
    {
        var ticket = issuer.Grants.AddPending(request, FormBinding(http, issuer));
        await PageAsync(http, 200, SignInPages.SignIn(issuer, issuer.RealmDisplayName, ticket, username, error), request.RedirectUri);
    }

    /// <summary>The browser's form cookie value, set now when it has none yet.</summary>
    private static string FormBinding(HttpContext http, TokenIssuer issuer)
    {
        if (http.Request.Cookies[FormCookie] is { Length: > 0 and <= 64 } existing)
        {
            return existing;
        }

        var binding = BrowserGrants.NewSecret();
        http.Response.Cookies.Append(FormCookie, binding, CookieOptions(http, issuer, SameSiteMode.Strict));
        return binding;
    }

    private static CookieOptions CookieOptions(HttpContext http, TokenIssuer issuer, SameSiteMode sameSite) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = sameSite,
        Path = issuer.RealmPath + "/",
        IsEssential = true,
    };

    private static Task ErrorPageAsync(HttpContext http, TokenIssuer issuer, string message) =>
        PageAsync(http, StatusCodes.Status400BadRequest, SignInPages.Error(issuer, message), formTarget: null);

    /// <summary>
    /// Writes a page with a policy that allows the style sheet and form posts to the issuer (and, for the sign-in
    /// page, the redirect to the client that follows it) and nothing else: no script, no framing, no caching.
    /// </summary>
    private static async Task PageAsync(HttpContext http, int status, string html, string? formTarget)
    {
        var formAction = "'self'";
        if (formTarget is not null && Uri.TryCreate(formTarget, UriKind.Absolute, out var target))
        {
            formAction += " " + target.GetLeftPart(UriPartial.Authority);
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = Html;
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'self'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.XFrameOptions = "DENY";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        NoStore(http);
        await http.Response.WriteAsync(html, Encoding.UTF8, http.RequestAborted);
    }

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store, must-revalidate, max-age=0";
        http.Response.Headers.Pragma = "no-cache";
    }

    /// <summary>The request's parameters (query or form), each at most once (RFC 6749 §3.1).</summary>
    private static async Task<(Dictionary<string, string>? Parameters, string? Problem)> ReadParametersAsync(HttpContext http, bool fromQuery)
    {
        IEnumerable<KeyValuePair<string, StringValues>> source;
        if (fromQuery)
        {
            source = http.Request.Query;
        }
        else
        {
            if (!http.Request.HasFormContentType)
            {
                return (null, "The request must be sent as a form (application/x-www-form-urlencoded).");
            }

            try
            {
                source = await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (InvalidDataException)
            {
                return (null, "The form could not be read.");
            }
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in source)
        {
            if (values.Count > 1)
            {
                return (null, $"Duplicated parameter: {name}");
            }

            parameters[name] = values.ToString();
        }

        return (parameters, null);
    }

    private static string? Get(Dictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
