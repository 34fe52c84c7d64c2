using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EGov.Employees.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EGov.Employees.Security;

/// <summary>
/// Settings of the personnel records' envelope encryption (section <c>Employees:Encryption</c>). Key-encryption keys
/// (KEKs) are 256-bit AES keys in base64 under <c>Keys:&lt;id&gt;</c>; <c>CurrentKey</c> names the one new data keys
/// are wrapped with. Without any key, data keys are wrapped by the platform's ASP.NET Core data protection keys
/// (key id <see cref="DataProtectionKeyId"/>).
/// </summary>
internal sealed class EncryptionOptions
{
    public const string Section = "Employees:Encryption";
    public const string DataProtectionKeyId = "data-protection";

    public Dictionary<string, string> Keys { get; init; } = new(StringComparer.Ordinal);

    public string? CurrentKey { get; set; }

    internal string CurrentKeyId => string.IsNullOrWhiteSpace(CurrentKey) ? DataProtectionKeyId : CurrentKey;

    internal static string? Problem(EncryptionOptions o)
    {
        foreach (var (id, value) in o.Keys)
        {
            if (id == DataProtectionKeyId || id.Length is 0 or > 64)
            {
                return $"{Section}:Keys:{id}: a key id is 1 to 64 characters and not '{DataProtectionKeyId}'.";
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(value);
            }
            catch (FormatException)
            {
                return $"{Section}:Keys:{id} is not base64.";
            }

            if (bytes.Length != 32)
            {
                return $"{Section}:Keys:{id} is {bytes.Length} bytes; a key-encryption key is 32 bytes (AES-256).";
            }
        }

        return o.CurrentKey is { Length: > 0 } current && !o.Keys.ContainsKey(current)
            ? $"{Section}:CurrentKey names '{current}', which is not among {Section}:Keys."
            : null;
    }
}

/// <summary>Wraps and unwraps data keys with a key-encryption key (AES-256-GCM, or data protection).</summary>
internal sealed class KeyEncryptionKeys(IOptions<EncryptionOptions> options, IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("EGov.Employees.DataKeys.v1");

    public string CurrentId => options.Value.CurrentKeyId;

    public bool Knows(string kekId) => kekId == EncryptionOptions.DataProtectionKeyId || options.Value.Keys.ContainsKey(kekId);

    public byte[] Wrap(string kekId, byte[] dataKey)
    {
        if (kekId == EncryptionOptions.DataProtectionKeyId)
        {
            return _protector.Protect(dataKey);
        }

        using var aes = new AesGcm(Kek(kekId), AesGcm.TagByteSizes.MaxSize);
        var wrapped = new byte[12 + 16 + dataKey.Length];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, 12));
        aes.Encrypt(wrapped.AsSpan(0, 12), dataKey, wrapped.AsSpan(28), wrapped.AsSpan(12, 16), Encoding.UTF8.GetBytes(kekId));
        return wrapped;
    }

    public byte[] Unwrap(string kekId, byte[] wrapped)
    {
        if (kekId == EncryptionOptions.DataProtectionKeyId)
        {
            return _protector.Unprotect(wrapped);
        }

        if (!options.Value.Keys.ContainsKey(kekId))
        {
            throw new CryptographicException($"Key-encryption key '{kekId}' is not configured ({EncryptionOptions.Section}:Keys).");
        }

        using var aes = new AesGcm(Kek(kekId), AesGcm.TagByteSizes.MaxSize);
        var dataKey = new byte[wrapped.Length - 28];
        aes.Decrypt(wrapped.AsSpan(0, 12), wrapped.AsSpan(28), wrapped.AsSpan(12, 16), dataKey, Encoding.UTF8.GetBytes(kekId));
        return dataKey;
    }

    private byte[] Kek(string kekId) => Convert.FromBase64String(options.Value.Keys[kekId]);
}

/// <summary>An agency's data key as stored: wrapped by the key-encryption key it names.</summary>
internal sealed class DataKey
{
    private DataKey()
    {
    }

    public Guid Id { get; private set; }

    public string AgencyCode { get; private set; } = string.Empty;

    public string KekId { get; private set; } = string.Empty;

    public byte[] Wrapped { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RewrappedAt { get; private set; }

    public static DataKey Create(Guid id, string agencyCode, string kekId, byte[] wrapped, DateTimeOffset now) =>
        new() { Id = id, AgencyCode = agencyCode, KekId = kekId, Wrapped = wrapped, CreatedAt = now };

    public void Rewrap(string kekId, byte[] wrapped, DateTimeOffset now)
    {
        KekId = kekId;
        Wrapped = wrapped;
        RewrappedAt = now;
    }
}

/// <summary>Unwrapped data keys, by id, for the life of the process (a re-wrap leaves a data key itself unchanged).</summary>
internal sealed class DataKeyCache
{
    public ConcurrentDictionary<Guid, byte[]> Keys { get; } = new();
}

/// <summary>
/// Seals and opens the sensitive parts of the module's records: AES-256-GCM with the agency's data key (one per
/// agency, made on first use, wrapped by the current key-encryption key). A sealed value is
/// <c>version (1) | data key id (16) | nonce (12) | tag (16) | ciphertext</c>; the associated data binds it to its row
/// and field, so a value copied into another row does not open.
/// </summary>
internal sealed class RecordCipher(EmployeesDb db, KeyEncryptionKeys keks, DataKeyCache cache, TimeProvider clock)
{
    private const byte FormatVersion = 1;
    private const int HeaderLength = 1 + 16 + 12 + 16;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<byte[]> SealAsync<T>(string agencyCode, T value, string context, CancellationToken ct)
    {
        var (id, key) = await AgencyKeyAsync(agencyCode, ct);
        return Seal(id, key, JsonSerializer.SerializeToUtf8Bytes(value, Json), context);
    }

