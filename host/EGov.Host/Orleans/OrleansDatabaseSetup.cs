using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EGov.Host.Orleans;

/// <summary>
/// Applies the project's own PostgreSQL setup for the Orleans ADO.NET clustering and reminder providers
/// (schema <c>orleans</c>, query catalog <c>orleans.orleansquery</c>, tables and routines). The script is
/// embedded from <c>Orleans/orleans-postgresql.sql</c>; it is idempotent and runs in one transaction that
/// is serialized by a transaction-level advisory lock, so it is safe to run at every start, twice, and
/// from several instances at once.
/// </summary>
internal sealed partial class OrleansDatabaseSetup
{
    /// <summary>The schema holding every Orleans table, routine and the query catalog.</summary>
    public const string SchemaName = "orleans";

    /// <summary>The ADO.NET invariant the providers are configured with.</summary>
    public const string Invariant = "Npgsql";

    internal const string ScriptResourceName = "EGov.Host.Orleans.orleans-postgresql.sql";

    /// <summary>The 9 clustering keys the 10.4.2 provider requires.</summary>
    public static IReadOnlyList<string> RequiredClusteringQueryKeys { get; } =
    [
        "InsertMembershipVersionKey",
        "MembershipReadAllKey",
        "MembershipReadRowKey",
        "InsertMembershipKey",
        "UpdateMembershipKey",
        "UpdateIAmAlivetimeKey",
        "GatewaysQueryKey",
        "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
    ];

    /// <summary>The optional clustering key; present, it makes dead rows actually go away.</summary>
    public const string OptionalClusteringQueryKey = "CleanupDefunctSiloEntryKey";

    /// <summary>The 7 reminder keys the 10.4.2 provider requires.</summary>
    public static IReadOnlyList<string> ReminderQueryKeys { get; } =
    [
        "UpsertReminderRowKey",
        "ReadReminderRowsKey",
        "ReadReminderRowKey",
        "ReadRangeRows1Key",
        "ReadRangeRows2Key",
        "DeleteReminderRowKey",
        "DeleteReminderRowsKey",
    ];

    /// <summary>Every key this setup writes: 9 + 1 clustering keys and 7 reminder keys.</summary>
    public static IReadOnlyList<string> AllQueryKeys { get; } =
        [.. RequiredClusteringQueryKeys, OptionalClusteringQueryKey, .. ReminderQueryKeys];

    private static readonly Lazy<string> EmbeddedScript = new(LoadScript);

    private readonly NpgsqlDataSource? _dataSource;
    private readonly string? _connectionString;
    private readonly ILogger _logger;

    public OrleansDatabaseSetup(NpgsqlDataSource dataSource, ILogger<OrleansDatabaseSetup>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public OrleansDatabaseSetup(string connectionString, ILogger<OrleansDatabaseSetup>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The SQL text of the setup (the embedded resource).</summary>
    public static string Script => EmbeddedScript.Value;

    /// <summary>
    /// The connection string Orleans uses: the platform's connection string with <c>Search Path=orleans</c>,
    /// because the providers look up their catalog table by its unqualified name.
    /// </summary>
    public static string BuildOrleansConnectionString(string platformConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(platformConnectionString);
        return new NpgsqlConnectionStringBuilder(platformConnectionString) { SearchPath = SchemaName }.ConnectionString;
    }

    /// <summary>
    /// Runs the setup in one transaction and checks that every query key is in the catalog before committing.
    /// </summary>
    public async Task ApplyAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var connection = _dataSource is not null
            ? await _dataSource.OpenConnectionAsync(cancellationToken)
            : await OpenConnectionAsync(_connectionString!, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var command = new NpgsqlCommand(Script, connection, transaction))
        {
            // Waiting for a concurrent setup (advisory lock) is part of this command.
            command.CommandTimeout = 300;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT querykey FROM orleans.orleansquery", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                present.Add(reader.GetString(0));
            }
        }

        var missing = AllQueryKeys.Where(key => !present.Contains(key)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException(
                $"Orleans database setup did not write the query keys: {string.Join(", ", missing)}.");
        }

        await transaction.CommitAsync(cancellationToken);
        LogApplied(_logger, connection.Database, present.Count, stopwatch.ElapsedMilliseconds);
    }

    private static async Task<NpgsqlConnection> OpenConnectionAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static string LoadScript()
    {
        using var stream = typeof(OrleansDatabaseSetup).Assembly.GetManifestResourceStream(ScriptResourceName)
            ?? throw new InvalidOperationException(
                $"Embedded resource '{ScriptResourceName}' is missing from {typeof(OrleansDatabaseSetup).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Orleans database setup applied to database {Database}: {QueryCount} query keys in orleans.orleansquery ({ElapsedMs} ms).")]
    private static partial void LogApplied(ILogger logger, string database, int queryCount, long elapsedMs);
}
