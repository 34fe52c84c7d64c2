using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>
/// A citizen's journey through HTTP with real tokens and PostgreSQL, across a host restart: catalogue, draft,
/// resume, submit twice with one key, information request and answer, approval, the issued document as PDF, its
/// anonymous verification and its signature checked offline against the published keys, inbox in French.
/// </summary>
public sealed class JourneyTests
{
    [Fact]
    public async Task A_citizen_goes_from_the_catalogue_through_a_restart_to_an_approval_read_in_French()
    {
        await using var first = await PlatformFactory.StartAsync("journey");
        string keysBeforeRestart;
        using (var anonymous = first.CreateClient())
        {
            keysBeforeRestart = await anonymous.GetStringAsync("/api/g2c/documents/keys", Ct);
            var catalogue = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2c/services", Ct);
            Assert.Contains(catalogue.GetProperty("items").EnumerateArray(), s => s.GetProperty("code").GetString() == "residence-registration");
        }

        using (var anna = await first.ClientForAsync("citizen.anna"))
        {
            (await anna.PutAsJsonAsync("/api/g2c/me/preferences", new { language = "fr" }, Ct)).EnsureSuccessStatusCode();
            (await anna.PutAsJsonAsync("/api/g2c/session/drafts/residence-registration",
                new { fields = new { street = "Harbour Road 5", postalCode = "1010" } }, Ct)).EnsureSuccessStatusCode();
        }

        await first.DisposeAsync();
        await using var second = first.Another();
        using var again = await second.ClientForAsync("citizen.anna");
        var resumed = await again.GetFromJsonAsync<JsonElement>("/api/g2c/session/drafts/residence-registration", Ct);
        Assert.Equal("Harbour Road 5", resumed.GetProperty("fields").GetProperty("street").GetString());
        (await again.PutAsJsonAsync("/api/g2c/session/drafts/residence-registration",
            new { fields = new { city = "Capital", movingDate = "2026-11-01" } }, Ct)).EnsureSuccessStatusCode();

        var key = Guid.NewGuid().ToString();
        using var submitted = await SubmitAsync(again, new { serviceCode = "residence-registration", fromDraft = true }, key);
        using var repeated = await SubmitAsync(again, new { serviceCode = "residence-registration", fromDraft = true }, key);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeated.StatusCode);
        var application = await JsonAsync(submitted);
        var id = application.GetProperty("id").GetGuid();
        Assert.Equal(id, (await JsonAsync(repeated)).GetProperty("id").GetGuid());
        Assert.Equal(1, await Database.CountAsync(second.ConnectionString, "SELECT count(*) FROM g2c.applications"));

        using var david = await second.ClientForAsync("caseworker.david");
        var backOffice = $"/api/g2c/backoffice/applications/{id}";
        (await david.PostAsJsonAsync($"{backOffice}/assign", new { }, Ct)).EnsureSuccessStatusCode();
        (await david.PostAsJsonAsync($"{backOffice}/information-requests", new { message = "Please attach your lease." }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal("InformationRequested", (await again.GetFromJsonAsync<JsonElement>($"/api/g2c/applications/{id}", Ct)).GetProperty("status").GetString());
        (await again.PostAsJsonAsync($"/api/g2c/applications/{id}/responses", new { message = "Lease attached." }, Ct)).EnsureSuccessStatusCode();
        (await david.PostAsJsonAsync($"{backOffice}/decision", new { outcome = "approved" }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal("Approved", (await again.GetFromJsonAsync<JsonElement>($"/api/g2c/applications/{id}", Ct)).GetProperty("status").GetString());

        var documents = await again.GetFromJsonAsync<JsonElement>("/api/g2c/documents", Ct);
        var document = Assert.Single(documents.GetProperty("items").EnumerateArray(), d => d.GetProperty("applicationId").GetGuid() == id);
        var (pdfStatus, pdf) = await DocumentTests.PdfAsync(again, document.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, pdfStatus);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        using (var verifier = second.CreateClient())
        {
            var code = document.GetProperty("verificationCode").GetString()!;
            var verified = await verifier.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/verify/{code}", Ct);
            Assert.Equal("valid", verified.GetProperty("status").GetString());
            Assert.Equal("residence-registration", verified.GetProperty("type").GetString());
            var keys = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(await verifier.GetStringAsync("/api/g2c/documents/keys", Ct));
            var signature = await DocumentTests.ValidateAsync(document.GetProperty("signature").GetString()!, keys);
            Assert.True(signature.IsValid, signature.Exception?.Message);
            Assert.Equal(code, signature.Claims["verificationCode"]);

            // The document-signing key survived the restart: the keys published before it check the document too.
            Assert.True((await DocumentTests.ValidateAsync(document.GetProperty("signature").GetString()!, new Microsoft.IdentityModel.Tokens.JsonWebKeySet(keysBeforeRestart))).IsValid);
        }

        var inbox = await again.GetFromJsonAsync<JsonElement>("/api/g2c/inbox", Ct);
        var subjects = inbox.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("subject").GetString()!).ToList();
        Assert.Contains(subjects, s => s.Contains("acceptée", StringComparison.Ordinal));
        Assert.Contains(subjects, s => s.Contains("reçue", StringComparison.Ordinal));
        Assert.Equal(inbox.GetProperty("total").GetInt32(), (await again.GetFromJsonAsync<JsonElement>("/api/g2c/session", Ct)).GetProperty("unreadCount").GetInt32());
    }
}
