using System.Buffers.Text;
using System.Security.Cryptography;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EGov.BuildingBlocks.Documents;

/// <summary>One published key of the platform's key set (<c>GET /api/documents/keys</c>): a P-256 public key.</summary>
public sealed record PublishedKey(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);

/// <summary>The platform's document-signing keys, current and retired, as a JSON Web Key Set.</summary>
public sealed record PublishedKeySet(IReadOnlyList<PublishedKey> Keys);

/// <summary>What a rotation did: the key that signs from now on, and the one it retired (still published).</summary>
public sealed record KeyRotation(string CurrentKeyId, string? RetiredKeyId, DateTimeOffset RotatedAt);

/// <summary>
/// The platform's one set of document-signing keys (P-256, ES256), in <c>platform.document_signing_keys</c>, shared by
/// every node and every module. Exactly one key is current (a partial unique index: two nodes creating the first key
/// at once make one); it signs. Retired keys stay published so what they signed still verifies. Private keys are
/// encrypted at rest with ASP.NET Core data protection (the platform's key ring, shared by all nodes through
/// <c>platform.data_protection_keys</c>); the public key is stored beside it in the clear for the key set.
/// </summary>
/// <remarks>
/// A key carried over by a migration (which cannot encrypt) arrives with <c>protection = 'none'</c>: the store
/// encrypts it before anything reads it (at start, and again on any read that meets one), so its plain form is never
/// used. The table is created here, idempotently, so the store works whichever modules are deployed.
/// </remarks>
internal sealed partial class DocumentKeyStore(NpgsqlDataSource dataSource, IDataProtectionProvider protection, TimeProvider clock, ILogger<DocumentKeyStore> logger)
{
    public const string Table = "platform.document_signing_keys";

    /// <summary>The data protection purpose of the private keys; changing it makes every stored key unreadable.</summary>
    public const string ProtectionPurpose = "EGov.BuildingBlocks.Documents.SigningKeys.v1";

    private const string Protected = "data-protection";
    private const string Unprotected = "none";

    private readonly IDataProtector _protector = protection.CreateProtector(ProtectionPurpose);
    private readonly SemaphoreSlim _setup = new(1, 1);
    private volatile bool _ready;

