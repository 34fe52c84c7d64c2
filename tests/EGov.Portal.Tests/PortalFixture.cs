using EGov.Testing;
using Microsoft.Playwright;

namespace EGov.Portal.Tests;

/// <summary>
/// One platform on a real loopback port and one Chromium for the whole assembly: each test opens its own browser
/// context (cookies of its own), so tests stay independent and fast.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private PlatformFactory? _platform;

    public PlatformFactory Platform => _platform ?? throw new InvalidOperationException("The platform has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public Uri Origin => Platform.BaseAddress!;

    /// <summary>Debian's Chromium (Playwright's own browser download is not used); EGOV_CHROMIUM overrides.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("EGOV_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        _platform = await PlatformFactory.StartOnLoopbackAsync("portal");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
    }

    /// <summary>A fresh browser context (no cookies) in <paramref name="language"/>.</summary>
    public Task<IBrowserContext> ContextAsync(string language = "en-GB") =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Origin.ToString(),
            Locale = language,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language },
        });

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }
    }
}
