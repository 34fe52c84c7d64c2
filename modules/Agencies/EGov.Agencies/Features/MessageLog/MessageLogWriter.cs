using System.Threading.Channels;
using EGov.Agencies.Domain.Exchange;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace EGov.Agencies.Features.MessageLog;

/// <summary>The exchange's side of the message log: replay protection and appending entries.</summary>
internal interface IMessageLog
{
    /// <summary>Records that <paramref name="consumer"/> used <paramref name="messageId"/>; false when it did before (a replay).</summary>
    Task<bool> ReserveMessageIdAsync(string consumer, string messageId, CancellationToken cancellationToken);

    /// <summary>Appends an entry and returns its number once it is committed.</summary>
    Task<long> AppendAsync(LogRecord record, CancellationToken cancellationToken);
}

/// <summary>
/// Appends to the one chain of <c>g2g.message_log</c> with group commit: requests queue their records; one writer per
/// node takes what is queued (up to <see cref="MaxGroup"/>), and in one transaction takes the chain's advisory lock
/// (the serialization point shared by every node), reads the head, numbers and hashes the records and copies them in,
/// then answers every waiting request. An exchange answers only after its entry is committed.
/// </summary>
internal sealed partial class MessageLogWriter(NpgsqlDataSource dataSource, ILogger<MessageLogWriter> logger) : BackgroundService, IMessageLog
{
    public const int MaxGroup = 512;
    internal static readonly long ChainLock = AdvisoryLockKey.For("egov-g2g:message-log");

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public async Task<bool> ReserveMessageIdAsync(string consumer, string messageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO g2g.exchange_message_ids (consumer_code, message_id, used_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = consumer });
        command.Parameters.Add(new NpgsqlParameter { Value = messageId });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task<long> AppendAsync(LogRecord record, CancellationToken cancellationToken)
    {
        var pending = new Pending(record with { At = LogChain.Truncate(record.At) }, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The message log is closed: the platform is stopping.");
        }

        // The entry is written even when the caller gives up waiting: an exchange that happened is logged.
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>(MaxGroup);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                group.Clear();
                while (group.Count < MaxGroup && _queue.Reader.TryRead(out var next))
                {
                    group.Add(next);
                }

                await WriteWithRetryAsync(group, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            group.Add(left);
        }

        if (group.Count > 0)
        {
            // Stopping: what is still queued is written before the host goes.
            await WriteWithRetryAsync(group, CancellationToken.None);
        }
    }

    private async Task WriteWithRetryAsync(List<Pending> group, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var numbers = await WriteAsync(dataSource, group.Select(p => p.Record).ToList(), cancellationToken);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Done.TrySetResult(numbers[i]);
                }

                return;
            }
            catch (Exception e) when (attempt < 3 && PostgresErrors.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
            {
                LogRetry(logger, group.Count, attempt, e.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), CancellationToken.None);
            }
            catch (Exception e)
            {
                LogFailed(logger, group.Count, e.GetType().Name);
                foreach (var pending in group)
                {
                    pending.Done.TrySetException(e);
                }

                return;
            }
        }
    }

    /// <summary>Numbers, chains and inserts <paramref name="records"/> in one transaction; returns their numbers.</summary>
    internal static async Task<long[]> WriteAsync(NpgsqlDataSource dataSource, IReadOnlyList<LogRecord> records, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = ChainLock });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        long sequence = 0;
        var previous = LogChain.Genesis;
        await using (var head = new NpgsqlCommand($"SELECT sequence, hash FROM g2g.{ExchangeModel.MessageLogTable} ORDER BY sequence DESC LIMIT 1", connection, transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                sequence = reader.GetInt64(0);
                previous = reader.GetString(1);
            }
        }

        var numbers = new long[records.Count];
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY g2g.{ExchangeModel.MessageLogTable} (sequence, logged_at, consumer_code, client, provider_code, service_code, operation, purpose, " +
            "legal_basis, issue, end_user, subject_kind, subject_id, message_id, request_hash, response_hash, status, outcome, duration_micros, " +
            "request_body, response_body, hash) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < records.Count; i++)
            {
                var r = records[i];
                sequence++;
                previous = LogChain.Hash(previous, sequence, r);
                numbers[i] = sequence;
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(sequence, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(r.At, NpgsqlDbType.TimestampTz, cancellationToken);
                await Text(copy, r.Consumer, cancellationToken);
                await Text(copy, r.Client, cancellationToken);
                await Text(copy, r.Provider, cancellationToken);
                await Text(copy, r.Service, cancellationToken);
                await Text(copy, r.Operation, cancellationToken);
                await Text(copy, r.Purpose, cancellationToken);
                await Text(copy, r.LegalBasis, cancellationToken);
                await Text(copy, r.Issue, cancellationToken);
                await Text(copy, r.EndUser, cancellationToken);
                await Text(copy, r.SubjectKind.ToString(), cancellationToken);
                await Text(copy, r.SubjectId, cancellationToken);
                await Text(copy, r.MessageId, cancellationToken);
                await Text(copy, r.RequestHash, cancellationToken);
                await Text(copy, r.ResponseHash, cancellationToken);
                await copy.WriteAsync(r.Status, NpgsqlDbType.Integer, cancellationToken);
                await Text(copy, r.Outcome.ToString(), cancellationToken);
                await copy.WriteAsync(r.DurationMicros, NpgsqlDbType.Bigint, cancellationToken);
                await Text(copy, r.RequestBody, cancellationToken);
                await Text(copy, r.ResponseBody, cancellationToken);
                await Text(copy, previous, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return numbers;
    }

    private static Task Text(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Varchar, cancellationToken);

    private sealed record Pending(LogRecord Record, TaskCompletionSource<long> Done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message log: writing {Count} entries failed ({Error}), attempt {Attempt}; retrying")]
    private static partial void LogRetry(ILogger logger, int count, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message log: {Count} entries could not be written ({Error}); their exchanges fail")]
    private static partial void LogFailed(ILogger logger, int count, string error);
}
