using System.Security.Cryptography;

namespace EGov.BuildingBlocks.Documents;

/// <summary>Signs a document's facts and checks a stored document against its signature.</summary>
internal static class DocumentSignatures
{
    /// <summary>Signs the canonical payload of <paramref name="document"/> and sets its signature and key id.</summary>
    public static void Sign(IssuedDocument document, string keyId, ECDsa key) =>
        document.Sign(keyId, CompactJws.Sign(DocumentPayload.Canonical(document), keyId, key));

    /// <summary>
    /// Whether the stored document is what was signed: an ES256 JWS by <paramref name="publicKey"/> (the published key
    /// its <c>kid</c> names, null when the platform has none), whose payload is a canonical form of the stored facts.
    /// </summary>
    public static bool IsAuthentic(IssuedDocument document, ECDsa? publicKey) =>
        publicKey is not null
        && CompactJws.Read(document.Signature) is { Algorithm: CompactJws.Algorithm } jws
        && jws.KeyId == document.KeyId
        && CompactJws.Verify(document.Signature, publicKey)
        && DocumentPayload.Matches(jws.Payload, document);
}
