using System.Buffers.Binary;
using System.Security.Cryptography;
using EGov.Businesses.Domain;
using Microsoft.AspNetCore.DataProtection;

namespace EGov.Businesses.Features.Procurement;

/// <summary>The tender's private key was asked for before the tender period ended: the platform refuses it.</summary>
internal sealed class TenderKeySealedException() : InvalidOperationException("The tender's key is released only after the tender period ends.");

/// <summary>
/// The key pair of a tender and the sealing of its bids. Each tender gets its own RSA-3072 key pair; the public half
/// is kept in clear and seals bids (a fresh AES-256-GCM content key per submission, wrapped with RSA-OAEP-SHA256, the
/// tender, lot and bid ids bound in as associated data). The private half is wrapped with the platform's ASP.NET Core
/// data protection (purpose bound to the tender) together with its not-before time, the end of the tender period: the
/// platform unwraps it only when its clock has passed that time, so no one — officer, administrator, or someone with a
/// database copy — reads a bid before the deadline.
/// </summary>
internal sealed class TenderKeys(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    private const string Purpose = "EGov.Businesses.Procurement.TenderKeys.v1";

    public (byte[] PublicKey, byte[] SealedPrivateKey) Create(Guid tenderId, DateTimeOffset notBefore)
    {
        using var rsa = RSA.Create(3072);
        var publicKey = rsa.ExportSubjectPublicKeyInfo();
        var privateKey = rsa.ExportPkcs8PrivateKey();
        var payload = new byte[8 + privateKey.Length];
        try
        {
            BinaryPrimitives.WriteInt64BigEndian(payload, notBefore.ToUnixTimeMilliseconds());
            privateKey.CopyTo(payload.AsSpan(8));
            return (publicKey, Protector(tenderId).Protect(payload));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>
    /// The tender's private key, only once the platform's clock has passed its not-before time and no unanswered
    /// enquiry holds the tender.
    /// </summary>
    /// <exception cref="TenderKeySealedException">Before the end of the tender period.</exception>
    public RSA Release(Tender tender)
    {
        ArgumentNullException.ThrowIfNull(tender);
        var payload = Protector(tender.Id).Unprotect(tender.SealedPrivateKey);
        try
        {
            var notBefore = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload));
            var now = clock.GetUtcNow();
            if (now < notBefore || !tender.DeadlinePassed(now))
            {
                throw new TenderKeySealedException();
            }

            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(payload.AsSpan(8), out _);
            return rsa;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>
    /// Wraps the tender's private key again with a later not-before time (the tender period was extended). The key
    /// itself does not change, so the bids sealed so far stay valid; an earlier time is refused.
    /// </summary>
    public byte[] Postpone(Tender tender, DateTimeOffset notBefore)
    {
        ArgumentNullException.ThrowIfNull(tender);
        var protector = Protector(tender.Id);
        var payload = protector.Unprotect(tender.SealedPrivateKey);
        try
        {
            var current = BinaryPrimitives.ReadInt64BigEndian(payload);
            BinaryPrimitives.WriteInt64BigEndian(payload, Math.Max(current, notBefore.ToUnixTimeMilliseconds()));
            return protector.Protect(payload);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    public static SealedBid Seal(byte[] publicKey, ReadOnlySpan<byte> content, byte[] associatedData)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(12);
            var ciphertext = new byte[content.Length];
            var tag = new byte[16];
            using (var aes = new AesGcm(key, tag.Length))
            {
                aes.Encrypt(nonce, content, ciphertext, tag, associatedData);
            }

            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(publicKey, out _);
            return new SealedBid(rsa.Encrypt(key, RSAEncryptionPadding.OaepSHA256), nonce, ciphertext, tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public static byte[] Unseal(RSA privateKey, SealedBid sealedBid, byte[] associatedData)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(sealedBid);
        var key = privateKey.Decrypt(sealedBid.WrappedKey, RSAEncryptionPadding.OaepSHA256);
        try
        {
            var content = new byte[sealedBid.Ciphertext.Length];
            using var aes = new AesGcm(key, sealedBid.Tag.Length);
            aes.Decrypt(sealedBid.Nonce, sealedBid.Ciphertext, sealedBid.Tag, content, associatedData);
            return content;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>What a bid's ciphertext is bound to: it cannot be moved to another tender, lot or bid row.</summary>
    public static byte[] AssociatedData(Guid tenderId, string lotId, Guid bidId) =>
        System.Text.Encoding.UTF8.GetBytes($"{tenderId:N}|{lotId}|{bidId:N}");

    private IDataProtector Protector(Guid tenderId) => dataProtection.CreateProtector(Purpose, tenderId.ToString("N"));
}
