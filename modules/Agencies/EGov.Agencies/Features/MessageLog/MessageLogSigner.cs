using System.Text.Json;
using EGov.Agencies.Domain.Exchange;
using EGov.Agencies.Persistence;
using EGov.BuildingBlocks.Documents;
using EGov.SharedKernel.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EGov.Agencies.Features.MessageLog;

/// <summary>Settings of the message log (<c>Agencies:MessageLog</c>).</summary>
internal sealed class MessageLogOptions
{
    public const string Section = "Agencies:MessageLog";

    /// <summary>How often the signer signs what was logged since its last batch. Default 5 seconds.</summary>
    public double SignIntervalSeconds { get; set; } = 5;

    /// <summary>The most entries one batch signature covers. Default 50,000.</summary>
    public int MaxBatchEntries { get; set; } = 50_000;
}

/// <summary>What a batch signature states (the JWS payload): a range, the hash before it and its last entry's hash.</summary>
internal sealed record BatchStatement(string Log, long First, long Last, string PreviousHash, string LastHash, string SignedAt)
{
    public const string LogName = "egov-g2g-message-log";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>The outcome of one signing pass.</summary>
internal sealed record SigningPass(long First, long Last, int Entries, long? BrokenAt);

/// <summary>
/// Signs the message log in batches off the request path, as X-Road does: every interval it takes the entries logged
/// since the last batch, recomputes their chain from the last signed hash (an entry that does not match stops the
/// signing there, and is reported), and signs the range's statement with the platform's document-signing key (ES256
/// JWS). One signer at a time across nodes (an advisory lock).
/// </summary>
internal sealed partial class MessageLogSigner(
    NpgsqlDataSource dataSource, IPlatformSigner signer, IOptions<MessageLogOptions> options, TimeProvider clock, ILogger<MessageLogSigner> logger)
    : BackgroundService
{
    private static readonly long SignerLock = AdvisoryLockKey.For("egov-g2g:message-log-signer");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Clamp(options.Value.SignIntervalSeconds, 0.05, 3600));
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    while (await SignPendingAsync(stoppingToken) is { Entries: > 0, BrokenAt: null } pass && pass.Entries >= options.Value.MaxBatchEntries)
                    {
                        // A full batch: more is waiting.
                    }
                }
                catch (Exception e) when (PostgresErrors.IsUnavailable(e))
                {
                    LogDeferred(logger, e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Signs the entries logged since the last batch (at most one batch); returns what it did.</summary>
    public async Task<SigningPass> SignPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = SignerLock });
            if (await lockCommand.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return new SigningPass(0, 0, 0, null);
            }
        }

        long lastSigned = 0;
        var previous = LogChain.Genesis;
        await using (var head = new NpgsqlCommand($"SELECT last_sequence, last_hash FROM g2g.{ExchangeModel.BatchTable} ORDER BY last_sequence DESC LIMIT 1", connection, transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                lastSigned = reader.GetInt64(0);
                previous = reader.GetString(1);
            }
        }

        var batchPrevious = previous;
        var first = lastSigned + 1;
        var last = lastSigned;
        long? brokenAt = null;
        await using (var read = new NpgsqlCommand(LogRows.SelectFrom + " WHERE sequence > $1 ORDER BY sequence LIMIT $2", connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = lastSigned });
            read.Parameters.Add(new NpgsqlParameter { Value = Math.Max(1, options.Value.MaxBatchEntries) });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var entry = LogRows.Read(reader);
                if (entry.Sequence != last + 1 || LogChain.Hash(previous, entry.Sequence, entry.Record) != entry.Hash)
                {
                    brokenAt = last + 1;
                    break;
                }

                previous = entry.Hash;
                last = entry.Sequence;
            }
        }

        if (brokenAt is { } broken)
        {
            LogBroken(logger, broken);
        }

        if (last < first)
        {
            return new SigningPass(first, last, 0, brokenAt);
        }

        var now = LogChain.Truncate(clock.GetUtcNow());
        var statement = new BatchStatement(BatchStatement.LogName, first, last, batchPrevious, previous, LogChain.FormatTime(now));
        var signed = await signer.SignAsync(JsonSerializer.SerializeToUtf8Bytes(statement, BatchStatement.Json), cancellationToken);
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO g2g.{ExchangeModel.BatchTable} (first_sequence, last_sequence, previous_hash, last_hash, key_id, signature, signed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = first });
            insert.Parameters.Add(new NpgsqlParameter { Value = last });
            insert.Parameters.Add(new NpgsqlParameter { Value = batchPrevious });
            insert.Parameters.Add(new NpgsqlParameter { Value = previous });
            insert.Parameters.Add(new NpgsqlParameter { Value = signed.KeyId });
            insert.Parameters.Add(new NpgsqlParameter { Value = signed.Jws });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new SigningPass(first, last, (int)(last - first + 1), brokenAt);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Message log entry {Sequence} does not match the chain: signing stops before it until an auditor has looked")]
    private static partial void LogBroken(ILogger logger, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message log signing deferred ({Error}: database unavailable)")]
    private static partial void LogDeferred(ILogger logger, string error);
}

/// <summary>Reads message log rows with plain SQL (the signer's fast path).</summary>
internal static class LogRows
{
    public const string SelectFrom =
        "SELECT sequence, logged_at, consumer_code, client, provider_code, service_code, operation, purpose, legal_basis, issue, end_user, " +
        "subject_kind, subject_id, message_id, request_hash, response_hash, status, outcome, duration_micros, hash FROM g2g." + ExchangeModel.MessageLogTable;

    public static LogEntry Read(NpgsqlDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var record = new LogRecord(
            r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
            S(8), S(9), S(10), ParseOr<DataSubjectKind>(r.GetString(11)), S(12), r.GetString(13), r.GetString(14), S(15), r.GetInt32(16),
            ParseOr<ExchangeOutcome>(r.GetString(17)), r.GetInt64(18), null, null);
        return new LogEntry(r.GetInt64(0), record, r.GetString(19));
    }

    /// <summary>A stored value no enum member has (a row altered by hand) becomes a value that breaks the hash.</summary>
    public static TEnum ParseOr<TEnum>(string value) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) ? parsed : (TEnum)(object)(-1);
}
