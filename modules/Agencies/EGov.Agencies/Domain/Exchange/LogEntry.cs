using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EGov.Agencies.Domain.Exchange;

/// <summary>How an exchange ended, as the message log records it.</summary>
internal enum ExchangeOutcome
{
    /// <summary>The provider answered; the answer went to the consumer.</summary>
    Answered,

    /// <summary>The provider has no record for the data subject.</summary>
    NotFound,

    /// <summary>The directory has no such active service, or no such operation.</summary>
    NoSuchService,

    /// <summary>The consumer holds no granted right covering the operation: nothing was forwarded.</summary>
    NoRight,

    /// <summary>The client header named an agency other than the caller's token.</summary>
    Forged,

    /// <summary>The consumer used this message id before.</summary>
    Replayed,

    /// <summary>The provider failed or answered something that is not a JSON answer.</summary>
    ProviderFailed,

    /// <summary>The provider did not answer within the timeout.</summary>
    ProviderTimedOut,
}

/// <summary>What an exchange leaves in the message log, before it gets its number and hash.</summary>
internal sealed record LogRecord(
    DateTimeOffset At,
    string Consumer,
    string Client,
    string Provider,
    string Service,
    string Operation,
    string Purpose,
    string? LegalBasis,
    string? Issue,
    string? EndUser,
    DataSubjectKind SubjectKind,
    string? SubjectId,
    string MessageId,
    string RequestHash,
    string? ResponseHash,
    int Status,
    ExchangeOutcome Outcome,
    long DurationMicros,
    string? RequestBody,
    string? ResponseBody);

/// <summary>A numbered, chained entry of the message log.</summary>
internal sealed record LogEntry(long Sequence, LogRecord Record, string Hash);

/// <summary>
/// The message log's chain: entry <c>n</c>'s hash is SHA-256 over the previous entry's hash (32 bytes; zeros before
/// entry 1) followed by the UTF-8 canonical form of entry <c>n</c>: a JSON array of its fields in a fixed order, written
/// exactly as ECMAScript's <c>JSON.stringify</c> writes it, so any language recomputes it (docs/g2g.md).
/// </summary>
internal static class LogChain
{
    public const string FormatTag = "g2g-log-v1";

    /// <summary>The "hash" before entry 1: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Times in the log: UTC, microseconds (what PostgreSQL keeps).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);

    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string Canonical(long sequence, LogRecord r) => Canonical(
        sequence, FormatTime(r.At), r.Consumer, r.Client, r.Provider, r.Service, r.Operation, r.Purpose, r.LegalBasis, r.Issue, r.EndUser,
        r.SubjectKind.ToString(), r.SubjectId, r.MessageId, r.RequestHash, r.ResponseHash, r.Status, r.Outcome.ToString(), r.DurationMicros);

    /// <summary>The canonical form from the fields as text (what an export carries), in the chain's order.</summary>
    public static string Canonical(
        long sequence, string? at, string? consumer, string? client, string? provider, string? service, string? operation, string? purpose,
        string? legalBasis, string? issue, string? endUser, string? subjectKind, string? subjectId, string? messageId, string? requestHash,
        string? responseHash, int status, string? outcome, long durationMicros)
    {
        var text = new StringBuilder(512);
        text.Append('[');
        Str(text, FormatTag).Append(',');
        text.Append(sequence.ToString(CultureInfo.InvariantCulture)).Append(',');
        foreach (var value in (ReadOnlySpan<string?>)[at, consumer, client, provider, service, operation, purpose, legalBasis, issue, endUser, subjectKind, subjectId, messageId, requestHash, responseHash])
        {
            Str(text, value).Append(',');
        }

        text.Append(status.ToString(CultureInfo.InvariantCulture)).Append(',');
        Str(text, outcome).Append(',');
        text.Append(durationMicros.ToString(CultureInfo.InvariantCulture));
        text.Append(']');
        return text.ToString();
    }

    /// <summary>The hash of entry <paramref name="sequence"/> following <paramref name="previousHash"/> (lower-case hex).</summary>
    public static string Hash(string previousHash, long sequence, LogRecord record) => Hash(previousHash, Canonical(sequence, record));

    public static string Hash(string previousHash, string canonical)
    {
        Span<byte> buffer = stackalloc byte[32];
        if (!Convert.FromHexString(previousHash, buffer, out _, out var written).Equals(System.Buffers.OperationStatus.Done) || written != 32)
        {
            return string.Empty;
        }

        var text = Encoding.UTF8.GetBytes(canonical);
        var input = new byte[32 + text.Length];
        buffer.CopyTo(input);
        text.CopyTo(input, 32);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    /// <summary>SHA-512 (lower-case hex) of <paramref name="bytes"/>: how the log keeps requests and responses.</summary>
    public static string Sha512(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA512.HashData(bytes));

    /// <summary>A JSON string (or null) as <c>JSON.stringify</c> writes it: only <c>"</c>, <c>\</c> and controls escaped.</summary>
    private static StringBuilder Str(StringBuilder text, string? value)
    {
        if (value is null)
        {
            return text.Append("null");
        }

        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        text.Append(c).Append(value[++i]);
                    }
                    else if (c < ' ' || char.IsSurrogate(c))
                    {
                        // Controls and lone surrogates as JSON.stringify writes them.
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"');
    }
}
