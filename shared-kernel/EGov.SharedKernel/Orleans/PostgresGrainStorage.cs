using System.Globalization;
using System.Text.Json;
using EGov.SharedKernel.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.Runtime;
using Orleans.Storage;

namespace EGov.SharedKernel.Orleans;

/// <summary>
/// Grain storage in the owning module's schema, table <c>&lt;schema&gt;.grain_state</c>
/// (<c>grain_type text, grain_id text, version bigint, state jsonb, updated_at timestamptz</c>,
/// primary key <c>(grain_type, grain_id)</c>; the module's migration creates it).
/// <list type="bullet">
/// <item><c>grain_type</c> is <c>&lt;grain type&gt;/&lt;state name&gt;</c> (e.g. <c>citizensession/session</c>), so
/// a grain with several persistent states keeps one row per state; a grain type never contains <c>/</c>,
/// so the pair is unambiguous. <c>grain_id</c> is the grain key.</item>
/// <item>State is JSON (System.Text.Json, web defaults). The ETag is the row version as a decimal string.</item>
/// <item>Optimistic concurrency: a write without ETag inserts (an existing row is a conflict), a write with
/// ETag updates only that version and increments it, clear deletes only that version. A conflict throws
/// <see cref="InconsistentStateException"/>; Orleans then deactivates the grain so it reloads its state.</item>
/// <item>Durability: when <c>WriteStateAsync</c> or <c>ClearStateAsync</c> returns, the change is committed.
/// Writes go through a <see cref="GrainStateBatchWriter"/> (group commit: the writes of all grains pending at the
/// same moment share one transaction and one WAL flush); a clear is one autocommitted statement. State changed in
/// memory and not yet written is lost when the silo goes away.</item>
/// </list>
/// </summary>
internal sealed partial class PostgresGrainStorage : IGrainStorage
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly string _providerName;
    private readonly string _schema;
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly GrainStateBatchWriter _writer;
    private readonly string _selectSql;
    private readonly string _insertSql;
    private readonly string _updateSql;
    private readonly string _deleteSql;

    public PostgresGrainStorage(
        string providerName,
        string schema,
        NpgsqlDataSource dataSource,
        TimeProvider timeProvider,
        ILogger<PostgresGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        _providerName = providerName;
        _schema = SchemaName.EnsureValid(schema);
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _writer = new GrainStateBatchWriter(dataSource);

        // The schema is a validated lower-case identifier; quoting it also keeps reserved words harmless.
        var table = $"\"{_schema}\".grain_state";
        _selectSql = $"SELECT version, state::text FROM {table} WHERE grain_type = $1 AND grain_id = $2";
        _insertSql = $"""
            INSERT INTO {table} (grain_type, grain_id, version, state, updated_at)
            VALUES ($1, $2, 1, $3, $4)
            ON CONFLICT (grain_type, grain_id) DO NOTHING
            RETURNING version
            """;
        _updateSql = $"""
            UPDATE {table}
               SET version = version + 1, state = $3, updated_at = $4
             WHERE grain_type = $1 AND grain_id = $2 AND version = $5
            RETURNING version
            """;
        _deleteSql = $"DELETE FROM {table} WHERE grain_type = $1 AND grain_id = $2 AND version = $3";
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (grainType, key) = RowKey(stateName, grainId);

        await using var command = _dataSource.CreateCommand(_selectSql);
        command.Parameters.Add(new NpgsqlParameter { Value = grainType, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            grainState.State = CreateDefault<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var version = reader.GetInt64(0);
        var json = reader.GetString(1);
        T? state;
        try
        {
            state = JsonSerializer.Deserialize<T>(json, JsonOptions);
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException(
                $"Grain storage '{_providerName}': the state of {grainType} '{key}' in {_schema}.grain_state " +
                $"(version {version}) cannot be read as {typeof(T).Name}.", exception);
        }

        grainState.State = state ?? CreateDefault<T>();
        grainState.ETag = FormatETag(version);
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (grainType, key) = RowKey(stateName, grainId);
        var json = JsonSerializer.Serialize(grainState.State, JsonOptions);
        var expected = ParseETag(grainState.ETag, grainType, key);

        cancellationToken.ThrowIfCancellationRequested();
        List<(object, NpgsqlDbType)> parameters =
            [(grainType, NpgsqlDbType.Text), (key, NpgsqlDbType.Text), (json, NpgsqlDbType.Jsonb), (_timeProvider.GetUtcNow(), NpgsqlDbType.TimestampTz)];
        if (expected is { } expectedVersion)
        {
            parameters.Add((expectedVersion, NpgsqlDbType.Bigint));
        }

        var written = await _writer.WriteAsync(expected is null ? _insertSql : _updateSql, parameters);
        if (written is not { } newVersion)
        {
            throw await ConflictAsync("write", grainType, key, grainState.ETag, cancellationToken);
        }

        grainState.ETag = FormatETag(newVersion);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (grainType, key) = RowKey(stateName, grainId);
        var expected = ParseETag(grainState.ETag, grainType, key);

        if (expected is { } expectedVersion)
        {
            await using var command = _dataSource.CreateCommand(_deleteSql);
            command.Parameters.Add(new NpgsqlParameter { Value = grainType, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = expectedVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw await ConflictAsync("clear", grainType, key, grainState.ETag, cancellationToken);
            }
        }
        else if (await ReadVersionAsync(grainType, key, cancellationToken) is not null)
        {
            // Nothing was read, yet a row exists: somebody else wrote it meanwhile.
            throw await ConflictAsync("clear", grainType, key, grainState.ETag, cancellationToken);
        }

        grainState.State = CreateDefault<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static (string GrainType, string Key) RowKey(string stateName, GrainId grainId)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is empty.", nameof(grainId));
        }

        return ($"{grainId.Type}/{stateName}", grainId.Key.ToString()!);
    }

    private async Task<long?> ReadVersionAsync(string grainType, string key, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(_selectSql);
        command.Parameters.Add(new NpgsqlParameter { Value = grainType, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : null;
    }

    private async Task<InconsistentStateException> ConflictAsync(
        string operation, string grainType, string key, string? expectedETag, CancellationToken cancellationToken)
    {
        var stored = await ReadVersionAsync(grainType, key, cancellationToken);
        var storedETag = stored is { } version ? FormatETag(version) : "none";
        LogConflict(_logger, _providerName, operation, grainType, key, expectedETag ?? "none", storedETag);
        return new InconsistentStateException(
            $"Grain storage '{_providerName}': {operation} of {grainType} '{key}' in {_schema}.grain_state " +
            $"expected version {expectedETag ?? "none"} but found {storedETag}.",
            storedETag,
            expectedETag ?? "none");
    }

    private long? ParseETag(string? etag, string grainType, string key)
    {
        if (etag is null)
        {
            return null;
        }

        if (long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        throw new InconsistentStateException(
            $"Grain storage '{_providerName}': ETag '{etag}' of {grainType} '{key}' is not a version number.",
            "unknown",
            etag);
    }

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static T CreateDefault<T>() =>
        typeof(T).IsValueType || typeof(T).GetConstructor(Type.EmptyTypes) is not null
            ? Activator.CreateInstance<T>()
            : default!;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Grain storage {Provider}: {Operation} conflict on {GrainType} '{GrainKey}', expected version {Expected}, stored {Stored}.")]
    private static partial void LogConflict(
        ILogger logger, string provider, string operation, string grainType, string grainKey, string expected, string stored);
}
