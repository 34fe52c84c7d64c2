using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EGov.Citizens.Persistence;
using EGov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>
/// The platform's document-signing keys over time, each test on a platform of its own: a rotation keeps what the old
/// key signed verifiable, and a certificate G2C signed before documents were a platform block still verifies after
/// the upgrade, its key carried over and encrypted.
/// </summary>
public sealed class DocumentKeyTests
{
    private const string AnnaSubject = "3bbeed12-1d3e-4959-a989-20015a8e661b";

    [Fact]
    public async Task A_rotation_retires_the_current_key_and_keeps_what_it_signed_verifiable()
    {
        await using var platform = await PlatformFactory.StartAsync("document_rotation");
        using var anna = await platform.ClientForAsync("citizen.anna");
        using var eva = await platform.ClientForAsync("caseworker.eva");
        using var jan = await platform.ClientForAsync("admin.jan");
        using var anonymous = platform.CreateClient();

        var (_, before) = await DocumentTests.IssuedAsync(anna, eva, "ROT-1001");
        var oldKeys = await anonymous.GetFromJsonAsync<JsonElement>("/api/documents/keys", Ct);
        var oldKid = Assert.Single(oldKeys.GetProperty("keys").EnumerateArray()).GetProperty("kid").GetString()!;

        // Only a platform administrator rotates.
        Assert.Equal(HttpStatusCode.Forbidden, (await eva.PostAsync("/api/documents/keys/rotate", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.PostAsync("/api/documents/keys/rotate", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/documents/keys/rotate", null, Ct)).StatusCode);
        Assert.Equal(1, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM platform.document_signing_keys"));

        using var rotated = await jan.PostAsync("/api/documents/keys/rotate", null, Ct);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var rotation = await JsonAsync(rotated);
        var newKid = rotation.GetProperty("currentKeyId").GetString()!;
        Assert.Equal(oldKid, rotation.GetProperty("retiredKeyId").GetString());
        Assert.NotEqual(oldKid, newKid);

        // The key set grew; the old key is still in it, and what it signed still verifies (online and offline).
        var keys = await anonymous.GetStringAsync("/api/documents/keys", Ct);
        var kids = JsonDocument.Parse(keys).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.Equal([oldKid, newKid], kids);
        Assert.Equal(keys, await anonymous.GetStringAsync("/api/g2c/documents/keys", Ct));
        Assert.Equal("valid", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{before}", Ct)).GetProperty("status").GetString());

        // From now on the new key signs; both documents check offline against the published set.
        var (afterId, after) = await DocumentTests.IssuedAsync(anna, eva, "ROT-1002");
        var document = await anna.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/{afterId}", Ct);
        var signature = document.GetProperty("signature").GetString()!;
        Assert.Equal(newKid, JsonDocument.Parse(Base64UrlEncoder.Decode(signature.Split('.')[0])).RootElement.GetProperty("kid").GetString());
        Assert.True((await DocumentTests.ValidateAsync(signature, new JsonWebKeySet(keys))).IsValid);
        Assert.Equal("valid", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{after}", Ct)).GetProperty("status").GetString());
        Assert.Equal(1, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM platform.document_signing_keys WHERE is_current AND key_id = @kid", ("kid", newKid)));

        // Another node signs with the new key too.
        await using var other = platform.Another();
        using var annaThere = await other.ClientForAsync("citizen.anna");
        using var evaThere = await other.ClientForAsync("caseworker.eva");
        var (thereId, _) = await DocumentTests.IssuedAsync(annaThere, evaThere, "ROT-1003");
        var thereSignature = (await annaThere.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/{thereId}", Ct)).GetProperty("signature").GetString()!;
        Assert.Equal(newKid, JsonDocument.Parse(Base64UrlEncoder.Decode(thereSignature.Split('.')[0])).RootElement.GetProperty("kid").GetString());
    }

    [Fact]
    public async Task A_certificate_signed_before_documents_were_a_platform_block_still_verifies_after_the_upgrade()
    {
        // A database as the previous release left it: G2C migrated up to its last migration of then.
        var connectionString = await PostgresServer.CreateDatabaseAsync("document_carry_over");
        var options = new DbContextOptionsBuilder<CitizensDb>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", "g2c"))
            .UseSnakeCaseNamingConvention()
            .Options;
        await using (var db = new CitizensDb(options, TimeProvider.System))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261127231821_DisclosureRequests", Ct);
        }

        // A key and a certificate exactly as the previous release made them: a plain PKCS#8 key in g2c, a JWS over
        // the old canonical payload.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        var kid = OldBase64Url(SHA256.HashData([.. point.X!, .. point.Y!]))[..16];
        var pkcs8 = key.ExportPkcs8PrivateKey();
        var applicationId = Guid.NewGuid();
        var documentId = Guid.NewGuid();
        var issuedAt = new DateTimeOffset(2026, 11, 20, 9, 30, 15, TimeSpan.Zero);
        const string code = "7K3M9QX2TZ4HVB8N6R1W";
        var signature = OldSignature(key, kid, applicationId, documentId, issuedAt, "CCM", "parking-permit", code);
        await ExecuteAsync(connectionString, OldRelease.ParkingPermit);
        await ExecuteAsync(connectionString, """
            INSERT INTO g2c.citizens (subject, given_name, family_name, language, contact_channels, created_at, updated_at)
            VALUES (@subject, 'Anna', 'Berg', 'en', ARRAY['inbox'], now(), now());
            INSERT INTO g2c.applications (id, reference, citizen_subject, service_code, service_version, agency_code, fields, status,
                submitted_at, due_date, overdue, decided_at, updated_at)
            VALUES (@application, 'G2C-2026-000042', @subject, 'parking-permit', 1, 'CCM', '{}', 'Approved',
                @issued - interval '3 days', DATE '2026-12-01', FALSE, @issued, @issued);
            INSERT INTO g2c.document_signing_keys (key_id, private_key, is_current, created_at) VALUES (@kid, @pkcs8, TRUE, @issued - interval '7 days');
            INSERT INTO g2c.documents (id, type, application_id, citizen_subject, agency_code, issued_at, verification_code, signature, key_id)
            VALUES (@document, 'parking-permit', @application, @subject, 'CCM', @issued, @code, @signature, @kid);
            """,
            ("subject", AnnaSubject), ("application", applicationId), ("issued", issuedAt), ("kid", kid), ("pkcs8", pkcs8),
            ("document", documentId), ("code", code), ("signature", signature));

        // The new release starts on it: migrations run, the key store takes the key over.
        await using var platform = new PlatformFactory(connectionString);
        platform.StartServer();
        using var anonymous = platform.CreateClient();

        var verified = await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{code}", Ct);
        Assert.Equal("valid", verified.GetProperty("status").GetString());
        Assert.Equal("parking-permit", verified.GetProperty("type").GetString());
        Assert.Equal(issuedAt, verified.GetProperty("issuedAt").GetDateTimeOffset());
        Assert.Equal("A*** B***", verified.GetProperty("holder").GetString());
        Assert.Equal(verified.GetRawText(), (await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/verify/{code}", Ct)).GetRawText());

        // The old key is published (and still current: the platform had none), its signature checks offline.
        var keys = await anonymous.GetStringAsync("/api/documents/keys", Ct);
        var published = Assert.Single(JsonDocument.Parse(keys).RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal(kid, published.GetProperty("kid").GetString());
        Assert.Equal(OldBase64Url(point.X!), published.GetProperty("x").GetString());
        Assert.Equal(keys, await anonymous.GetStringAsync("/api/g2c/documents/keys", Ct));
        Assert.True((await DocumentTests.ValidateAsync(signature, new JsonWebKeySet(keys))).IsValid);

        // At rest the key is encrypted now: not the PKCS#8 bytes, not readable as a key; the old table is gone.
        var stored = await StoredKeyAsync(connectionString, kid);
        Assert.Equal("data-protection", stored.Protection);
        Assert.NotEqual(pkcs8, stored.PrivateKey);
        Assert.False(stored.PrivateKey.AsSpan().IndexOf(pkcs8) >= 0);
        using (var probe = ECDsa.Create())
        {
            Assert.ThrowsAny<CryptographicException>(() => probe.ImportPkcs8PrivateKey(stored.PrivateKey, out _));
        }

        Assert.Equal(0, await Database.CountAsync(connectionString, "SELECT count(*) FROM pg_tables WHERE schemaname = 'g2c' AND tablename = 'document_signing_keys'"));

        // The carried-over record is the platform's: the holder's, with the case's reference.
        Assert.Equal(1, await Database.CountAsync(connectionString,
            "SELECT count(*) FROM g2c.documents WHERE id = @id AND holder_kind = 'Citizen' AND holder_id = @subject AND case_id = @application AND case_reference = 'G2C-2026-000042' AND holder_display = 'A*** B***'",
            ("id", documentId), ("subject", AnnaSubject), ("application", applicationId)));
        using var anna = await platform.ClientForAsync("citizen.anna");
        var mine = await anna.GetFromJsonAsync<JsonElement>("/api/g2c/documents", Ct);
        var listed = Assert.Single(mine.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == documentId);
        Assert.Equal(signature, listed.GetProperty("signature").GetString());
        Assert.Equal(applicationId, listed.GetProperty("applicationId").GetGuid());

        // The carried-over key goes on signing (decrypted from its new form), and the issuing agency can revoke the old certificate.
        using var eva = await platform.ClientForAsync("caseworker.eva");
        var (newId, newCode) = await DocumentTests.IssuedAsync(anna, eva, "OLD-1001");
        var newSignature = (await anna.GetFromJsonAsync<JsonElement>($"/api/g2c/documents/{newId}", Ct)).GetProperty("signature").GetString()!;
        Assert.Equal(kid, JsonDocument.Parse(Base64UrlEncoder.Decode(newSignature.Split('.')[0])).RootElement.GetProperty("kid").GetString());
        Assert.Equal("valid", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{newCode}", Ct)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await eva.PostAsJsonAsync($"/api/documents/revocations/{code}", new { reason = "Superseded." }, Ct)).StatusCode);
        Assert.Equal("revoked", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/documents/verify/{code}", Ct)).GetProperty("status").GetString());
    }

    /// <summary>The previous release's signature: header {alg,kid,typ}, payload {applicationId,id,issuedAt,issuer,type,verificationCode}.</summary>
    private static string OldSignature(ECDsa key, string kid, Guid applicationId, Guid id, DateTimeOffset issuedAt, string issuer, string type, string code)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "ES256", ["kid"] = kid, ["typ"] = "JWT" });
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("applicationId", applicationId.ToString("D"));
            json.WriteString("id", id.ToString("D"));
            json.WriteString("issuedAt", issuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("issuer", issuer);
            json.WriteString("type", type);
            json.WriteString("verificationCode", code);
            json.WriteEndObject();
        }

        var signingInput = OldBase64Url(header) + "." + OldBase64Url(buffer.ToArray());
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + OldBase64Url(signature);
    }

    private static string OldBase64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<(string Protection, byte[] PrivateKey)> StoredKeyAsync(string connectionString, string kid)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT protection, private_key FROM platform.document_signing_keys WHERE key_id = @kid", connection);
        command.Parameters.AddWithValue("kid", kid);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return (reader.GetString(0), (byte[])reader[1]);
    }
}
