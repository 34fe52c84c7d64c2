using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EGov.BuildingBlocks.Documents;
using EGov.BuildingBlocks.Parties;

namespace EGov.BuildingBlocks.Tests;

/// <summary>Signed documents without a database: the canonical payload, ES256 signatures, codes and masking.</summary>
public sealed class DocumentTests
{
    private static readonly Guid CaseId = Guid.Parse("0193a5c4-7e21-7d3c-9a10-4b5f6e7d8c9b");
    private static readonly Guid DocumentId = Guid.Parse("0193a5c4-8f00-7abc-8def-0123456789ab");
    private static readonly DateTimeOffset IssuedAt = new(2026, 12, 1, 10, 15, 30, TimeSpan.Zero);

    private static IssuedDocument Document(string type = "parking-permit", string agency = "CCM", string subject = "3bbeed12-1d3e-4959-a989-20015a8e661b") =>
        new(DocumentId, type, "7K3M9QX2TZ4HVB8N6R1W", agency, PartyRef.Citizen(subject), "A*** B***", CaseId, "G2C-2026-000123", IssuedAt);

    private static IssuedDocument Signed(ECDsa key, string type = "parking-permit")
    {
        var document = Document(type);
        DocumentSignatures.Sign(document, CompactJws.KeyIdOf(key), key);
        return document;
    }

    [Fact]
    public void The_canonical_payload_names_every_fact_in_a_fixed_order()
    {
        var expected = """{"caseId":"0193a5c4-7e21-7d3c-9a10-4b5f6e7d8c9b","caseReference":"G2C-2026-000123","holderDisplay":"A*** B***","holderId":"3bbeed12-1d3e-4959-a989-20015a8e661b","holderKind":"Citizen","id":"0193a5c4-8f00-7abc-8def-0123456789ab","issuedAt":"2026-12-01T10:15:30Z","issuer":"CCM","type":"parking-permit","verificationCode":"7K3M9QX2TZ4HVB8N6R1W"}""";
        Assert.Equal(expected, Encoding.UTF8.GetString(DocumentPayload.Canonical(Document())));
        Assert.Equal(DocumentPayload.Canonical(Document()), DocumentPayload.Canonical(Document()));

        var legacy = """{"applicationId":"0193a5c4-7e21-7d3c-9a10-4b5f6e7d8c9b","id":"0193a5c4-8f00-7abc-8def-0123456789ab","issuedAt":"2026-12-01T10:15:30Z","issuer":"CCM","type":"parking-permit","verificationCode":"7K3M9QX2TZ4HVB8N6R1W"}""";
        Assert.Equal(legacy, Encoding.UTF8.GetString(DocumentPayload.Legacy(Document())));
        Assert.NotEqual(DocumentPayload.Canonical(Document()), DocumentPayload.Canonical(Document(type: "residence-registration")));
    }