    /// <summary>The current key (created when there is none) with its private key, for signing.</summary>
    public async Task<(string KeyId, ECDsa Key)> CurrentAsync(CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            string? keyId = null;
            byte[]? stored = null;
            var isProtected = false;
            await using (var select = dataSource.CreateCommand($"SELECT key_id, private_key, protection FROM {Table} WHERE is_current"))
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    keyId = reader.GetString(0);
                    stored = (byte[])reader[1];
                    isProtected = reader.GetString(2) == Protected;
                }
            }

            if (keyId is null)
            {
                await CreateFirstAsync(ct);
            }
            else if (isProtected)
            {
                var pkcs8 = _protector.Unprotect(stored!);
                try
                {
                    return (keyId, Import(pkcs8));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(pkcs8);
                }
            }
            else
            {
                // A key a migration carried over since this node started: encrypted first, then read again.
                await ProtectCarriedOverAsync(ct);
            }
        }

        throw new InvalidOperationException("No current document-signing key could be read or made.");
    }

    /// <summary>Every key, current and retired, oldest first (the current key is made when there is none yet).</summary>
    public async Task<PublishedKeySet> PublishedAsync(CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        var keys = await PublicKeysAsync(ct);
        if (keys.Count == 0 || keys.Any(k => k.PublicKey is null))
        {
            await CreateFirstAsync(ct);
            await ProtectCarriedOverAsync(ct);
            keys = await PublicKeysAsync(ct);
        }

        return new PublishedKeySet(keys.Select(k => Jwk(k.KeyId, k.PublicKey!)).ToList());
    }

    /// <summary>The public key <paramref name="keyId"/>, current or retired; null when the platform has no such key.</summary>
    public async Task<ECDsa?> PublicKeyAsync(string keyId, CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var command = dataSource.CreateCommand($"SELECT public_key FROM {Table} WHERE key_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = keyId });
            switch (await command.ExecuteScalarAsync(ct))
            {
                case byte[] spki:
                    var key = ECDsa.Create();
                    key.ImportSubjectPublicKeyInfo(spki, out _);
                    return key;
                case DBNull:
                    await ProtectCarriedOverAsync(ct);
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Retires the current key (it stays published) and makes a new current one. Rotations take turns.</summary>
    public async Task<KeyRotation> RotateAsync(CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        var now = clock.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyId = CompactJws.KeyIdOf(key);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = RotationLock });
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        string? retired;
        await using (var retire = new NpgsqlCommand($"UPDATE {Table} SET is_current = FALSE WHERE is_current RETURNING key_id", connection, transaction))
        {
            retired = await retire.ExecuteScalarAsync(ct) as string;
        }

        await using (var insert = new NpgsqlCommand(InsertSql(onConflictDoNothing: false), connection, transaction))
        {
            AddKeyParameters(insert, keyId, key, now);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        LogRotated(logger, keyId, retired ?? "(none)");
        return new KeyRotation(keyId, retired, now);
    }

    /// <summary>Creates the table when missing and encrypts carried-over keys; once per process.</summary>
    public async Task EnsureReadyAsync(CancellationToken ct)
    {
        if (_ready)
        {
            return;
        }

        await _setup.WaitAsync(ct);
        try
        {
            if (_ready)
            {
                return;
            }

            await using (var connection = await dataSource.OpenConnectionAsync(ct))
            await using (var transaction = await connection.BeginTransactionAsync(ct))
            {
                await using (var setup = new NpgsqlCommand(SetupSql, connection, transaction))
                {
                    await setup.ExecuteNonQueryAsync(ct);
                }

                await transaction.CommitAsync(ct);
            }

            await ProtectCarriedOverAsync(ct);
            _ready = true;
        }
        finally
        {
            _setup.Release();
        }
    }

    /// <summary>Encrypts every key stored unprotected (carried over by a migration) and stores its public key.</summary>
    private async Task ProtectCarriedOverAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var carried = new List<(string KeyId, byte[] PrivateKey)>();
        await using (var select = new NpgsqlCommand($"SELECT key_id, private_key FROM {Table} WHERE protection = '{Unprotected}' FOR UPDATE", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                carried.Add((reader.GetString(0), (byte[])reader[1]));
            }
        }

        foreach (var (keyId, pkcs8) in carried)
        {
            using var key = Import(pkcs8);
            await using var update = new NpgsqlCommand(
                $"UPDATE {Table} SET private_key = $2, public_key = $3, protection = '{Protected}' WHERE key_id = $1 AND protection = '{Unprotected}'",
                connection, transaction);
            update.Parameters.Add(new NpgsqlParameter { Value = keyId });
            update.Parameters.Add(new NpgsqlParameter { Value = _protector.Protect(pkcs8) });
            update.Parameters.Add(new NpgsqlParameter { Value = key.ExportSubjectPublicKeyInfo() });
            await update.ExecuteNonQueryAsync(ct);
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        await transaction.CommitAsync(ct);
        if (carried.Count > 0)
        {
            LogProtected(logger, carried.Count);
        }
    }

    /// <summary>Makes the first current key, unless another node (or request) just did.</summary>
    private async Task CreateFirstAsync(CancellationToken ct)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyId = CompactJws.KeyIdOf(key);
        await using var insert = dataSource.CreateCommand(InsertSql(onConflictDoNothing: true));
        AddKeyParameters(insert, keyId, key, clock.GetUtcNow());
        if (await insert.ExecuteNonQueryAsync(ct) == 1)
        {
            LogCreated(logger, keyId);
        }
    }

    private async Task<List<(string KeyId, byte[]? PublicKey)>> PublicKeysAsync(CancellationToken ct)
    {
        var keys = new List<(string, byte[]?)>();
        await using var command = dataSource.CreateCommand($"SELECT key_id, public_key FROM {Table} ORDER BY created_at, key_id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            keys.Add((reader.GetString(0), reader.IsDBNull(1) ? null : (byte[])reader[1]));
        }

        return keys;
    }

    private void AddKeyParameters(NpgsqlCommand command, string keyId, ECDsa key, DateTimeOffset now)
    {
        var pkcs8 = key.ExportPkcs8PrivateKey();
        command.Parameters.Add(new NpgsqlParameter { Value = keyId });
        command.Parameters.Add(new NpgsqlParameter { Value = _protector.Protect(pkcs8) });
        command.Parameters.Add(new NpgsqlParameter { Value = key.ExportSubjectPublicKeyInfo() });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        CryptographicOperations.ZeroMemory(pkcs8);
    }

    private static string InsertSql(bool onConflictDoNothing) =>
        $"INSERT INTO {Table} (key_id, private_key, public_key, protection, is_current, created_at) VALUES ($1, $2, $3, '{Protected}', TRUE, $4)"
        + (onConflictDoNothing ? " ON CONFLICT (is_current) WHERE is_current DO NOTHING" : string.Empty);

    private static ECDsa Import(byte[] pkcs8)
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return key;
    }

    private static PublishedKey Jwk(string keyId, byte[] spki)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(spki, out _);
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        return new PublishedKey("EC", "P-256", Base64Url.EncodeToString(point.X!), Base64Url.EncodeToString(point.Y!), keyId, "sig", CompactJws.Algorithm);
    }

    /// <summary>Serializes the creation of the table; G2C's migration <c>PlatformDocuments</c> takes it by its value.</summary>
    internal static readonly long SetupLock = AdvisoryLockKey.For("egov-documents:setup");
    private static readonly long RotationLock = AdvisoryLockKey.For("egov-documents:rotation");

    // The same shape as the migration that first carried G2C's keys over; every statement is idempotent.
    private static readonly string SetupSql = $"""
        SELECT pg_advisory_xact_lock({SetupLock});
        CREATE SCHEMA IF NOT EXISTS platform;
        CREATE TABLE IF NOT EXISTS {Table} (
            key_id varchar(64) PRIMARY KEY,
            private_key bytea NOT NULL,
            public_key bytea NULL,
            protection varchar(32) NOT NULL,
            is_current boolean NOT NULL,
            created_at timestamptz NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS ix_document_signing_keys_current ON {Table} (is_current) WHERE is_current;
        """;

    [LoggerMessage(Level = LogLevel.Information, Message = "Document-signing key {KeyId} created as the current key")]
    private static partial void LogCreated(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document-signing keys rotated: {KeyId} signs from now on, {RetiredKeyId} is retired and stays published")]
    private static partial void LogRotated(ILogger logger, string keyId, string retiredKeyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} carried-over document-signing key(s) encrypted with data protection")]
    private static partial void LogProtected(ILogger logger, int count);
}

/// <summary>
/// Prepares the key store when the host starts (after the migrations, which may have carried keys over). A database
/// that cannot be reached now does not stop the host: the store prepares itself on its first use instead.
/// </summary>
internal sealed partial class DocumentKeyStoreStartup(DocumentKeyStore keys, ILogger<DocumentKeyStoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await keys.EnsureReadyAsync(cancellationToken);
        }
        catch (Exception e) when (PostgresErrors.IsUnavailable(e))
        {
            LogDeferred(logger, e.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document-signing keys not prepared at start ({Error}: database unavailable); they are prepared on first use")]
    private static partial void LogDeferred(ILogger logger, string error);
}
