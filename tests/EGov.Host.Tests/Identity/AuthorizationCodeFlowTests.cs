using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>
/// The development issuer's browser sign-in (authorization code with PKCE, the portal as a confidential client), over
/// HTTP with real cookies, codes and tokens: what succeeds, and every refusal a relying party or an attacker meets.
/// </summary>
public sealed class AuthorizationCodeFlowTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PlatformFactory Platform => fixture.Platform;

    [Fact]
    public async Task A_user_signs_in_on_the_page_and_the_code_buys_tokens_the_API_accepts()
    {
        using var flow = new BrowserFlow(Platform);
        using var page = await flow.AuthorizeAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(
            "default-src 'none'; style-src 'self'; form-action 'self' http://localhost:8080; frame-ancestors 'none'; base-uri 'none'", csp);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);

        using var signedIn = await flow.SubmitSignInAsync(page, "rep.clara");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var redirect = BrowserFlow.RedirectParameters(signedIn, BrowserFlow.RedirectUri);
        Assert.Equal(flow.State, redirect["state"]);
        var issuer = await IssuerAsync();
        Assert.Equal(issuer, redirect["iss"]);

        var (status, tokens) = await flow.ExchangeAsync(redirect["code"]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal(redirect["session_state"], tokens.GetProperty("session_state").GetString());
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refresh_token").GetString()));

        // The access token has the password grant's shape, so the API's JwtBearer takes it as it is.
        var access = Jwt.Payload(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(issuer, access.GetProperty("iss").GetString());
        Assert.Equal("egov-api", access.GetProperty("aud").GetString());
        Assert.Equal("Bearer", access.GetProperty("typ").GetString());
        Assert.Equal("egov-portal", access.GetProperty("azp").GetString());
        Assert.Equal(DemoUsers.All.Single(u => u.Username == "rep.clara").Subject, access.GetProperty("sub").GetString());
        Assert.Equal(redirect["session_state"], access.GetProperty("sid").GetString());
        Assert.Equal(["BRN-100001", "BRN-100002"], Jwt.Strings(access.GetProperty("mandates")));

        var id = Jwt.Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal("ID", id.GetProperty("typ").GetString());
        Assert.Equal("egov-portal", id.GetProperty("aud").GetString());
        Assert.Equal(flow.Nonce, id.GetProperty("nonce").GetString());
        Assert.Equal(access.GetProperty("sub").GetString(), id.GetProperty("sub").GetString());
        Assert.Equal(redirect["session_state"], id.GetProperty("sid").GetString());
        Assert.True(id.TryGetProperty("at_hash", out _));
        Assert.Equal("rep.clara", id.GetProperty("preferred_username").GetString());

        using var me = await flow.CallApiAsync("/api/platform/me", tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("rep.clara", await me.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The ID token is refused by the API: it is not an access token.
        using var withIdToken = await flow.CallApiAsync("/api/platform/me", tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(HttpStatusCode.Unauthorized, withIdToken.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_browser_gets_the_next_code_without_the_page_unless_a_login_is_asked_for()
    {
        using var flow = new BrowserFlow(Platform);
        var first = await flow.SignInAsync("citizen.anna");

        using var again = await flow.AuthorizeAsync(("state", "second"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var second = BrowserFlow.RedirectParameters(again, BrowserFlow.RedirectUri);
        Assert.Equal("second", second["state"]);
        Assert.Equal(first["session_state"], second["session_state"]);
        Assert.NotEqual(first["code"], second["code"]);
        Assert.Equal(HttpStatusCode.OK, (await flow.ExchangeAsync(second["code"])).Status);

        using var login = await flow.AuthorizeAsync(("prompt", "login"));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("name=\"password\"", await login.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var fresh = new BrowserFlow(Platform);
        using var none = await fresh.AuthorizeAsync(("prompt", "none"));
        Assert.Equal("login_required", BrowserFlow.RedirectParameters(none, BrowserFlow.RedirectUri)["error"]);
    }

    [Theory]
    [InlineData("egov-portal", "http://localhost:8081/signin-oidc")]
    [InlineData("egov-portal", "http://localhost:8080/signin-oidc/")]
    [InlineData("egov-portal", "http://localhost:8080/signin-oidc?next=x")]
    [InlineData("egov-portal", "http://LOCALHOST:8080/signin-oidc")]
    [InlineData("egov-portal", "https://evil.example/signin-oidc")]
    [InlineData("egov-portal", null)]
    [InlineData("no-such-client", "http://localhost:8080/signin-oidc")]
    [InlineData("agency-ncr", "http://localhost:8080/signin-oidc")]
    [InlineData(null, "http://localhost:8080/signin-oidc")]
    public async Task An_unknown_client_or_a_redirect_uri_not_registered_exactly_gets_an_error_page_never_a_redirect(string? clientId, string? redirectUri)
    {
        using var flow = new BrowserFlow(Platform);
        using var response = await flow.AuthorizeAsync(("client_id", clientId), ("redirect_uri", redirectUri));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("name=\"password\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "use-the-challenge", "invalid_request")]
    [InlineData(null, null, "invalid_request")]
    [InlineData("S256", null, "invalid_request")]
    [InlineData(null, "challenge-without-method-is-plain-and-refused-0000000000000", "invalid_request")]
    [InlineData("S256", "too-short", "invalid_request")]
    public async Task Plain_or_missing_PKCE_goes_back_to_the_client_as_an_error_with_the_state(string? method, string? challenge, string error)
    {
        using var flow = new BrowserFlow(Platform);
        using var response = await flow.AuthorizeAsync(
            ("code_challenge_method", method), ("code_challenge", challenge == "use-the-challenge" ? flow.Challenge : challenge));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var redirect = BrowserFlow.RedirectParameters(response, BrowserFlow.RedirectUri);
        Assert.Equal(error, redirect["error"]);
        Assert.Equal(flow.State, redirect["state"]);
        Assert.False(redirect.ContainsKey("code"));
    }

    [Theory]
    [InlineData("response_type", "token", "unsupported_response_type")]
    [InlineData("response_type", null, "invalid_request")]
    [InlineData("scope", "openid payroll:write", "invalid_scope")]
    [InlineData("response_mode", "fragment", "invalid_request")]
    [InlineData("prompt", "none login", "invalid_request")]
    [InlineData("max_age", "-1", "invalid_request")]
    public async Task Other_bad_requests_go_back_to_the_registered_redirect_uri_as_errors(string parameter, string? value, string error)
    {
        using var flow = new BrowserFlow(Platform);
        using var response = await flow.AuthorizeAsync((parameter, value));

        var redirect = BrowserFlow.RedirectParameters(response, BrowserFlow.RedirectUri);
        Assert.Equal(error, redirect["error"]);
        Assert.Equal(flow.State, redirect["state"]);
    }

    [Fact]
    public async Task The_state_comes_back_exactly_as_sent_and_is_left_out_when_none_was_sent()
    {
        const string tricky = "a b&c=d/é?#<x>\"'";
        using var flow = new BrowserFlow(Platform);
        var redirect = await flow.SignInAsync("citizen.bruno", ("state", tricky));
        Assert.Equal(tricky, redirect["state"]);

        using var without = await flow.AuthorizeAsync(("state", null));
        Assert.False(BrowserFlow.RedirectParameters(without, BrowserFlow.RedirectUri).ContainsKey("state"));

        // A parameter given twice is refused outright: which of the two states would be the client's?
        using var twice = await flow.Browser.GetAsync(
            BrowserFlow.AuthorizePath + "?response_type=code&client_id=egov-portal&redirect_uri=" + Uri.EscapeDataString(BrowserFlow.RedirectUri) +
            "&state=one&state=two&code_challenge_method=S256&code_challenge=" + flow.Challenge, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Null(twice.Headers.Location);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_page_and_no_code()
    {
        using var flow = new BrowserFlow(Platform);
        using var page = await flow.AuthorizeAsync();
        using var wrong = await flow.SubmitSignInAsync(page, "citizen.anna", "not-the-password");
        using var page2 = await flow.AuthorizeAsync();
        using var unknown = await flow.SubmitSignInAsync(page2, "nobody.here", "not-the-password");

        foreach (var response in new[] { wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(response.Headers.Location);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("Invalid username or password.", html, StringComparison.Ordinal);
            Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
            Assert.Contains("aria-describedby=\"sign-in-error\"", html, StringComparison.Ordinal);
        }

        // The page after a failure works: the right password signs in.
        using var retry = await flow.SubmitSignInAsync(wrong, "citizen.anna");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_post_from_another_browser_or_with_a_made_up_ticket_is_refused()
    {
        using var flow = new BrowserFlow(Platform);
        using var page = await flow.AuthorizeAsync();
        var html = await page.Content.ReadAsStringAsync(Ct);

        // Another browser (no form cookie) posting the victim's form: cross-site request forgery.
        using var other = new BrowserFlow(Platform);
        var ticket = System.Text.RegularExpressions.Regex.Match(html, "name=\"ticket\" value=\"([^\"]+)\"").Groups[1].Value;
        using var forged = await other.Browser.PostAsync(BrowserFlow.Realm + "/login-actions/authenticate", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["ticket"] = ticket, ["username"] = "citizen.anna", ["password"] = Tokens.DemoPassword }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(forged.Headers.Location);

        using var madeUp = await flow.Browser.PostAsync(BrowserFlow.Realm + "/login-actions/authenticate", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["ticket"] = "made-up", ["username"] = "citizen.anna", ["password"] = Tokens.DemoPassword }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, madeUp.StatusCode);
        Assert.Null(madeUp.Headers.Location);
    }

    [Fact]
    public async Task A_code_is_single_use_and_presenting_it_again_revokes_the_tokens_it_bought()
    {
        using var flow = new BrowserFlow(Platform);
        var redirect = await flow.SignInAsync("citizen.anna");
        var (status, tokens) = await flow.ExchangeAsync(redirect["code"]);
        Assert.Equal(HttpStatusCode.OK, status);

        var (again, error) = await flow.ExchangeAsync(redirect["code"]);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());

        var (refreshed, refreshError) = await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refreshed);
        Assert.Equal("invalid_grant", refreshError.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_code_needs_the_right_verifier_redirect_uri_and_client_secret()
    {
        using var flow = new BrowserFlow(Platform);

        // A wrong secret fails client authentication before the code is looked at: the code stays good.
        var redirect = await flow.SignInAsync("citizen.anna");
        var (unauthorized, body) = await flow.ExchangeAsync(redirect["code"], secret: "wrong-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await flow.ExchangeAsync(redirect["code"])).Status);

        var (otherVerifier, _) = BrowserFlow.NewPkce();
        foreach (var (verifier, redirectUri) in new[]
                 {
                     (otherVerifier, BrowserFlow.RedirectUri),
                     ("short", BrowserFlow.RedirectUri),
                     (flow.Verifier, BrowserFlow.PostLogoutRedirectUri),
                 })
        {
            var next = await flow.SignInAsync("citizen.anna");
            var (status, error) = await flow.ExchangeAsync(next["code"], verifier, redirectUri);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("invalid_grant", error.GetProperty("error").GetString());

            // The failed attempt spent the code.
            Assert.Equal(HttpStatusCode.BadRequest, (await flow.ExchangeAsync(next["code"])).Status);
        }

        var withoutVerifier = await flow.SignInAsync("citizen.anna");
        var (missing, missingError) = await flow.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = Tokens.PortalClientId, ["client_secret"] = Tokens.PortalSecret,
            ["code"] = withoutVerifier["code"], ["redirect_uri"] = BrowserFlow.RedirectUri,
        });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("PKCE code verifier not specified", missingError.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Each_refresh_returns_a_new_refresh_token_and_reusing_an_old_one_revokes_the_family()
    {
        using var flow = new BrowserFlow(Platform);
        var tokens = await flow.TokensForAsync("caseworker.david");
        var first = tokens.GetProperty("refresh_token").GetString()!;

        var (status, refreshed) = await flow.RefreshAsync(first);
        Assert.Equal(HttpStatusCode.OK, status);
        var second = refreshed.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);
        var access = Jwt.Payload(refreshed.GetProperty("access_token").GetString()!);
        Assert.Equal("egov-api", access.GetProperty("aud").GetString());
        Assert.Equal("NCR", access.GetProperty("agency_id").GetString());
        Assert.Equal(Jwt.Payload(tokens.GetProperty("access_token").GetString()!).GetProperty("sid").GetString(), access.GetProperty("sid").GetString());
        Assert.Equal("ID", Jwt.Payload(refreshed.GetProperty("id_token").GetString()!).GetProperty("typ").GetString());
        using (var me = await flow.CallApiAsync("/api/platform/me", refreshed.GetProperty("access_token").GetString()!))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        var (reused, error) = await flow.RefreshAsync(first);
        Assert.Equal(HttpStatusCode.BadRequest, reused);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());

        // The newest token of the family went with it: whoever holds it may be the thief.
        var (afterReuse, _) = await flow.RefreshAsync(second);
        Assert.Equal(HttpStatusCode.BadRequest, afterReuse);
    }

    [Fact]
    public async Task A_refresh_token_works_only_for_its_own_client_with_its_secret()
    {
        using var flow = new BrowserFlow(Platform);
        var tokens = await flow.TokensForAsync("citizen.anna");
        var refresh = tokens.GetProperty("refresh_token").GetString()!;

        var (otherClient, otherError) = await flow.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = "agency-ncr", ["client_secret"] = "agency-ncr-dev-secret", ["refresh_token"] = refresh,
        });
        Assert.Equal(HttpStatusCode.BadRequest, otherClient);
        Assert.Equal("invalid_grant", otherError.GetProperty("error").GetString());

        var (wrongSecret, _) = await flow.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = Tokens.PortalClientId, ["client_secret"] = "nope", ["refresh_token"] = refresh,
        });
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret);

        var (made, madeError) = await flow.RefreshAsync("not-a-refresh-token");
        Assert.Equal(HttpStatusCode.BadRequest, made);
        Assert.Equal("invalid_grant", madeError.GetProperty("error").GetString());

        // Neither attempt spent the token.
        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(refresh)).Status);
    }

    [Fact]
    public async Task Signing_out_with_an_id_token_hint_ends_the_session_and_returns_to_the_registered_uri_with_the_state()
    {
        using var flow = new BrowserFlow(Platform);
        var tokens = await flow.TokensForAsync("citizen.anna");

        using var logout = await flow.Browser.GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(BrowserFlow.LogoutPath,
            new Dictionary<string, string?>
            {
                ["id_token_hint"] = tokens.GetProperty("id_token").GetString(),
                ["post_logout_redirect_uri"] = BrowserFlow.PostLogoutRedirectUri,
                ["state"] = "bye",
            }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("bye", BrowserFlow.RedirectParameters(logout, BrowserFlow.PostLogoutRedirectUri)["state"]);

        // The next authorization request shows the sign-in page again, and the session's refresh token is refused.
        using var again = await flow.AuthorizeAsync();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("name=\"password\"", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await flow.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).Status);
    }

    [Theory]
    [InlineData("https://evil.example/signout-callback-oidc", true)]
    [InlineData("http://localhost:8080/signin-oidc", true)]
    [InlineData("http://localhost:8080/signout-callback-oidc?x=1", true)]
    [InlineData("http://localhost:8080/signout-callback-oidc", false)]
    public async Task A_post_logout_redirect_uri_not_registered_or_without_a_client_gets_an_error_page_and_the_session_stays(string uri, bool withHint)
    {
        using var flow = new BrowserFlow(Platform);
        var tokens = await flow.TokensForAsync("citizen.bruno");
        var parameters = new Dictionary<string, string?> { ["post_logout_redirect_uri"] = uri, ["state"] = "s" };
        if (withHint)
        {
            parameters["id_token_hint"] = tokens.GetProperty("id_token").GetString();
        }

        using var logout = await flow.Browser.GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(BrowserFlow.LogoutPath, parameters), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Null(logout.Headers.Location);

        using var still = await flow.AuthorizeAsync();
        Assert.Equal(HttpStatusCode.Redirect, still.StatusCode);
    }

    [Fact]
    public async Task Signing_out_without_a_hint_asks_first_and_a_forged_confirmation_is_refused()
    {
        using var flow = new BrowserFlow(Platform);
        await flow.SignInAsync("citizen.anna");

        using var ask = await flow.Browser.GetAsync(BrowserFlow.LogoutPath, Ct);
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var html = await ask.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Do you want to sign out?", html, StringComparison.Ordinal);
        using (var stillSignedIn = await flow.AuthorizeAsync())
        {
            Assert.Equal(HttpStatusCode.Redirect, stillSignedIn.StatusCode);
        }

        var ticket = System.Text.RegularExpressions.Regex.Match(html, "name=\"ticket\" value=\"([^\"]+)\"").Groups[1].Value;
        using var other = new BrowserFlow(Platform);
        using var forged = await other.Browser.PostAsync(BrowserFlow.LogoutPath + "/logout-confirm",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["ticket"] = ticket }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var confirm = await flow.Browser.PostAsync(BrowserFlow.LogoutPath + "/logout-confirm",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["ticket"] = ticket }), Ct);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("You are signed out", await confirm.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var page = await flow.AuthorizeAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task User_info_answers_for_a_valid_access_token_only()
    {
        using var flow = new BrowserFlow(Platform);
        var tokens = await flow.TokensForAsync("rep.clara");

        using var info = await flow.CallApiAsync(BrowserFlow.UserInfoPath, tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        var claims = await info.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(DemoUsers.All.Single(u => u.Username == "rep.clara").Subject, claims.GetProperty("sub").GetString());
        Assert.Equal("rep.clara", claims.GetProperty("preferred_username").GetString());

        foreach (var token in new[] { tokens.GetProperty("id_token").GetString()!, "not.a.token", tokens.GetProperty("access_token").GetString()! + "x" })
        {
            using var refused = await flow.CallApiAsync(BrowserFlow.UserInfoPath, token);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var anonymous = await flow.Backchannel.GetAsync(BrowserFlow.UserInfoPath, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("GET", BrowserFlow.AuthorizePath + "?client_id=egov-portal&redirect_uri=%ZZ&response_type=code")]
    [InlineData("GET", BrowserFlow.AuthorizePath + "?client_id=%00&response_type=%FF%FE")]
    [InlineData("POST", BrowserFlow.AuthorizePath)]
    [InlineData("GET", BrowserFlow.AuthorizePath + "?client_id=egov-portal&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fsignin-oidc&response_type=code&code_challenge_method=S256&code_challenge=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&max_age=99999999999999999999999")]
    [InlineData("POST", BrowserFlow.Realm + "/login-actions/authenticate")]
    [InlineData("GET", BrowserFlow.LogoutPath + "?id_token_hint=a.b.c")]
    [InlineData("GET", BrowserFlow.LogoutPath + "?id_token_hint=%E2%82%AC.%E2%82%AC.%E2%82%AC&client_id=nobody")]
    [InlineData("GET", BrowserFlow.LogoutPath + "?client_id=egov-portal&post_logout_redirect_uri=javascript:alert(1)")]
    [InlineData("POST", BrowserFlow.LogoutPath + "/logout-confirm")]
    [InlineData("GET", BrowserFlow.UserInfoPath)]
    [InlineData("POST", BrowserFlow.UserInfoPath)]
    public async Task Malformed_or_anonymous_requests_to_the_browser_endpoints_never_get_a_5xx(string method, string path)
    {
        using var flow = new BrowserFlow(Platform);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{\"json\": true}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await flow.Browser.SendAsync(request, Ct);
        Assert.InRange((int)response.StatusCode, 200, 499);
        if (response.Headers.Location is { } location)
        {
            // Only ever back to the registered redirect URI, with an error.
            Assert.StartsWith(BrowserFlow.RedirectUri + "?error=", location.OriginalString, StringComparison.Ordinal);
        }
    }

    private async Task<string> IssuerAsync()
    {
        using var client = Platform.CreateClient();
        var discovery = await client.GetFromJsonAsync<JsonElement>("/realms/egov/.well-known/openid-configuration", Ct);
        return discovery.GetProperty("issuer").GetString()!;
    }
}
