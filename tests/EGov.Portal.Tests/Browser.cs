using System.Globalization;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace EGov.Portal.Tests;

/// <summary>What every page visit checks: axe-core (WCAG 2.2 AA) and the weight of a first visit.</summary>
internal static class Browser
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>axe-core reports no violation of WCAG 2.2 AA on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags.ToList() } });
        var report = new StringBuilder();
        foreach (var violation in result.Violations)
        {
            report.Append(CultureInfo.InvariantCulture, $"{violation.Id} ({violation.Impact}): {violation.Help}");
            foreach (var node in violation.Nodes.Take(3))
            {
                report.Append(CultureInfo.InvariantCulture, $"\n    {node.Target}: {node.Html}");
            }

            report.Append('\n');
        }

        Assert.True(result.Violations.Length == 0, $"axe on {page.Url}:\n{report}");
    }

    /// <summary>Opens <paramref name="path"/> in <paramref name="page"/> and returns the bytes transferred for it.</summary>
    public static async Task<long> VisitAsync(IPage page, string path)
    {
        var responses = new List<IResponse>();
        void Record(object? sender, IResponse response) => responses.Add(response);
        page.Response += Record;
        try
        {
            var response = await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.NotNull(response);
        }
        finally
        {
            page.Response -= Record;
        }

        long total = 0;
        foreach (var response in responses)
        {
            var sizes = await response.Request.SizesAsync();
            total += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        }

        return total;
    }

    /// <summary>A screenshot into EGOV_PORTAL_SCREENSHOTS (docs/portal), when that is set.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("EGOV_PORTAL_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.SetViewportSizeAsync(1024, 768);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }
}
