using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EGov.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>
/// A browser and a relying party against the development issuer, over HTTP: a cookie-keeping client that does not
/// follow redirects, so each step of the authorization-code flow can be looked at.
/// </summary>
internal sealed partial class BrowserFlow : IDisposable
{
    public const string Realm = "/realms/egov";
    public const string AuthorizePath = Realm + "/protocol/openid-connect/auth";
    public const string LogoutPath = Realm + "/protocol/openid-connect/logout";
    public const string UserInfoPath = Realm + "/protocol/openid-connect/userinfo";
    public const string RedirectUri = "http://localhost:8080/signin-oidc";
    public const string PostLogoutRedirectUri = "http://localhost:8080/signout-callback-oidc";

    public BrowserFlow(PlatformFactory platform)
        : this(
            platform.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }),
            platform.CreateClient())
    {
    }

    /// <summary>Against an <see cref="IdentityHost"/>: a cookie-keeping browser over its test server.</summary>
    public BrowserFlow(IdentityHost host)
        : this(
            new HttpClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler
            {
                InnerHandler = Microsoft.AspNetCore.TestHost.HostBuilderTestServerExtensions.GetTestServer(host.App).CreateHandler(),
            })
            {
                BaseAddress = host.Client.BaseAddress,
            },
            Microsoft.AspNetCore.TestHost.HostBuilderTestServerExtensions.GetTestServer(host.App).CreateClient())
    {
    }

    private BrowserFlow(HttpClient browser, HttpClient backchannel)
    {
        Browser = browser;
        Backchannel = backchannel;
        (Verifier, Challenge) = NewPkce();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Carries the issuer's cookies, like a browser.</summary>
    public HttpClient Browser { get; }

    /// <summary>The relying party's server-to-server client (no cookies).</summary>
    public HttpClient Backchannel { get; }

    public string Verifier { get; }

    public string Challenge { get; }

    public string State { get; } = "st-" + Guid.NewGuid().ToString("N");

    public string Nonce { get; } = "n-" + Guid.NewGuid().ToString("N");

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>The query of a well-formed authorization request of the portal; entries set to null are left out.</summary>
    public Dictionary<string, string?> AuthorizeParameters(params (string Name, string? Value)[] overrides)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = Tokens.PortalClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = "openid",
            ["state"] = State,
            ["nonce"] = Nonce,
            ["code_challenge"] = Challenge,
            ["code_challenge_method"] = "S256",
        };
        foreach (var (name, value) in overrides)
        {
            parameters[name] = value;
        }

        return parameters;
    }

    public Task<HttpResponseMessage> AuthorizeAsync(params (string Name, string? Value)[] overrides) =>
        Browser.GetAsync(QueryHelpers.AddQueryString(AuthorizePath,
            AuthorizeParameters(overrides).Where(p => p.Value is not null)), Ct);

    /// <summary>Fills in and posts the sign-in form of <paramref name="page"/>, as a browser does.</summary>
    public async Task<HttpResponseMessage> SubmitSignInAsync(HttpResponseMessage page, string username, string password = Tokens.DemoPassword)
    {
        var html = await page.Content.ReadAsStringAsync(Ct);
        var action = WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value);
        var ticket = WebUtility.HtmlDecode(Ticket().Match(html).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(action), "the page has a form");
        return await Browser.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ticket"] = ticket, ["username"] = username, ["password"] = password,
        }), Ct);
    }

    /// <summary>
    /// Runs the flow up to the redirect back with the code: authorize, sign in (unless the browser's session is still
    /// on, which skips the page), read the redirect.
    /// </summary>
    public async Task<Dictionary<string, string>> SignInAsync(string username, params (string Name, string? Value)[] overrides)
    {
        using var page = await AuthorizeAsync(overrides);
        if (page.StatusCode == HttpStatusCode.Redirect)
        {
            return RedirectParameters(page, RedirectUri);
        }

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var signedIn = await SubmitSignInAsync(page, username);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return RedirectParameters(signedIn, RedirectUri);
    }

    /// <summary>The query of a redirect to <paramref name="expectedTarget"/>; fails for any other target.</summary>
    public static Dictionary<string, string> RedirectParameters(HttpResponseMessage response, string expectedTarget)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No redirect: {(int)response.StatusCode}");
        var text = location.ToString();
        var query = text.IndexOf('?', StringComparison.Ordinal);
        Assert.Equal(expectedTarget, query < 0 ? text : text[..query]);
        return QueryHelpers.ParseQuery(query < 0 ? "" : text[query..]).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(Dictionary<string, string> form)
    {
        using var response = await Backchannel.PostAsync(Tokens.TokenPath, new FormUrlEncodedContent(form), Ct);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> ExchangeAsync(
        string code, string? verifier = null, string redirectUri = RedirectUri, string secret = Tokens.PortalSecret) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = Tokens.PortalClientId,
            ["client_secret"] = secret,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier ?? Verifier,
        });

    public Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(string refreshToken) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = Tokens.PortalClientId,
            ["client_secret"] = Tokens.PortalSecret,
            ["refresh_token"] = refreshToken,
        });

    /// <summary>Signs in and exchanges the code: the token response of a completed flow.</summary>
    public async Task<JsonElement> TokensForAsync(string username)
    {
        var redirect = await SignInAsync(username);
        var (status, body) = await ExchangeAsync(redirect["code"]);
        Assert.True(status == HttpStatusCode.OK, $"code exchange failed: {(int)status} {body}");
        return body;
    }

    public async Task<HttpResponseMessage> CallApiAsync(string path, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await Backchannel.SendAsync(request, Ct);
    }

    public void Dispose()
    {
        Browser.Dispose();
        Backchannel.Dispose();
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"ticket\" value=\"([^\"]+)\"")]
    private static partial Regex Ticket();
}
