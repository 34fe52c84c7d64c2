using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EGov.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>
/// Documents issued on approval, on the platform's signed documents: ownership, the public check on the platform
/// route and on G2C's, the signature checked offline against the JWKS, revocation by the issuing agency, and a record
/// changed after issue caught by the check.
/// </summary>
public sealed partial class DocumentTests(PlatformFixture fixture)
{
    private const string EvaSubject = "50406da6-7456-41a2-88a2-5dafefee7c6a";

    private PlatformFactory Platform => fixture.Platform;

    [Fact]
    public async Task An_approval_issues_one_signed_document_that_only_its_holder_reads_and_anyone_verifies()
    {
        using var anna = await Platform.ClientForAsync("citizen.anna");
        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        using var eva = await Platform.ClientForAsync("caseworker.eva");
        using var anonymous = Platform.CreateClient();

        var applicationId = await ApproveAsync(anna, eva, "DOC-1234");
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.documents WHERE case_id = @id AND holder_kind = 'Citizen'", ("id", applicationId)));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.outbox_messages WHERE type LIKE '%DocumentIssued%' AND payload->>'applicationId' = @id", ("id", applicationId.ToString())));

        var mine = await anna.GetFromJsonAsync<JsonElement>("/api/g2c/documents?pageSize=100", Ct);
        var listed = Assert.Single(mine.GetProperty("items").EnumerateArray(), d => d.GetProperty("applicationId").GetGuid() == applicationId);
        var documentId = listed.GetProperty("id").GetGuid();
        var document = await anna.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/{documentId}", Ct);
        Assert.Equal("parking-permit", document.GetProperty("type").GetString());
        var code = document.GetProperty("verificationCode").GetString()!;
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{20}$", code);
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

        // The PDF, asked for by Accept, carries the portal's check page (also in its QR code); owner only as well.
        var pdf = await PdfAsync(anna, documentId);
        Assert.Equal(HttpStatusCode.OK, pdf.Status);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf.Bytes, 0, 5), StringComparison.Ordinal);
        Assert.Contains($"://localhost/verify/{code}", System.Text.Encoding.Latin1.GetString(pdf.Bytes), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PdfAsync(bruno, documentId)).Status);

        // Anyone verifies the code on the platform route: issuer, type, date and a masked holder — never a name or
        // an identifier. G2C's own address gives the same answer.
        await AgenciesArrivedAsync(Platform);
        var verified = await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{code}", Ct);
        Assert.Equal("valid", verified.GetProperty("status").GetString());
        Assert.Equal(verified.GetRawText(), (await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/verify/{code}", Ct)).GetRawText());
        Assert.Equal("Capital City Municipality", verified.GetProperty("issuer").GetString());
        Assert.Equal("parking-permit", verified.GetProperty("type").GetString());
        Assert.Equal(document.GetProperty("issuedAt").GetDateTimeOffset(), verified.GetProperty("issuedAt").GetDateTimeOffset());
        Assert.Equal("A*** B***", verified.GetProperty("holder").GetString());
        Assert.Equal(JsonValueKind.Null, verified.GetProperty("revokedAt").ValueKind);
        Assert.DoesNotContain("Anna", verified.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("3bbeed12", verified.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("valid", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{code.ToLowerInvariant()}", Ct)).GetProperty("status").GetString());
        foreach (var unknown in new[] { "00000000000000000000", "short", new string('Z', 200), "IIIIIIIIIIIIIIIIIIII" })
        {
            foreach (var route in new[] { "/api/documents/verify", "/api/g2c/documents/verify" })
            {
                var answer = await anonymous.GetFromJsonAsync<JsonElement>($"{route}/{unknown}", Ct);
                Assert.Equal("unknown", answer.GetProperty("status").GetString());
                Assert.Equal(JsonValueKind.Null, answer.GetProperty("holder").ValueKind);
            }
        }

        // The signature checks offline against the published keys (the same at both addresses), and binds the facts.
        var published = await anonymous.GetStringAsync("/api/documents/keys", Ct);
        Assert.Equal(published, await anonymous.GetStringAsync("/api/g2c/documents/keys", Ct));
        var keys = new JsonWebKeySet(published);
        var signature = document.GetProperty("signature").GetString()!;
        var checkedSignature = await ValidateAsync(signature, keys);
        Assert.True(checkedSignature.IsValid, checkedSignature.Exception?.Message);
        var claims = checkedSignature.Claims;
        Assert.Equal(documentId.ToString(), claims["id"]);
        Assert.Equal(applicationId.ToString(), claims["caseId"]);
        Assert.Equal(await ScalarAsync("SELECT reference FROM g2c.applications WHERE id = @id", applicationId), claims["caseReference"]);
        Assert.Equal("Citizen", claims["holderKind"]);
        Assert.Equal("A*** B***", claims["holderDisplay"]);
        Assert.Equal("CCM", claims["issuer"]);
        Assert.Equal(code, claims["verificationCode"]);
        Assert.Equal("parking-permit", claims["type"]);
        Assert.Equal(document.GetProperty("issuedAt").GetDateTimeOffset(), DateTimeOffset.Parse((string)claims["issuedAt"], System.Globalization.CultureInfo.InvariantCulture));

        var parts = signature.Split('.');
        var forged = JsonSerializer.SerializeToUtf8Bytes(new { caseId = applicationId, id = documentId, issuedAt = "2020-01-01T00:00:00Z", issuer = "CCM", type = "parking-permit", verificationCode = code });
        Assert.False((await ValidateAsync($"{parts[0]}.{Base64UrlEncoder.Encode(forged)}.{parts[2]}", keys)).IsValid);
    }

    [Fact]
    public async Task The_issuing_agency_revokes_a_document_with_a_reason_that_the_public_check_then_shows()
    {
        using var anna = await Platform.ClientForAsync("citizen.anna");
        using var eva = await Platform.ClientForAsync("caseworker.eva");
        using var david = await Platform.ClientForAsync("caseworker.david");
        using var jan = await Platform.ClientForAsync("admin.jan");
        using var anonymous = Platform.CreateClient();
        var (first, firstCode) = await IssuedAsync(anna, eva, "REV-1001");
        var (second, secondCode) = await IssuedAsync(anna, eva, "REV-1002");
        var revocation = $"/api/documents/revocations/{firstCode}";

        // Bad reasons: 400 naming the field, nothing written.
        foreach (var body in new object[] { new { }, new { reason = "" }, new { reason = "   " }, new { reason = new string('x', 1001) } })
        {
            using var bad = await eva.PostAsJsonAsync(revocation, body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await JsonAsync(bad)).GetProperty("errors").TryGetProperty("reason", out _));
        }

        // Who may not: another agency's caseworker 403, a citizen (even the holder) 403, anonymous 401.
        Assert.Equal(HttpStatusCode.Forbidden, (await david.PostAsJsonAsync(revocation, new { reason = "Not ours." }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.PostAsJsonAsync(revocation, new { reason = "I changed my mind." }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(revocation, new { reason = "Anyone?" }, Ct)).StatusCode);
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.documents WHERE id = @id AND (revoked_at IS NOT NULL OR revocation_reason IS NOT NULL OR revoked_by IS NOT NULL)", ("id", first)));
        Assert.Equal(0, await RevocationAuditsAsync(first));
        Assert.Equal("valid", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{firstCode}", Ct)).GetProperty("status").GetString());

        // Unknown codes: 404, whatever their shape.
        Assert.Equal(HttpStatusCode.NotFound, (await eva.PostAsJsonAsync("/api/documents/revocations/00000000000000000000", new { reason = "Gone." }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await eva.PostAsJsonAsync("/api/documents/revocations/not-a-code", new { reason = "Gone." }, Ct)).StatusCode);

        // The issuing agency's caseworker revokes (the code is case-insensitive); the check says so, with the reason.
        using (var revoked = await eva.PostAsJsonAsync($"/api/documents/revocations/{firstCode.ToLowerInvariant()}", new { reason = "  Issued on a forged lease.  " }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            var answer = await JsonAsync(revoked);
            Assert.Equal("revoked", answer.GetProperty("status").GetString());
            Assert.Equal("Issued on a forged lease.", answer.GetProperty("revocationReason").GetString());
        }

        foreach (var route in new[] { "/api/documents/verify", "/api/g2c/documents/verify" })
        {
            var check = await anonymous.GetFromJsonAsync<JsonElement>($"{route}/{firstCode}", Ct);
            Assert.Equal("revoked", check.GetProperty("status").GetString());
            Assert.Equal("Issued on a forged lease.", check.GetProperty("revocationReason").GetString());
            Assert.True(check.GetProperty("revokedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.Equal("parking-permit", check.GetProperty("type").GetString());
            Assert.Matches(MaskedHolder(), check.GetProperty("holder").GetString()!);
        }

        // Audited in G2C's trail, for the issuing agency, by the caseworker.
        Assert.Equal(1, await CountAsync(Platform,
            "SELECT count(*) FROM g2c.audit_log WHERE action = 'document.revoked' AND entity_id = @id AND actor = @actor AND on_behalf_of = 'CCM' AND details LIKE '%forged lease%'",
            ("id", first.ToString()), ("actor", EvaSubject)));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.documents WHERE id = @id AND revoked_by = @actor", ("id", first), ("actor", EvaSubject)));

        // Once only: a second revocation is 409 and changes nothing.
        Assert.Equal(HttpStatusCode.Conflict, (await eva.PostAsJsonAsync(revocation, new { reason = "Again." }, Ct)).StatusCode);
        Assert.Equal(1, await RevocationAuditsAsync(first));
        Assert.Equal("Issued on a forged lease.", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{firstCode}", Ct)).GetProperty("revocationReason").GetString());

        // A platform administrator acts for every agency; the other document was untouched until then.
        Assert.Equal("valid", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{secondCode}", Ct)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await jan.PostAsJsonAsync($"/api/documents/revocations/{secondCode}", new { reason = "Withdrawn by the platform." }, Ct)).StatusCode);
        Assert.Equal("revoked", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{secondCode}", Ct)).GetProperty("status").GetString());
        Assert.Equal(1, await RevocationAuditsAsync(second));

        // The holder still reads a revoked document.
        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync($"/api/g2c/documents/{first}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_record_changed_after_issue_no_longer_checks_as_valid()
    {
        using var anna = await Platform.ClientForAsync("citizen.anna");
        using var eva = await Platform.ClientForAsync("caseworker.eva");
        using var anonymous = Platform.CreateClient();
        var (id, code) = await IssuedAsync(anna, eva, "TMP-1001");
        Assert.Equal("valid", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{code}", Ct)).GetProperty("status").GetString());

        // Each signed fact, changed in the database, breaks the check; put back, the document is valid again.
        var changes = new (string Column, string Type, string Value)[]
        {
            ("type", "text", "residence-registration"),
            ("holder_display", "text", "X*** Y***"),
            ("holder_id", "text", "dacc5df8-2f99-4564-a44b-fe001f82d7af"),
            ("agency_code", "text", "NCR"),
            ("case_reference", "text", "G2C-1999-000001"),
            ("issued_at", "timestamptz", "2020-01-01T00:00:00Z"),
            ("key_id", "text", "AAAAAAAAAAAAAAAA"),
            ("signature", "text", "e30.e30.AAAA"),
        };
        foreach (var (column, type, value) in changes)
        {
            var original = await ScalarAsync($"SELECT {column}::text FROM g2c.documents WHERE id = @id", id);
            var update = $"UPDATE g2c.documents SET {column} = @value::{type} WHERE id = @id";
            await Database.ExecuteAsync(Platform.ConnectionString, update, ("value", value), ("id", id));
            var answer = await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{code}", Ct);
            Assert.True(answer.GetProperty("status").GetString() == "invalid", $"{column} changed, yet {answer.GetRawText()}");
            Assert.Equal(JsonValueKind.Null, answer.GetProperty("holder").ValueKind);
            await Database.ExecuteAsync(Platform.ConnectionString, update, ("value", original), ("id", id));
            Assert.Equal("valid", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{code}", Ct)).GetProperty("status").GetString());
        }
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
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.documents WHERE case_id = @id", ("id", id)));
        (await eva.PostAsJsonAsync($"{url}/assign", new { }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await eva.PostAsJsonAsync($"{url}/decision", new { outcome = "approve" }, Ct)).StatusCode);
        (await eva.PostAsJsonAsync($"{url}/decision", new { outcome = "rejected", reasons = "The zone is full." }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.documents WHERE case_id = @id", ("id", id)));
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.outbox_messages WHERE type LIKE '%DocumentIssued%' AND payload->>'applicationId' = @id", ("id", id.ToString())));

        using var anonymous = Platform.CreateClient();
        var keys = await anonymous.GetFromJsonAsync<JsonElement>("/api/documents/keys", Ct);
        var key = Assert.Single(keys.GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.False(key.TryGetProperty("d", out _));

        // One platform key set, its private keys encrypted at rest; G2C keeps no keys of its own.
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM platform.document_signing_keys WHERE is_current"));
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM platform.document_signing_keys WHERE protection <> 'data-protection' OR public_key IS NULL"));
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM pg_tables WHERE schemaname = 'g2c' AND tablename = 'document_signing_keys'"));
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

    /// <summary>Approves a parking permit for <paramref name="citizen"/> and returns its document's id and verification code.</summary>
    internal static async Task<(Guid Id, string Code)> IssuedAsync(HttpClient citizen, HttpClient caseworker, string plate)
    {
        var applicationId = await ApproveAsync(citizen, caseworker, plate);
        var mine = await citizen.GetFromJsonAsync<JsonElement>("/api/g2c/documents?pageSize=100", Ct);
        var listed = Assert.Single(mine.GetProperty("items").EnumerateArray(), d => d.GetProperty("applicationId").GetGuid() == applicationId);
        return (listed.GetProperty("id").GetGuid(), listed.GetProperty("verificationCode").GetString()!);
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

    private Task<long> RevocationAuditsAsync(Guid documentId) =>
        CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE action = 'document.revoked' AND entity_id = @id", ("id", documentId.ToString()));

    private async Task<string> ScalarAsync(string sql, Guid id)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Platform.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}
