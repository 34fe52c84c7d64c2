using EGov.Host.Orleans;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;
using Xunit;

namespace EGov.Host.Tests.Orleans;

/// <summary>Contract test plan A1 and the search-path rule (contract 1.1).</summary>
public sealed class OrleansDatabaseSetupTests
{
    [Fact]
    public async Task Setup_twice_in_a_row_leaves_every_key_once()
    {
        var connectionString = await OrleansTestDatabase.CreateEmptyAsync("orl_setup_seq");
        var setup = new OrleansDatabaseSetup(connectionString);

        await setup.ApplyAsync(TestContext.Current.CancellationToken);
        await setup.ApplyAsync(TestContext.Current.CancellationToken);

        await AssertCatalogIsCompleteAsync(connectionString);
    }

    [Fact]
    public async Task Setup_run_concurrently_succeeds_everywhere_and_leaves_every_key_once()
    {
        var connectionString = await OrleansTestDatabase.CreateEmptyAsync("orl_setup_par");
        using var dataSource = NpgsqlDataSource.Create(connectionString);

        // Four at once on an empty database: schema, tables and routines do not exist yet.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => i % 2 == 0
            ? new OrleansDatabaseSetup(connectionString).ApplyAsync(TestContext.Current.CancellationToken)
            : new OrleansDatabaseSetup(dataSource).ApplyAsync(TestContext.Current.CancellationToken)));

        await AssertCatalogIsCompleteAsync(connectionString);
    }

    [Fact]
    public async Task Rerunning_setup_restores_changed_query_texts()
    {
        var connectionString = await OrleansTestDatabase.CreateWithSetupAsync("orl_setup_upsert");
        var before = await OrleansTestDatabase.ScalarAsync(
            connectionString, "SELECT querytext FROM orleans.orleansquery WHERE querykey = 'GatewaysQueryKey'");
        await OrleansTestDatabase.ScalarAsync(
            connectionString, "UPDATE orleans.orleansquery SET querytext = 'SELECT 1' WHERE querykey = 'GatewaysQueryKey'");

        await new OrleansDatabaseSetup(connectionString).ApplyAsync(TestContext.Current.CancellationToken);

        var after = await OrleansTestDatabase.ScalarAsync(
            connectionString, "SELECT querytext FROM orleans.orleansquery WHERE querykey = 'GatewaysQueryKey'");
        Assert.Equal(before, after);
        await AssertCatalogIsCompleteAsync(connectionString);
    }

    [Fact]
    public async Task Everything_lives_in_the_orleans_schema()
    {
        var connectionString = await OrleansTestDatabase.CreateWithSetupAsync("orl_setup_schema");

        var tables = await OrleansTestDatabase.RowsAsync(connectionString,
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 2");
        Assert.All(tables, row => Assert.Equal("orleans", row["table_schema"]));
        Assert.Equal(
            ["membership", "membership_version", "orleansquery", "reminders"],
            tables.Select(row => (string)row["table_name"]!));

        var routines = await OrleansTestDatabase.RowsAsync(connectionString,
            "SELECT n.nspname AS schema, p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 2");
        Assert.Equal(
            ["membership_insert_row", "membership_update_row"],
            routines.Select(row => (string)row["name"]!));
        Assert.All(routines, row => Assert.Equal("orleans", row["schema"]));
    }

    [Fact]
    public async Task The_catalog_is_found_only_with_orleans_on_the_search_path()
    {
        var platform = await OrleansTestDatabase.CreateWithSetupAsync("orl_setup_path");
        var orleans = OrleansDatabaseSetup.BuildOrleansConnectionString(platform);

        // The provider's own statement: unqualified, unquoted.
        var catalog = await StoredQueries.LoadAsync(orleans);
        Assert.Equal(OrleansDatabaseSetup.AllQueryKeys.Order(StringComparer.Ordinal), catalog.Texts.Keys.Order(StringComparer.Ordinal));

        var error = await Assert.ThrowsAsync<PostgresException>(() => StoredQueries.LoadAsync(platform));
        Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);
    }

    [Fact]
    public void The_orleans_connection_string_is_the_platform_one_with_search_path_orleans()
    {
        const string platform = "Host=db.example;Port=5433;Database=egov;Username=egov;Password=secret;Maximum Pool Size=20";

        var orleans = new NpgsqlConnectionStringBuilder(OrleansDatabaseSetup.BuildOrleansConnectionString(platform));

        Assert.Equal("orleans", orleans.SearchPath);
        Assert.Equal("db.example", orleans.Host);
        Assert.Equal(5433, orleans.Port);
        Assert.Equal("egov", orleans.Database);
        Assert.Equal("egov", orleans.Username);
        Assert.Equal("secret", orleans.Password);
        Assert.Equal(20, orleans.MaxPoolSize);
    }

    [Fact]
    public async Task A_missing_required_key_stops_the_provider_and_setup_puts_it_back()
    {
        var platform = await OrleansTestDatabase.CreateWithSetupAsync("orl_setup_missing");
        var orleans = OrleansDatabaseSetup.BuildOrleansConnectionString(platform);
        await OrleansTestDatabase.ScalarAsync(platform, "DELETE FROM orleans.orleansquery WHERE querykey = 'UpdateIAmAlivetimeKey'");

        var broken = ClusteringTables.Create(orleans, "missing-key");
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => broken.InitializeMembershipTableAsync(true, TestContext.Current.CancellationToken));
        Assert.Contains("UpdateIAmAlivetimeKey", error.Message, StringComparison.Ordinal);

        await new OrleansDatabaseSetup(platform).ApplyAsync(TestContext.Current.CancellationToken);
        await ClusteringTables.Create(orleans, "missing-key").InitializeMembershipTableAsync(true, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_setup_in_progress_does_not_block_running_silos()
    {
        var platform = await OrleansTestDatabase.CreateWithSetupAsync("orl_setup_live");
        var orleans = new NpgsqlConnectionStringBuilder(OrleansDatabaseSetup.BuildOrleansConnectionString(platform))
        {
            CommandTimeout = 3,
        }.ConnectionString;

        // Another instance is in the middle of its setup: the script ran, its transaction is still open.
        await using var connection = new NpgsqlConnection(platform);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var command = new NpgsqlCommand(OrleansDatabaseSetup.Script, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var table = ClusteringTables.Create(orleans, "busy");
        await table.InitializeMembershipTableAsync(true, TestContext.Current.CancellationToken);
        var data = await table.ReadAllAsync(TestContext.Current.CancellationToken);
        var entry = new global::Orleans.MembershipEntry
        {
            SiloAddress = global::Orleans.Runtime.SiloAddress.New(System.Net.IPAddress.Loopback, 11111, 1),
            SiloName = "silo",
            HostName = "host",
            Status = global::Orleans.Runtime.SiloStatus.Active,
            ProxyPort = 30000,
            StartTime = DateTime.UtcNow,
            IAmAliveTime = DateTime.UtcNow,
        };
        Assert.True(await table.InsertRowAsync(entry, data.Version.Next(), TestContext.Current.CancellationToken));
        await table.UpdateIAmAliveAsync(entry, TestContext.Current.CancellationToken);
        var queries = await StoredQueries.LoadAsync(orleans);
        await queries.ExecuteAsync("UpsertReminderRowKey",
            ProviderParameter.String("ServiceId", "busy"),
            ProviderParameter.AnsiString("GrainId", "citizensession/c1"),
            ProviderParameter.String("ReminderName", "r"),
            ProviderParameter.UtcDateTime("StartTime", DateTime.UtcNow),
            ProviderParameter.Int32("Period", 60_000),
            ProviderParameter.Int32("GrainHash", 7));

        await transaction.RollbackAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void The_embedded_script_takes_the_advisory_lock_first_and_has_no_transaction_control()
    {
        var statements = OrleansDatabaseSetup.Script
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal))
            .ToList();

        Assert.StartsWith("SELECT pg_advisory_xact_lock(", statements[0], StringComparison.Ordinal);
        Assert.DoesNotContain(statements, line => line.Equals("BEGIN;", StringComparison.OrdinalIgnoreCase)
            || line.Equals("COMMIT;", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task AssertCatalogIsCompleteAsync(string connectionString)
    {
        var keys = (await OrleansTestDatabase.RowsAsync(connectionString, "SELECT querykey FROM orleans.orleansquery"))
            .Select(row => (string)row["querykey"]!)
            .ToList();

        Assert.Equal(17, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(OrleansDatabaseSetup.AllQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.Equal(9, OrleansDatabaseSetup.RequiredClusteringQueryKeys.Count);
        Assert.Equal(7, OrleansDatabaseSetup.ReminderQueryKeys.Count);
        Assert.Contains("CleanupDefunctSiloEntryKey", keys);
    }
}

/// <summary>The provider's public clustering table over a given connection string and cluster id.</summary>
internal static class ClusteringTables
{
    public static AdoNetClusteringTable Create(string orleansConnectionString, string clusterId) =>
        new(
            new EmptyServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "egov-tests" }),
            Options.Create(new AdoNetClusteringSiloOptions
            {
                Invariant = OrleansDatabaseSetup.Invariant,
                ConnectionString = orleansConnectionString,
            }),
            NullLogger<AdoNetClusteringTable>.Instance);

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