    public async Task<T> OpenAsync<T>(byte[] sealedValue, string context, CancellationToken ct)
    {
        var key = await KeyAsync(KeyIdOf(sealedValue), ct);
        return JsonSerializer.Deserialize<T>(Open(key, sealedValue, context), Json)
            ?? throw new CryptographicException("A sealed value opened to nothing.");
    }

    /// <summary>The agency's data key, made and stored (wrapped) on first use; concurrent first uses agree on one.</summary>
    public async Task<(Guid Id, byte[] Key)> AgencyKeyAsync(string agencyCode, CancellationToken ct)
    {
        var stored = await db.DataKeys.AsNoTracking().SingleOrDefaultAsync(k => k.AgencyCode == agencyCode, ct);
        if (stored is null)
        {
            var key = RandomNumberGenerator.GetBytes(32);
            var created = DataKey.Create(Guid.CreateVersion7(clock.GetUtcNow()), agencyCode, keks.CurrentId, keks.Wrap(keks.CurrentId, key), clock.GetUtcNow());
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO g2e.data_keys (id, agency_code, kek_id, wrapped, created_at) VALUES ({created.Id}, {created.AgencyCode}, {created.KekId}, {created.Wrapped}, {created.CreatedAt}) ON CONFLICT (agency_code) DO NOTHING",
                ct);
            stored = await db.DataKeys.AsNoTracking().SingleAsync(k => k.AgencyCode == agencyCode, ct);
        }

        return (stored.Id, Unwrapped(stored));
    }

    public async Task<byte[]> KeyAsync(Guid dataKeyId, CancellationToken ct)
    {
        if (cache.Keys.TryGetValue(dataKeyId, out var key))
        {
            return key;
        }

        var stored = await db.DataKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == dataKeyId, ct)
            ?? throw new CryptographicException($"Data key {dataKeyId} is not stored.");
        return Unwrapped(stored);
    }

    public static Guid KeyIdOf(byte[] sealedValue)
    {
        if (sealedValue.Length < HeaderLength || sealedValue[0] != FormatVersion)
        {
            throw new CryptographicException("Not a sealed value of format 1.");
        }

        return new Guid(sealedValue.AsSpan(1, 16));
    }

    public static byte[] Seal(Guid dataKeyId, byte[] key, ReadOnlySpan<byte> plaintext, string context)
    {
        var output = new byte[HeaderLength + plaintext.Length];
        output[0] = FormatVersion;
        dataKeyId.TryWriteBytes(output.AsSpan(1, 16));
        RandomNumberGenerator.Fill(output.AsSpan(17, 12));
        using var aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize);
        aes.Encrypt(output.AsSpan(17, 12), plaintext, output.AsSpan(HeaderLength), output.AsSpan(29, 16), Encoding.UTF8.GetBytes(context));
        return output;
    }

    public static byte[] Open(byte[] key, byte[] sealedValue, string context)
    {
        var plaintext = new byte[sealedValue.Length - HeaderLength];
        using var aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize);
        aes.Decrypt(sealedValue.AsSpan(17, 12), sealedValue.AsSpan(HeaderLength), sealedValue.AsSpan(29, 16), plaintext, Encoding.UTF8.GetBytes(context));
        return plaintext;
    }

    public static T OpenWith<T>(byte[] key, byte[] sealedValue, string context) =>
        JsonSerializer.Deserialize<T>(Open(key, sealedValue, context), Json) ?? throw new CryptographicException("A sealed value opened to nothing.");

    public static byte[] SealWith<T>(Guid dataKeyId, byte[] key, T value, string context) =>
        Seal(dataKeyId, key, JsonSerializer.SerializeToUtf8Bytes(value, Json), context);

    private byte[] Unwrapped(DataKey stored) => cache.Keys.GetOrAdd(stored.Id, _ => keks.Unwrap(stored.KekId, stored.Wrapped));
}

/// <summary>
/// Rotation of the key-encryption key: every data key wrapped by another KEK than the current one is unwrapped and
/// wrapped again by the current one. Records are not touched (their data keys stay the same), so old records stay
/// readable throughout; once no data key names the old KEK, it may be removed from the configuration.
/// </summary>
internal sealed class DataKeyRotation(EmployeesDb db, KeyEncryptionKeys keks, TimeProvider clock)
{
    public async Task<(int Rewrapped, int Total)> RewrapAsync(CancellationToken ct)
    {
        var current = keks.CurrentId;
        var keys = await db.DataKeys.ToListAsync(ct);
        var rewrapped = 0;
        foreach (var key in keys.Where(k => k.KekId != current))
        {
            var plain = keks.Unwrap(key.KekId, key.Wrapped);
            key.Rewrap(current, keks.Wrap(current, plain), clock.GetUtcNow());
            CryptographicOperations.ZeroMemory(plain);
            rewrapped++;
        }

        await db.SaveChangesAsync(ct);
        return (rewrapped, keys.Count);
    }
}
