namespace EGov.BuildingBlocks.Documents;

/// <summary>A payload signed with the platform's current document-signing key: a compact ES256 JWS and its key id.</summary>
public sealed record SignedPayload(string Jws, string KeyId);

/// <summary>
/// Signs arbitrary payloads (a module's own records, such as a batch of a message log) with the platform's
/// document-signing key set, so that whatever it signs verifies offline against the one published JWKS
/// (<c>GET /api/documents/keys</c>) with any JOSE library.
/// </summary>
public interface IPlatformSigner
{
    /// <summary>A compact ES256 JWS over <paramref name="payload"/> by the current key (header <c>alg</c>, <c>kid</c>).</summary>
    Task<SignedPayload> SignAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>The published keys, current and retired, as a JSON Web Key Set.</summary>
    Task<PublishedKeySet> KeysAsync(CancellationToken cancellationToken);
}

internal sealed class PlatformSigner(DocumentKeyStore keys) : IPlatformSigner
{
    public async Task<SignedPayload> SignAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var (keyId, key) = await keys.CurrentAsync(cancellationToken);
        using (key)
        {
            return new SignedPayload(CompactJws.Sign(payload.Span, keyId, key), keyId);
        }
    }

    public Task<PublishedKeySet> KeysAsync(CancellationToken cancellationToken) => keys.PublishedAsync(cancellationToken);
}
