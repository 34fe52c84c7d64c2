using System.Data;
using System.Net;
using System.Net.Sockets;
using EGov.Host.Orleans;
using EGov.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Hosting;
using Xunit;

namespace EGov.Host.Tests.Orleans;

/// <summary>Databases for the Orleans tests: a fresh database per test, optionally with the Orleans setup applied.</summary>
internal static class OrleansTestDatabase
{
    /// <summary>Creates an empty database and returns its (platform) connection string.</summary>
    public static Task<string> CreateEmptyAsync(string prefix) => PostgresServer.CreateDatabaseAsync(prefix);

    /// <summary>Creates a database, applies <see cref="OrleansDatabaseSetup"/> and returns the platform connection string.</summary>
    public static async Task<string> CreateWithSetupAsync(string prefix)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync(prefix);
        await new OrleansDatabaseSetup(connectionString).ApplyAsync(TestContext.Current.CancellationToken);
        return connectionString;
    }

    /// <summary>Creates <c>&lt;schema&gt;.grain_state</c> exactly as the modules' migrations define it.</summary>
    public static async Task CreateGrainStateTableAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.grain_state
            (
                grain_type text NOT NULL,
                grain_id   text NOT NULL,
                version    bigint NOT NULL,
                state      jsonb NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (grain_type, grain_id)
            );
            """,
            connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql, params object?[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter ?? DBNull.Value });
        }

        var result = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return result is DBNull ? null : result;
    }

    public static async Task<List<Dictionary<string, object?>>> RowsAsync(string connectionString, string sql, params object?[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter ?? DBNull.Value });
        }

        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        return await StoredQueries.ReadAllRowsAsync(reader);
    }
}

/// <summary>
/// Executes the stored query texts the way the provider does: the text for a key, verbatim, as one command,
/// with the provider's parameter names (no prefix) and .NET/DbType types, in autocommit mode, reading every
/// row of every result set.
/// </summary>
internal sealed class StoredQueries
{
    private readonly string _orleansConnectionString;
    private readonly IReadOnlyDictionary<string, string> _texts;

    private StoredQueries(string orleansConnectionString, IReadOnlyDictionary<string, string> texts)
    {
        _orleansConnectionString = orleansConnectionString;
        _texts = texts;
    }

    public IReadOnlyDictionary<string, string> Texts => _texts;

    /// <summary>Loads the catalog with the provider's own statement (unqualified, unquoted table name).</summary>
    public static async Task<StoredQueries> LoadAsync(string orleansConnectionString)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(orleansConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            texts.Add(reader.GetString(reader.GetOrdinal("QueryKey")), reader.GetString(reader.GetOrdinal("QueryText")));
        }

        return new StoredQueries(orleansConnectionString, texts);
    }

    public async Task<List<Dictionary<string, object?>>> ExecuteAsync(string key, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(_orleansConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = _texts[key];
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        return await ReadAllRowsAsync(reader);
    }

    /// <summary>The provider's boolean rule: every row has exactly one column; the first row decides.</summary>
    public async Task<bool> ExecuteBooleanAsync(string key, params NpgsqlParameter[] parameters)
    {
        var rows = await ExecuteAsync(key, parameters);
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Single(row));
        var value = rows[0].Values.Single();
        Assert.NotNull(value);
        return Convert.ToBoolean(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static async Task<List<Dictionary<string, object?>>> ReadAllRowsAsync(NpgsqlDataReader reader)
    {
        var rows = new List<Dictionary<string, object?>>();
        do
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = await reader.IsDBNullAsync(i, TestContext.Current.CancellationToken) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }
        }
        while (await reader.NextResultAsync(TestContext.Current.CancellationToken));

        return rows;
    }
}

/// <summary>Parameters typed as the 10.4.2 providers bind them (contract 1.3).</summary>
internal static class ProviderParameter
{
    public static NpgsqlParameter String(string name, string? value) =>
        new() { ParameterName = name, DbType = DbType.String, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter AnsiString(string name, string value) =>
        new() { ParameterName = name, DbType = DbType.AnsiString, Value = value };

    public static NpgsqlParameter Int32(string name, int value) =>
        new() { ParameterName = name, DbType = DbType.Int32, Value = value };

    public static NpgsqlParameter Int64(string name, long value) =>
        new() { ParameterName = name, DbType = DbType.Int64, Value = value };

    public static NpgsqlParameter UtcDateTime(string name, DateTime value) =>
        new() { ParameterName = name, DbType = DbType.DateTime, Value = DateTime.SpecifyKind(value, DateTimeKind.Utc) };
}

/// <summary>Free TCP ports for silos (Orleans does not report a port already in use).</summary>
internal static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}

/// <summary>A bare <see cref="ISiloBuilder"/> over a service collection, to call silo-builder extensions without a silo.</summary>
internal sealed class ServiceCollectionSiloBuilder(IServiceCollection services) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();
}

/// <summary>A clock standing still at a chosen instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Silo tests start real silos; run them one at a time, after the parallel tests, on 2 cores.</summary>
[CollectionDefinition(nameof(SiloTests), DisableParallelization = true)]
public sealed class SiloTests;
