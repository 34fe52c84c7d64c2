using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EGov.Agencies.Domain.Exchange;

namespace EGov.Agencies.Features.MessageLog;

/// <summary>What verifying a range of the message log found.</summary>
internal sealed record LogVerification(
    bool Valid,
    long? FirstBadEntry,
    string? Problem,
    long EntriesChecked,
    int BatchesChecked,
    long UnsignedEntries);

/// <summary>
/// Verifies exported ranges of the message log offline, from the export and the published JWKS alone: every batch
/// signature (ES256, key by <c>kid</c>), the numbers without gaps or repeats, every entry's hash recomputed from its
/// fields and the hash before it, and every batch's signed hashes against the chain. It names the first bad entry.
/// Pages of one export are added in order (<see cref="Add"/>); <see cref="Result"/> answers for all of them.
/// </summary>
internal sealed class MessageLogVerifier
{
    private readonly Dictionary<string, ECDsa> _keys;
    private readonly Dictionary<long, BatchStatement> _byFirst = [];
    private readonly Dictionary<long, BatchStatement> _byLast = [];
    private long? _expected;
    private string _previous = LogChain.Genesis;
    private long _lastSigned;
    private long _to;
    private long _entries;
    private long _unsigned;
    private int _batches;
    private LogVerification? _failure;

    private MessageLogVerifier(Dictionary<string, ECDsa> keys) => _keys = keys;

    /// <summary>A verifier trusting the keys of <paramref name="jwks"/> (a JSON Web Key Set of P-256 keys).</summary>
    public static MessageLogVerifier FromJwks(string jwks)
    {
        var keys = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(jwks);
        foreach (var jwk in document.RootElement.GetProperty("keys").EnumerateArray())
        {
            if (jwk.GetProperty("kty").GetString() != "EC" || jwk.GetProperty("crv").GetString() != "P-256")
            {
                continue;
            }

            keys[jwk.GetProperty("kid").GetString()!] = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint
                {
                    X = Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()),
                    Y = Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()),
                },
            });
        }

        return new MessageLogVerifier(keys);
    }

    /// <summary>Verifies one export at once.</summary>
    public static LogVerification Verify(LogExportPage export, string jwks)
    {
        var verifier = FromJwks(jwks);
        verifier.Add(export);
        return verifier.Result();
    }

    public void Add(LogExportPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (_failure is not null)
        {
            return;
        }

        foreach (var batch in page.Batches)
        {
            if (_byFirst.ContainsKey(batch.First))
            {
                continue;
            }

            if (ReadStatement(batch) is not { } statement)
            {
                Fail(batch.First, $"The signature of batch {batch.First}–{batch.Last} does not verify against the published keys.");
                return;
            }

            _byFirst[statement.First] = statement;
            _byLast[statement.Last] = statement;
            _lastSigned = Math.Max(_lastSigned, statement.Last);
            _batches++;
        }

        _to = Math.Max(_to, page.To);
        if (_expected is null)
        {
            _expected = page.From;
            _previous = _byFirst.TryGetValue(page.From, out var opening) ? opening.PreviousHash : page.PreviousHash;
        }

        foreach (var entry in page.Entries)
        {
            var expected = _expected.Value;
            if (entry.Sequence > expected)
            {
                Fail(expected, $"Entry {expected} is missing: the log goes from entry {expected - 1} to entry {entry.Sequence} (removed).");
                return;
            }

            if (entry.Sequence < expected)
            {
                Fail(entry.Sequence, $"Entry {entry.Sequence} appears again after entry {expected - 1} (inserted or repeated).");
                return;
            }

            if (_byFirst.TryGetValue(entry.Sequence, out var opens) && opens.PreviousHash != _previous)
            {
                Fail(entry.Sequence, $"Batch {opens.First}–{opens.Last} was signed after a different entry {entry.Sequence - 1} than the one in the log.");
                return;
            }

            string hash;
            if (entry.Redacted)
            {
                hash = entry.Hash;
            }
            else
            {
                hash = LogChain.Hash(_previous, entry.Canonical()!);
                if (!string.Equals(hash, entry.Hash, StringComparison.Ordinal))
                {
                    Fail(entry.Sequence, $"Entry {entry.Sequence} does not match its hash: it was altered, or inserted in place of the original.");
                    return;
                }
            }

            if (_byLast.TryGetValue(entry.Sequence, out var closes) && closes.LastHash != hash)
            {
                Fail(entry.Sequence, $"Entry {entry.Sequence} differs from what batch {closes.First}–{closes.Last} signed: entries of that batch were rewritten.");
                return;
            }

            if (entry.Sequence > _lastSigned)
            {
                _unsigned++;
            }

            _previous = hash;
            _expected = expected + 1;
            _entries++;
        }
    }

    public LogVerification Result()
    {
        if (_failure is null && _expected is { } expected && expected <= _to)
        {
            Fail(expected, $"Entry {expected} is missing: the export ends at entry {_to} (removed).");
        }

        return _failure ?? new LogVerification(true, null, null, _entries, _batches, _unsigned);
    }

    private void Fail(long entry, string problem) => _failure = new LogVerification(false, entry, problem, _entries, _batches, _unsigned);

    private BatchStatement? ReadStatement(ExportedBatch batch)
    {
        var parts = batch.Signature.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (header.RootElement.GetProperty("alg").GetString() != "ES256"
                || header.RootElement.GetProperty("kid").GetString() is not { } kid
                || !_keys.TryGetValue(kid, out var key))
            {
                return null;
            }

            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return null;
            }

            var statement = JsonSerializer.Deserialize<BatchStatement>(Base64Url.DecodeFromChars(parts[1]), BatchStatement.Json);
            return statement is not null && statement.Log == BatchStatement.LogName && statement.First == batch.First && statement.Last == batch.Last
                ? statement
                : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
