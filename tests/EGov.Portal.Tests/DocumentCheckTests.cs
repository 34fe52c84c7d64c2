using System.Net.Http.Json;
using System.Text.Json;
using static EGov.Portal.Tests.Browser;

namespace EGov.Portal.Tests;

/// <summary>The public document check: by typing the code, by following the QR link, and with mistakes.</summary>
public sealed class DocumentCheckTests(PortalFixture portal)
{
    [Fact]
    public async Task A_certificate_is_genuine_by_its_QR_link_and_by_its_typed_code_in_both_languages()
    {
        var code = await ApprovedCertificateCodeAsync();

        await using var context = await portal.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/verify/{code}");
        Assert.Contains("This document is genuine", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("A***", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "verify-result");

        // Typed as printed, in groups and lower case, with the keyboard alone.
        await page.GotoAsync("/verify");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to main content", await page.EvaluateAsync<string>("document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");
        await page.FocusAsync("#code");
        await page.Keyboard.TypeAsync(string.Join(' ', code.Chunk(4).Select(c => new string(c))).ToLowerInvariant());
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/verify?code=*");
        Assert.Contains("This document is genuine", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        await using var french = await portal.ContextAsync("fr-FR");
        var fr = await french.NewPageAsync();
        await fr.GotoAsync($"/verify/{code}");
        Assert.Contains("Ce document est authentique", await fr.InnerTextAsync("main"), StringComparison.Ordinal);
        await AssertAccessibleAsync(fr);
    }

    [Fact]
    public async Task The_QR_code_of_a_certificate_leads_to_the_portals_check_page()
    {
        var code = await ApprovedCertificateCodeAsync();
        using var anna = await portal.Platform.ClientForAsync("citizen.anna");
        var documents = await anna.GetFromJsonAsync<JsonElement>("/api/g2c/documents", Ct);
        var document = documents.GetProperty("items").EnumerateArray().First(d => d.GetProperty("verificationCode").GetString() == code);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/g2c/documents/{document.GetProperty("id").GetGuid()}/pdf");
        using var response = await anna.SendAsync(request, Ct);
        var pdf = System.Text.Encoding.Latin1.GetString(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains($"{portal.Origin.GetLeftPart(UriPartial.Authority)}/verify/{code}", pdf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mistakes_are_shown_the_GOV_UK_way_and_the_answer_is_kept()
    {
        await using var context = await portal.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/verify");
        await page.ClickAsync("main button[type=submit]");
        Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Equal("#code", await page.GetAttributeAsync(".govuk-error-summary a", "href"));
        Assert.Contains("Enter the code printed on the document", await page.InnerTextAsync("#code-error"), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);

        await page.FillAsync("#code", "NOT-A-CODE");
        await page.ClickAsync("main button[type=submit]");
        Assert.Equal("NOT-A-CODE", await page.InputValueAsync("#code"));
        Assert.Contains("20 letters and digits", await page.InnerTextAsync(".govuk-error-summary"), StringComparison.Ordinal);
        await page.ClickAsync(".govuk-error-summary a");
        Assert.Equal("code", await page.EvaluateAsync<string>("document.activeElement.id"));
        await ScreenshotAsync(page, "verify-error");

        await page.GotoAsync("/verify/0000000000000000000Z");
        Assert.Contains("No document has this code", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
    }

    /// <summary>A citizen applies for a parking permit, a caseworker approves it: the certificate's code.</summary>
    private async Task<string> ApprovedCertificateCodeAsync()
    {
        using var anna = await portal.Platform.ClientForAsync("citizen.anna");
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/g2c/applications")
        {
            Content = JsonContent.Create(new { serviceCode = "parking-permit", fields = new { plate = "PQ-" + Random.Shared.Next(1000, 9999), zone = 3, resident = true } }),
        };
        submit.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var submitted = await anna.SendAsync(submit, Ct);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync(Ct));
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        using var eva = await portal.Platform.ClientForAsync("caseworker.eva");
        (await eva.PostAsJsonAsync($"/api/g2c/backoffice/applications/{id}/assign", new { }, Ct)).EnsureSuccessStatusCode();
        (await eva.PostAsJsonAsync($"/api/g2c/backoffice/applications/{id}/decision", new { outcome = "approved", reasons = "Resident of the zone." }, Ct)).EnsureSuccessStatusCode();
        var documents = await anna.GetFromJsonAsync<JsonElement>("/api/g2c/documents", Ct);
        return documents.GetProperty("items").EnumerateArray().First(d => d.GetProperty("applicationId").GetGuid() == id).GetProperty("verificationCode").GetString()!;
    }
}
