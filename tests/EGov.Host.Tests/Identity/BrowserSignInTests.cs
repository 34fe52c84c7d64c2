using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>
/// The browser sign-in where it needs a host of its own: on a fake clock (code lifetime, lockouts on the sign-in page)
/// or with settings and realm files the platform does not ship (refused at start).
/// </summary>
public sealed class BrowserSignInTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string folder = IdentityHost.TemporaryFolder();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_code_lives_sixty_seconds()
    {
        await using var host = await StartAsync();
        using var flow = new BrowserFlow(host);

        var redirect = await flow.SignInAsync("citizen.anna");
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.OK, (await flow.ExchangeAsync(redirect["code"])).Status);

        var late = await flow.SignInAsync("citizen.anna");
        clock.Advance(TimeSpan.FromSeconds(61));
        var (status, body) = await flow.ExchangeAsync(late["code"]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_refresh_token_expires_after_thirty_idle_minutes_and_each_refresh_restarts_the_wait()
    {
        await using var host = await StartAsync();
        using var flow = new BrowserFlow(host);
        var tokens = await flow.TokensForAsync("citizen.anna");
        Assert.Equal(1800, tokens.GetProperty("refresh_expires_in").GetInt32());

        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        for (var i = 0; i < 2; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(25));
            var (status, body) = await flow.RefreshAsync(refresh);
            Assert.Equal(HttpStatusCode.OK, status);
            refresh = body.GetProperty("refresh_token").GetString()!;
        }

        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.BadRequest, (await flow.RefreshAsync(refresh)).Status);
    }

    [Fact]
    public async Task The_sign_in_page_applies_brute_force_protection_and_a_locked_user_sees_the_wrong_password_message()
    {
        await using var host = await StartAsync();
        using var flow = new BrowserFlow(host);

        using var page = await flow.AuthorizeAsync();
        using var first = await flow.SubmitSignInAsync(page, "rep.clara", "guess-1");
        clock.Advance(TimeSpan.FromMilliseconds(300));
        using var second = await flow.SubmitSignInAsync(first, "rep.clara", "guess-2");

        // Two failures within a second: locked for a minute, and the right password gets the same answer.
        using var locked = await flow.SubmitSignInAsync(second, "rep.clara");
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Null(locked.Headers.Location);
        Assert.Contains("Invalid username or password.", await locked.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The password grant counts the same failures: one lockout for both ways in.
        var (grant, _) = await flow.TokenAsync(Jwt.Password("rep.clara"));
        Assert.Equal(HttpStatusCode.Unauthorized, grant);

        clock.Advance(TimeSpan.FromSeconds(61));
        using var afterWait = await flow.SubmitSignInAsync(locked, "rep.clara");
        Assert.Equal(HttpStatusCode.Redirect, afterWait.StatusCode);
    }

    [Fact]
    public async Task What_the_user_typed_comes_back_encoded_and_the_password_never_comes_back()
    {
        await using var host = await StartAsync();
        using var flow = new BrowserFlow(host);
        using var page = await flow.AuthorizeAsync();
        using var failed = await flow.SubmitSignInAsync(page, "<script>alert(1)</script>\"", "secret-typed-by-user");

        var html = await failed.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-typed-by-user", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_ends_after_its_longest_lifetime_and_the_page_shows_again()
    {
        await using var host = await StartAsync();
        using var flow = new BrowserFlow(host);
        await flow.SignInAsync("citizen.anna");

        clock.Advance(TimeSpan.FromHours(10) + TimeSpan.FromSeconds(1));
        using var page = await flow.AuthorizeAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Extra_redirect_uris_are_matched_exactly_like_the_realms()
    {
        await using var host = await StartAsync(
            ("DevelopmentIssuer:ExtraRedirectUris:0", "http://127.0.0.1:5999/signin-oidc"),
            ("DevelopmentIssuer:ExtraPostLogoutRedirectUris:0", "http://127.0.0.1:5999/signout-callback-oidc"));
        using var flow = new BrowserFlow(host);

        using var extra = await flow.AuthorizeAsync(("redirect_uri", "http://127.0.0.1:5999/signin-oidc"));
        Assert.Equal(HttpStatusCode.OK, extra.StatusCode);
        using var near = await flow.AuthorizeAsync(("redirect_uri", "http://127.0.0.1:5999/signin-oidc2"));
        Assert.Equal(HttpStatusCode.BadRequest, near.StatusCode);
    }

    [Theory]
    [InlineData("Staging", "http://127.0.0.1:5999/signin-oidc", "extra redirect URIs are for development and tests only")]
    [InlineData("Testing", "http://127.0.0.1:*/signin-oidc", "wildcard")]
    [InlineData("Testing", "/signin-oidc", "not an absolute http(s) URI")]
    public async Task Extra_redirect_uris_outside_development_and_tests_or_not_exact_stop_the_start(string environment, string uri, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(environment,
            ("DevelopmentIssuer:Enabled", "true"), ("DevelopmentIssuer:ExtraRedirectUris:0", uri)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redirectUris", "http://localhost:*", "wildcard")]
    [InlineData("pkce", "plain", "supports S256 only")]
    [InlineData("post.logout.redirect.uris", "https://portal.example/*", "wildcard")]
    public async Task A_realm_file_with_wildcard_redirect_uris_or_plain_PKCE_stops_the_start(string what, string value, string expected)
    {
        var realm = JsonNode.Parse(await File.ReadAllTextAsync(IdentityHost.ShippedRealmFile(), Ct))!;
        var portal = realm["clients"]!.AsArray().First(c => (string?)c!["clientId"] == "egov-portal")!;
        switch (what)
        {
            case "redirectUris":
                portal["redirectUris"] = new JsonArray(value);
                break;
            case "pkce":
                portal["attributes"]!["pkce.code.challenge.method"] = value;
                break;
            default:
                portal["attributes"]!["post.logout.redirect.uris"] = value;
                break;
        }

        var realmFile = Path.Combine(folder, "realm.json");
        await File.WriteAllTextAsync(realmFile, realm.ToJsonString(), Ct);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(("DevelopmentIssuer:RealmFile", realmFile)));
        Assert.Contains("client 'egov-portal'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private Task<IdentityHost> StartAsync(params (string Key, string Value)[] extra) => StartAsync("Testing", extra);

    private Task<IdentityHost> StartAsync(string environment, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DevelopmentIssuer:KeyFile"] = Path.Combine(folder, "signing-key.pem"),
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return IdentityHost.StartAsync(settings, environment, services => services.AddSingleton<TimeProvider>(clock));
    }
}
