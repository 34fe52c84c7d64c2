using System.Net;
using System.Text.RegularExpressions;

namespace EGov.Host.Tests.Operations;

/// <summary>
/// The headers every response carries, over a real Kestrel socket: no <c>Server</c>, no sniffing or framing, a
/// Content Security Policy, no referrer, and <c>no-store</c> on anything personal. The API reference page runs its
/// scripts by nonce and calls no third-party service.
/// </summary>
public sealed partial class SecurityHeadersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_personal_data_is_never_cached()
    {
        await using var platform = await KestrelPlatform.StartAsync("security_headers", _ => new Dictionary<string, string?>());
        using var anonymous = platform.Client;

        foreach (var url in new[] { "/api/g2c/services", "/api/g2c/me", "/health/live", "/openapi/g2c.json", "/no-such-route", "/scalar/" })
        {
            using var response = await anonymous.GetAsync(url, Ct);
            Assert.False(response.Headers.Contains("Server"), $"{url} sends Server");
            Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Single(response, "X-Frame-Options"));
            Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
            Assert.Contains("frame-ancestors 'none'", Single(response, "Content-Security-Policy"), StringComparison.Ordinal);
        }

        using var api = await anonymous.GetAsync("/api/g2c/services", Ct);
        Assert.StartsWith("default-src 'none'", Single(api, "Content-Security-Policy"), StringComparison.Ordinal);

        // Personal data, and anything asked with a token, is never stored by a cache.
        var token = await EGov.Testing.Tokens.PasswordAsync(anonymous, "citizen.anna");
        foreach (var url in new[] { "/api/g2c/me", "/api/g2c/services", "/api/platform/me" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await anonymous.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{url} may be cached");
        }

        // A NUL in the path is refused by the server before any module sees it.
        using var nul = await anonymous.GetAsync("/api/g2c/services/parking%00permit", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);

        using var unauthorized = await anonymous.GetAsync("/api/g2c/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.True(unauthorized.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task The_API_reference_runs_its_scripts_by_nonce_and_offers_no_third_party_service()
    {
        await using var platform = await KestrelPlatform.StartAsync("security_scalar", _ => new Dictionary<string, string?>());
        using var page = await platform.Client.GetAsync("/scalar/", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        var policy = Single(page, "Content-Security-Policy");
        var nonce = Nonce().Match(policy);
        Assert.True(nonce.Success, policy);
        var scripts = ScriptTag().Matches(html);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce.Groups[1].Value}\"", s.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("'unsafe-eval'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);

        // The page's configuration: no AI agent, MCP, telemetry, hosted fonts, developer tool bar or .NET deploy flag.
        Assert.Contains("\"agent\":{\"disabled\":true}", html, StringComparison.Ordinal);
        Assert.Contains("\"mcp\":{\"disabled\":true}", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"showDeveloperTools\":\"never\"", html, StringComparison.Ordinal);
        Assert.Contains("\"_integration\":null", html, StringComparison.Ordinal);
        Assert.DoesNotContain("proxyUrl", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        // A second load gets a fresh nonce.
        using var again = await platform.Client.GetAsync("/scalar/", Ct);
        Assert.NotEqual(nonce.Groups[1].Value, Nonce().Match(Single(again, "Content-Security-Policy")).Groups[1].Value);
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.TryGetValues(header, out var content) ? content : []);

    [GeneratedRegex("'nonce-([A-Za-z0-9+/=_-]+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
