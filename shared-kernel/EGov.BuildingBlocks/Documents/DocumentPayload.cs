using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EGov.BuildingBlocks.Documents;

/// <summary>
/// The canonical JSON a document's signature covers: members in a fixed (alphabetical) order, no white space, the
/// issue time as <c>yyyy-MM-ddTHH:mm:ssZ</c>. The same facts always give the same bytes, so a verifier compares the
/// signed payload with the stored document byte for byte.
/// </summary>
internal static class DocumentPayload
{
    /// <summary>
    /// The form every document is signed in: <c>caseId</c>, <c>caseReference</c>, <c>holderDisplay</c>,
    /// <c>holderId</c>, <c>holderKind</c>, <c>id</c>, <c>issuedAt</c>, <c>issuer</c> (the agency code), <c>type</c>,
    /// <c>verificationCode</c>.
    /// </summary>
    public static byte[] Canonical(IssuedDocument document) => Write(json =>
    {
        json.WriteString("caseId", document.CaseId.ToString("D"));
        json.WriteString("caseReference", document.CaseReference);
        json.WriteString("holderDisplay", document.HolderDisplay);
        json.WriteString("holderId", document.HolderId);
        json.WriteString("holderKind", document.HolderKind.ToString());
        json.WriteString("id", document.Id.ToString("D"));
        json.WriteString("issuedAt", Timestamp(document.IssuedAt));
        json.WriteString("issuer", document.AgencyCode);
        json.WriteString("type", document.Type);
        json.WriteString("verificationCode", document.VerificationCode);
    });

    /// <summary>
    /// The form G2C signed its certificates in before documents were a platform block: <c>applicationId</c> (the
    /// case), <c>id</c>, <c>issuedAt</c>, <c>issuer</c>, <c>type</c>, <c>verificationCode</c>. Those documents were
    /// carried over with their signatures and still verify against it; nothing is signed in it any more.
    /// </summary>
    public static byte[] Legacy(IssuedDocument document) => Write(json =>
    {
        json.WriteString("applicationId", document.CaseId.ToString("D"));
        json.WriteString("id", document.Id.ToString("D"));
        json.WriteString("issuedAt", Timestamp(document.IssuedAt));
        json.WriteString("issuer", document.AgencyCode);
        json.WriteString("type", document.Type);
        json.WriteString("verificationCode", document.VerificationCode);
    });

    /// <summary>Whether <paramref name="payload"/> is one of the canonical forms of <paramref name="document"/>.</summary>
    public static bool Matches(ReadOnlySpan<byte> payload, IssuedDocument document) =>
        payload.SequenceEqual(Canonical(document)) || payload.SequenceEqual(Legacy(document));

    /// <summary>Whole seconds, UTC (what is stored as the issue time).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            members(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

/// <summary>Compact JWS with ES256 (ECDSA P-256, SHA-256), header <c>{"alg","kid","typ"}</c>.</summary>
internal static class CompactJws
{
    public const string Algorithm = "ES256";
    public const string Type = "JWT";

    public static string Sign(ReadOnlySpan<byte> payload, string keyId, ECDsa key)
    {
        var header = HeaderOf(keyId);
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The header and payload of <paramref name="jws"/> if it is well formed, or null.</summary>
    public static (string Algorithm, string? KeyId, byte[] Payload)? Read(string jws)
    {
        var parts = jws.Split('.');
        if (parts.Length != 3 || !TryDecode(parts[0], out var header) || !TryDecode(parts[1], out var payload))
        {
            return null;
        }

        try
        {
            using var parsed = JsonDocument.Parse(header);
            if (parsed.RootElement.ValueKind != JsonValueKind.Object
                || !parsed.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var kid = parsed.RootElement.TryGetProperty("kid", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            return (alg.GetString()!, kid, payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="jws"/> is an ES256 signature by <paramref name="key"/> (a public key suffices).</summary>
    public static bool Verify(string jws, ECDsa key)
    {
        var lastDot = jws.LastIndexOf('.');
        if (lastDot <= 0 || Read(jws) is not { Algorithm: Algorithm } || !TryDecode(jws[(lastDot + 1)..], out var signature))
        {
            return false;
        }

        return key.VerifyData(Encoding.ASCII.GetBytes(jws[..lastDot]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>The key id of a P-256 key: the first 16 characters of the Base64Url SHA-256 of its X and Y coordinates.</summary>
    public static string KeyIdOf(ECDsa key)
    {
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        return Base64Url.EncodeToString(SHA256.HashData([.. point.X!, .. point.Y!]))[..16];
    }

    private static byte[] HeaderOf(string keyId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("alg", Algorithm);
            json.WriteString("kid", keyId);
            json.WriteString("typ", Type);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
