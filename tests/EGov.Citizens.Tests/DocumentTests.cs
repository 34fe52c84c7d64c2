using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EGov.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>Documents issued on approval: ownership, the public verification, and the signature checked offline against the JWKS.</summary>
public sealed partial class DocumentTests(PlatformFixture fixture)
{
    private PlatformFactory Platform => fixture.Platform;

    [Fact]
    public async Task An_approval_issues_one_signed_document_that_only_its_holder_reads_and_anyone_verifies()
    {
        using var anna = await Platform.ClientForAsync("citizen.anna");
        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        using var eva = await Platform.ClientForAsync("caseworker.eva");
        using var anonymous = Platform.CreateClient();

        var applicationId = await ApproveAsync(anna, eva, "DOC-1234");
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.documents WHERE application_id = @id", ("id", applicationId)));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.outbox_messages WHERE type LIKE '%DocumentIssued%' AND payload->>'applicationId' = @id", ("id", applicationId.ToString())));

        var mine = await anna.GetFromJsonAsync<JsonElement>("/api/g2c/documents?pageSize=100", Ct);
        var listed = Assert.Single(mine.GetProperty("items").EnumerateArray(), d => d.GetProperty("applicationId").GetGuid() == applicationId);
        var documentId = listed.GetProperty("id").GetGuid();
        var document = await anna.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/{documentId}", Ct);
        Assert.Equal("parking-permit", document.GetProperty("type").GetString());
        var code = document.GetProperty("verificationCode").GetString()!;
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE action = 'document.issued' AND entity_id = @id", ("id", documentId.ToString())));

        // Owner only: another citizen 404 (and an empty list), a caseworker 403, anonymous 401.
        Assert.Equal(HttpStatusCode.NotFound, (await bruno.GetAsync($"/api/g2c/documents/{documentId}", Ct)).StatusCode);
        var brunos = await bruno.GetFromJsonAsync<JsonElement>("/api/g2c/documents?pageSize=100", Ct);
        Assert.DoesNotContain(brunos.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == documentId);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync($"/api/g2c/documents/{Guid.NewGuid()}", Ct)).StatusCode);
        foreach (var url in new[] { "/api/g2c/documents", $"/api/g2c/documents/{documentId}" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await eva.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await anna.GetAsync("/api/g2c/documents?page=0", Ct)).StatusCode);

        // The PDF, asked for by Accept, carries the verification URL (also in its QR code); owner only as well.
        var pdf = await PdfAsync(anna, documentId);
        Assert.Equal(HttpStatusCode.OK, pdf.Status);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf.Bytes, 0, 5), StringComparison.Ordinal);
        Assert.Contains($"/api/g2c/documents/verify/{code}", System.Text.Encoding.Latin1.GetString(pdf.Bytes), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PdfAsync(bruno, documentId)).Status);

        // Anyone verifies the code: issuer, type, date and a masked holder — never a name or national id.
        var verified = await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/verify/{code}", Ct);
        Assert.Equal("valid", verified.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(verified.GetProperty("issuer").GetString()));
        Assert.Equal("parking-permit", verified.GetProperty("type").GetString());
        Assert.Equal(document.GetProperty("issuedAt").GetDateTimeOffset(), verified.GetProperty("issuedAt").GetDateTimeOffset());
        Assert.Matches(MaskedHolder(), verified.GetProperty("holder").GetString()!);
        Assert.Equal("valid", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/verify/{code.ToLowerInvariant()}", Ct)).GetProperty("status").GetString());
        foreach (var unknown in new[] { "00000000000000000000", "short", new string('Z', 200) })
        {
            var answer = await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/verify/{unknown}", Ct);
            Assert.Equal("unknown", answer.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, answer.GetProperty("holder").ValueKind);
        }

        // The signature checks offline against the published keys, and binds the document's fields.
        var keys = new JsonWebKeySet(await anonymous.GetStringAsync("/api/g2c/documents/keys", Ct));
        var signature = document.GetProperty("signature").GetString()!;
        var checkedSignature = await ValidateAsync(signature, keys);
        Assert.True(checkedSignature.IsValid, checkedSignature.Exception?.Message);
        var claims = checkedSignature.Claims;
        Assert.Equal(documentId.ToString(), claims["id"]);
        Assert.Equal(applicationId.ToString(), claims["applicationId"]);
        Assert.Equal(code, claims["verificationCode"]);
        Assert.Equal("parking-permit", claims["type"]);
        Assert.Equal(document.GetProperty("issuedAt").GetDateTimeOffset(), DateTimeOffset.Parse((string)claims["issuedAt"], System.Globalization.CultureInfo.InvariantCulture));

        var parts = signature.Split('.');
        var forged = JsonSerializer.SerializeToUtf8Bytes(new { applicationId, id = documentId, issuedAt = "2020-01-01T00:00:00Z", issuer = "CCM", type = "parking-permit", verificationCode = code });
        Assert.False((await ValidateAsync($"{parts[0]}.{Base64UrlEncoder.Encode(forged)}.{parts[2]}", keys)).IsValid);

        // A revoked document says so.
        await Database.ExecuteAsync(Platform.ConnectionString, "UPDATE g2c.documents SET revoked_at = now() WHERE id = @id", ("id", documentId));
        Assert.Equal("revoked", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/verify/{code}", Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_rejection_or_a_refused_decision_issues_no_document_and_one_signing_key_serves_every_node()
    {
        using var anna = await Platform.ClientForAsync("citizen.anna");
        using var eva = await Platform.ClientForAsync("caseworker.eva");
        var created = await SubmitOkAsync(anna, new { serviceCode = "parking-permit", fields = ParkingFields("REJ-1234") });
        var id = created.GetProperty("id").GetGuid();
        var url = $"/api/g2c/backoffice/applications/{id}";
        Assert.Equal(HttpStatusCode.Conflict, (await eva.PostAsJsonAsync($"{url}/decision", new { outcome = "approved" }, Ct)).StatusCode);
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.documents WHERE application_id = @id", ("id", id)));
        (await eva.PostAsJsonAsync($"{url}/assign", new { }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await eva.PostAsJsonAsync($"{url}/decision", new { outcome = "approve" }, Ct)).StatusCode);
        (await eva.PostAsJsonAsync($"{url}/decision", new { outcome = "rejected", reasons = "The zone is full." }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.documents WHERE application_id = @id", ("id", id)));
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.outbox_messages WHERE type LIKE '%DocumentIssued%' AND payload->>'applicationId' = @id", ("id", id.ToString())));

        using var anonymous = Platform.CreateClient();
        var keys = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2c/documents/keys", Ct);
        var key = Assert.Single(keys.GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.False(key.TryGetProperty("d", out _));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.document_signing_keys WHERE is_current"));
    }

    internal static async Task<Guid> ApproveAsync(HttpClient citizen, HttpClient caseworker, string plate)
    {
        var created = await SubmitOkAsync(citizen, new { serviceCode = "parking-permit", fields = ParkingFields(plate) });
        var id = created.GetProperty("id").GetGuid();
        var url = $"/api/g2c/backoffice/applications/{id}";
        (await caseworker.PostAsJsonAsync($"{url}/assign", new { }, Ct)).EnsureSuccessStatusCode();
        (await caseworker.PostAsJsonAsync($"{url}/decision", new { outcome = "approved" }, Ct)).EnsureSuccessStatusCode();
        return id;
    }

    internal static async Task<(HttpStatusCode Status, byte[] Bytes)> PdfAsync(HttpClient client, Guid documentId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/g2c/documents/{documentId}");
        request.Headers.Accept.ParseAdd("application/pdf");
        using var response = await client.SendAsync(request, Ct);
        if (response.IsSuccessStatusCode)
        {
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        }

        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    internal static Task<TokenValidationResult> ValidateAsync(string signature, JsonWebKeySet keys) =>
        new JsonWebTokenHandler().ValidateTokenAsync(signature, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = ["ES256"],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });

    [GeneratedRegex(@"^(\p{Lu}|\*)\*\*\* (\p{Lu}|\*)\*\*\*$")]
    internal static partial Regex MaskedHolder();
}
