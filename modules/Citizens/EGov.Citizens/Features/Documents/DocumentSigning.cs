using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Features.Documents;

/// <summary>One published key of the JWKS (<c>GET /api/g2c/documents/keys</c>).</summary>
internal sealed record JsonWebKeyView(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);

internal sealed record JsonWebKeySetView(IReadOnlyList<JsonWebKeyView> Keys);

/// <summary>
/// Signs issued documents with ES256. The keys live in <c>g2c.document_signing_keys</c>: the first signature creates
/// the current key when none exists (one node wins, the others read it), so keys survive restarts and are shared by
/// every node. A document's signature is a compact JWS whose payload is the canonical JSON of its fields.
/// </summary>
internal static class DocumentSigning
{
    public const string Algorithm = "ES256";

    private static readonly string CreateKeySql =
        $"INSERT INTO {CitizensModule.Descriptor.Schema}.document_signing_keys (key_id, private_key, is_current, created_at) " +
        "VALUES ({0}, {1}, TRUE, {2}) ON CONFLICT (is_current) WHERE is_current DO NOTHING";

    /// <summary>Canonical JSON of a document: fixed member order (alphabetical), issue time in whole UTC seconds.</summary>
    public static byte[] CanonicalPayload(IssuedDocument document)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("applicationId", document.ApplicationId.ToString("D"));
            json.WriteString("id", document.Id.ToString("D"));
            json.WriteString("issuedAt", document.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("issuer", document.AgencyCode);
            json.WriteString("type", document.Type);
            json.WriteString("verificationCode", document.VerificationCode);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Signs the document with the current key (created when missing) and sets its signature and key id.</summary>
    public static async Task SignAsync(CitizensDb db, IssuedDocument document, TimeProvider clock, CancellationToken ct)
    {
        var key = await CurrentKeyAsync(db, clock, ct);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(key.PrivateKey, out _);
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = Algorithm, ["kid"] = key.KeyId, ["typ"] = "JWT" });
        var signingInput = Base64Url(header) + "." + Base64Url(CanonicalPayload(document));
        var signature = ecdsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        document.KeyId = key.KeyId;
        document.Signature = signingInput + "." + Base64Url(signature);
    }

    /// <summary>Every key, current and retired, as a JWKS of public keys.</summary>
    public static async Task<JsonWebKeySetView> PublishedKeysAsync(CitizensDb db, TimeProvider clock, CancellationToken ct)
    {
        await CurrentKeyAsync(db, clock, ct);
        var keys = await db.SigningKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(ct);
        return new JsonWebKeySetView(keys.Select(Public).ToList());
    }

    private static JsonWebKeyView Public(DocumentSigningKey key)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(key.PrivateKey, out _);
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        return new JsonWebKeyView("EC", "P-256", Base64Url(parameters.Q.X!), Base64Url(parameters.Q.Y!), key.KeyId, "sig", Algorithm);
    }

    private static async Task<DocumentSigningKey> CurrentKeyAsync(CitizensDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.SigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.IsCurrent, ct) is { } existing)
        {
            return existing;
        }

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        var keyId = Base64Url(SHA256.HashData([.. parameters.Q.X!, .. parameters.Q.Y!]))[..16];
        await db.Database.ExecuteSqlRawAsync(CreateKeySql, [keyId, ecdsa.ExportPkcs8PrivateKey(), clock.GetUtcNow()], ct);
        return await db.SigningKeys.AsNoTracking().SingleAsync(k => k.IsCurrent, ct);
    }

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
