using System.Net;
using System.Text.RegularExpressions;
using static EGov.Portal.Tests.Browser;

namespace EGov.Portal.Tests;

/// <summary>The portal's promises: strict headers, no inline script or style, forms bound to the session, no open redirect.</summary>
public sealed partial class SecurityTests(PortalFixture portal)
{
    [Fact]
    public async Task Pages_carry_a_strict_policy_and_no_inline_script_or_style()
    {
        using var http = new HttpClient { BaseAddress = portal.Origin };
        foreach (var path in new[] { "/", "/services", "/verify", "/performance", "/no-such-page" })
        {
            using var response = await http.GetAsync(path, Ct);
            var policy = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("style-src 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("nonce-", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(StyleAttribute(), html);
            Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_with_nothing_changed()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.Origin };
        using var forged = await http.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string> { ["language"] = "fr", ["returnUrl"] = "/" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("egov-language", StringComparison.Ordinal)));
        Assert.Contains("there is a problem", await forged.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_language_switch_returns_only_to_pages_of_the_portal()
    {
        await using var context = await portal.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/verify");
        // A tampered return address in the switch's form is replaced by the home page.
        await page.EvaluateAsync("document.querySelector('input[name=returnUrl]').value = 'https://evil.example/'");
        await page.ClickAsync("button[lang=fr]");
        Assert.Equal(portal.Origin.ToString(), page.Url);
        await page.EvaluateAsync("document.querySelector('input[name=returnUrl]').value = '/api/platform/me'");
        await page.ClickAsync("button[lang=en]");
        Assert.Equal(portal.Origin.ToString(), page.Url);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("\\sstyle=\"", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();
}