    [Fact]
    public void Issue_times_are_whole_seconds_in_UTC()
    {
        var at = new DateTimeOffset(2026, 12, 1, 11, 15, 30, 987, TimeSpan.FromHours(1)).AddTicks(4321);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 15, 30, TimeSpan.Zero), DocumentPayload.Truncate(at));
        Assert.Equal(TimeSpan.Zero, DocumentPayload.Truncate(at).Offset);
    }

    [Fact]
    public void A_signed_document_is_a_compact_ES256_JWS_that_verifies_with_its_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var document = Signed(key);
        var parts = document.Signature.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Equal(CompactJws.KeyIdOf(key), document.KeyId);
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal(["alg", "kid", "typ"], header.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal(document.KeyId, header.RootElement.GetProperty("kid").GetString());
        Assert.Equal(DocumentPayload.Canonical(document), Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal(64, Base64Url.DecodeFromChars(parts[2]).Length);

        using var publicOnly = ECDsa.Create();
        publicOnly.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        Assert.True(DocumentSignatures.IsAuthentic(document, publicOnly));
    }

    [Fact]
    public void A_changed_fact_a_changed_payload_or_signature_a_wrong_key_or_no_key_fails_the_check()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var document = Signed(key);

        // The stored facts no longer match the signed payload.
        var changed = Document(type: "residence-registration");
        changed.Sign(document.KeyId, document.Signature);
        Assert.False(DocumentSignatures.IsAuthentic(changed, key));
        var otherHolder = Document(subject: "dacc5df8-2f99-4564-a44b-fe001f82d7af");
        otherHolder.Sign(document.KeyId, document.Signature);
        Assert.False(DocumentSignatures.IsAuthentic(otherHolder, key));

        // A payload swapped inside the JWS (with the stored facts changed to match it): the signature no longer covers it.
        var parts = document.Signature.Split('.');
        var forgedFacts = Document(agency: "NCR");
        var forged = Document(agency: "NCR");
        forged.Sign(document.KeyId, $"{parts[0]}.{Base64Url.EncodeToString(DocumentPayload.Canonical(forgedFacts))}.{parts[2]}");
        Assert.False(DocumentSignatures.IsAuthentic(forged, key));

        // A flipped signature byte, a truncated or malformed JWS.
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[10] ^= 0x01;
        var flipped = Document();
        flipped.Sign(document.KeyId, $"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(signature)}");
        Assert.False(DocumentSignatures.IsAuthentic(flipped, key));
        foreach (var broken in new[] { $"{parts[0]}.{parts[1]}", "not-a-jws", $"{parts[0]}.{parts[1]}.***", "e30.e30.AAAA", "" })
        {
            var malformed = Document();
            malformed.Sign(document.KeyId, broken);
            Assert.False(DocumentSignatures.IsAuthentic(malformed, key));
        }

        // Another key, or no published key for its kid.
        Assert.False(DocumentSignatures.IsAuthentic(document, other));
        Assert.False(DocumentSignatures.IsAuthentic(document, null));

        // The stored key id must be the one the header names.
        var otherKid = Document();
        otherKid.Sign("AAAAAAAAAAAAAAAA", document.Signature);
        Assert.False(DocumentSignatures.IsAuthentic(otherKid, key));
    }

    [Fact]
    public void A_document_signed_in_the_legacy_form_still_verifies_and_only_against_its_own_facts()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = CompactJws.KeyIdOf(key);
        var document = Document();
        document.Sign(kid, CompactJws.Sign(DocumentPayload.Legacy(document), kid, key));
        Assert.True(DocumentSignatures.IsAuthentic(document, key));

        var changed = Document(type: "residence-registration");
        changed.Sign(kid, document.Signature);
        Assert.False(DocumentSignatures.IsAuthentic(changed, key));
    }

    [Fact]
    public void A_key_id_is_the_first_16_characters_of_the_Base64Url_SHA256_of_the_public_point()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        var hash = SHA256.HashData([.. point.X!, .. point.Y!]);
        var expected = Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_')[..16];
        Assert.Equal(expected, CompactJws.KeyIdOf(key));
        using var another = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.NotEqual(CompactJws.KeyIdOf(key), CompactJws.KeyIdOf(another));
    }

    [Fact]
    public void The_key_table_setup_lock_is_the_value_the_G2C_migration_takes()
    {
        // Written as a literal in G2C's migration PlatformDocuments, which creates the same table.
        Assert.Equal(-3385667039840073052, DocumentKeyStore.SetupLock);
    }

    [Fact]
    public void Verification_codes_are_20_Crockford_base32_characters_and_checks_normalize_them()
    {
        var codes = Enumerable.Range(0, 500).Select(_ => VerificationCodes.New()).ToList();
        Assert.All(codes, c =>
        {
            Assert.Equal(20, c.Length);
            Assert.All(c, ch => Assert.Contains(ch, VerificationCodes.Alphabet));
        });
        Assert.Equal(500, codes.Distinct().Count());
        Assert.Equal(32, VerificationCodes.Alphabet.Distinct().Count());
        Assert.DoesNotContain(VerificationCodes.Alphabet, c => c is 'I' or 'L' or 'O' or 'U');

        Assert.Equal("7K3M9QX2TZ4HVB8N6R1W", VerificationCodes.Normalize("  7k3m9qx2tz4hvb8n6r1w "));
        foreach (var wrong in new[] { null, "", "short", "7K3M9QX2TZ4HVB8N6R1WX", "7K3M9QX2TZ4HVB8N6R1I", "7K3M9QX2TZ4HVB8N6R1-", new string('Z', 200) })
        {
            Assert.Null(VerificationCodes.Normalize(wrong));
        }
    }

    [Fact]
    public void The_holder_is_shown_by_initials_only()
    {
        Assert.Equal("A*** B***", HolderMask.Of(["Anna", "Berg"]));
        Assert.Equal("A*** B***", HolderMask.Of([" anna ", "berg"]));
        Assert.Equal("É*** Ø***", HolderMask.Of(["élise", "øvrebø"]));
        Assert.Equal("*** B***", HolderMask.Of([null, "Berg"]));
        Assert.Equal("*** ***", HolderMask.Of([null, "  "]));
        Assert.Equal("***", HolderMask.Of([]));
        Assert.Equal("A***", HolderMask.Of(["Acme Trading Ltd"]));
        Assert.Equal("😀*** B***", HolderMask.Of(["😀nna", "Berg"]));
        Assert.True(HolderMask.Of(["a", "b", "c", "d", "e", "f"]).Length <= IssuedDocument.MaxHolderDisplayLength);
    }

    [Fact]
    public void A_revocation_records_when_why_and_by_whom_and_happens_once()
    {
        var document = Document();
        Assert.Throws<ArgumentException>(() => document.Revoke("  ", "actor", IssuedAt));
        Assert.Throws<ArgumentException>(() => document.Revoke(new string('x', 1001), "actor", IssuedAt));
        Assert.Throws<ArgumentException>(() => document.Revoke("Forged lease.", " ", IssuedAt));
        Assert.False(document.IsRevoked);

        var at = IssuedAt.AddDays(3);
        document.Revoke("  Forged lease. ", "50406da6", at);
        Assert.True(document.IsRevoked);
        Assert.Equal(at, document.RevokedAt);
        Assert.Equal("Forged lease.", document.RevocationReason);
        Assert.Equal("50406da6", document.RevokedBy);
        Assert.Throws<InvalidOperationException>(() => document.Revoke("Again.", "50406da6", at));
        Assert.Equal("Forged lease.", document.RevocationReason);
    }

    [Fact]
    public void A_document_names_its_holder_as_a_party()
    {
        var document = Document();
        Assert.Equal(PartyRef.Citizen("3bbeed12-1d3e-4959-a989-20015a8e661b"), document.Holder);
        var held = new[] { document }.AsQueryable().HeldBy(PartyRef.Citizen("3bbeed12-1d3e-4959-a989-20015a8e661b")).ToList();
        Assert.Single(held);
        Assert.Empty(new[] { document }.AsQueryable().HeldBy(PartyRef.Business("3bbeed12-1d3e-4959-a989-20015a8e661b")));
    }
}
