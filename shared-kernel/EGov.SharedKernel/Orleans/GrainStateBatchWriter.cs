using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace EGov.SharedKernel.Orleans;

/// <summary>
/// Group commit for grain state. Writes that are waiting at the same moment go to PostgreSQL together, as one
/// batch in one transaction: many concurrent saves then cost one round trip and one WAL flush instead of one each.
/// A write's task completes only after the transaction that holds it has committed, so the durability of
/// <c>WriteStateAsync</c> is unchanged: acknowledged means committed.
/// </summary>
/// <remarks>
/// <para>Each statement is an optimistic insert or update that returns the new version, or no row when the expected
/// version did not match; a conflict of one grain therefore never aborts the others in its batch. A failure of the
/// batch itself (connection lost, server error) fails every write in it and nothing of it is committed.</para>
/// <para>Two flush loops take turns: while one batch waits for its commit, the writes arriving meanwhile are already
/// sent as the next. There is no timer and no added wait: under light load a batch holds a single write.</para>
/// </remarks>
internal sealed class GrainStateBatchWriter
{
    /// <summary>Most writes in one batch (one transaction).</summary>
    public const int MaxBatchSize = 256;

    /// <summary>Batches in flight at once.</summary>
    public const int FlushLoops = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    private int _started;

    public GrainStateBatchWriter(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    }

    /// <summary>
    /// Queues one statement with its parameters; completes with the version it returned (null: no row, a conflict)
    /// once the batch that held it committed.
    /// </summary>
    public Task<long?> WriteAsync(string sql, IReadOnlyList<(object Value, NpgsqlDbType Type)> parameters)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            for (var i = 0; i < FlushLoops; i++)
            {
                _ = Task.Run(FlushLoopAsync);
            }
        }

        var pending = new PendingWrite(sql, parameters);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The grain state writer is closed.");
        }

        return pending.Completion.Task;
    }

    private async Task FlushLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                var versions = await CommitAsync(batch).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(versions[i]);
                }
            }
#pragma warning disable CA1031 // Every failure of the batch belongs to the writes that waited for it.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(exception);
                }
            }

            batch.Clear();
        }
    }

    private async Task<long?[]> CommitAsync(List<PendingWrite> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlBatch(connection, transaction);
        foreach (var pending in batch)
        {
            var statement = new NpgsqlBatchCommand(pending.Sql);
            foreach (var (value, type) in pending.Parameters)
            {
                statement.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
            }

            command.BatchCommands.Add(statement);
        }

        var versions = new long?[batch.Count];
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (await reader.ReadAsync().ConfigureAwait(false))
                {
                    versions[i] = reader.GetInt64(0);
                }

                await reader.NextResultAsync().ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return versions;
    }

    private sealed class PendingWrite(string sql, IReadOnlyList<(object Value, NpgsqlDbType Type)> parameters)
    {
        public string Sql { get; } = sql;

        public IReadOnlyList<(object Value, NpgsqlDbType Type)> Parameters { get; } = parameters;

        public TaskCompletionSource<long?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
