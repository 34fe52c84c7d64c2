using Microsoft.Playwright;
using static EGov.Portal.Tests.Browser;

namespace EGov.Portal.Tests;

/// <summary>Sign-in with the authorization-code flow and PKCE against the platform's issuer, and sign-out.</summary>
public sealed class SignInTests(PortalFixture portal)
{
    [Fact]
    public async Task A_citizen_signs_in_with_PKCE_the_tokens_stay_on_the_server_and_signing_out_ends_the_issuer_session()
    {
        await using var context = await portal.ContextAsync();
        var page = await context.NewPageAsync();
        var urls = new List<string>();
        page.Request += (_, request) => urls.Add(request.Url);

        await page.GotoAsync("/account");
        Assert.Contains("/realms/egov/protocol/openid-connect/auth", page.Url, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", page.Url, StringComparison.Ordinal);
        await SignInAsync(page, "citizen.anna");
        await page.WaitForURLAsync("**/account");
        Assert.Contains("citizen.anna", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("citizen", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "account");

        // The browser holds a session key, never a token: not in a cookie, the page or any address it visited.
        var session = Assert.Single(await context.CookiesAsync(), c => c.Name == "egov-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.True(session.Value.Length < 1000, $"the session cookie is {session.Value.Length} characters");
        Assert.DoesNotContain("eyJ", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(urls, u => u.Contains("access_token", StringComparison.Ordinal) || u.Contains("id_token=", StringComparison.Ordinal));

        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync("**/sign-out");
        Assert.Equal("You have signed out", await page.InnerTextAsync("h1"));
        await AssertAccessibleAsync(page);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "egov-session");

        // The issuer's session ended too: the account page asks for the password again.
        await page.GotoAsync("/account");
        Assert.Contains("/realms/egov/protocol/openid-connect/auth", page.Url, StringComparison.Ordinal);
        Assert.True(await page.Locator("#password").IsVisibleAsync());
    }

    [Fact]
    public async Task After_sign_in_only_a_local_return_address_is_followed()
    {
        await using var context = await portal.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in?returnUrl=" + Uri.EscapeDataString("https://evil.example/steal"));
        await SignInAsync(page, "citizen.bruno");
        await page.WaitForURLAsync(url => url.StartsWith(portal.Origin.ToString(), StringComparison.Ordinal) && !url.Contains("/realms/", StringComparison.Ordinal));
        Assert.Equal(portal.Origin.ToString(), page.Url);

        await page.GotoAsync("/sign-in?returnUrl=" + Uri.EscapeDataString("//evil.example/"));
        Assert.Equal(portal.Origin.ToString(), page.Url);
        await page.GotoAsync("/sign-in?returnUrl=" + Uri.EscapeDataString("/verify"));
        Assert.Equal(new Uri(portal.Origin, "/verify").ToString(), page.Url);
    }

    internal static async Task SignInAsync(IPage page, string username)
    {
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", EGov.Testing.Tokens.DemoPassword);
        await page.ClickAsync("button[type=submit]");
    }
}
