using System.Net;
using EGov.Host.Orleans;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;
using Xunit;
using static EGov.Host.Tests.Orleans.ProviderParameter;

namespace EGov.Host.Tests.Orleans;

/// <summary>One database with the Orleans setup applied, shared by the membership query tests (each uses its own cluster id).</summary>
public sealed class OrleansSetupDatabase : IAsyncLifetime
{
    public string PlatformConnectionString { get; private set; } = "";

    public string OrleansConnectionString { get; private set; } = "";

    /// <summary>The same database in sessions with <c>plpgsql.check_asserts = off</c> (contract test A6).</summary>
    public string OrleansConnectionStringWithoutAsserts { get; private set; } = "";

    internal StoredQueries Queries { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        PlatformConnectionString = await OrleansTestDatabase.CreateWithSetupAsync("orl_membership");
        OrleansConnectionString = OrleansDatabaseSetup.BuildOrleansConnectionString(PlatformConnectionString);
        OrleansConnectionStringWithoutAsserts = new NpgsqlConnectionStringBuilder(OrleansConnectionString)
        {
            Options = "-c plpgsql.check_asserts=off",
        }.ConnectionString;
        Queries = await StoredQueries.LoadAsync(OrleansConnectionString);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public string ConnectionString(bool checkAssertsOff) =>
        checkAssertsOff ? OrleansConnectionStringWithoutAsserts : OrleansConnectionString;
}

/// <summary>
/// Contract test plan A2–A10, against the stored query texts, driven through the provider's public
/// <see cref="AdoNetClusteringTable"/> and <see cref="AdoNetGatewayListProvider"/> where the provider
/// exposes the behaviour, and through the stored texts with the provider's parameter names and types otherwise.
/// </summary>
public sealed class MembershipQueryTests(OrleansSetupDatabase database) : IClassFixture<OrleansSetupDatabase>
{
    private static readonly DateTime Now = Microseconds(DateTime.UtcNow);

    [Fact]
    public async Task A2_insert_membership_version_creates_version_zero_once()
    {
        var clusterId = NewClusterId();

        Assert.True(await database.Queries.ExecuteBooleanAsync("InsertMembershipVersionKey", String("DeploymentId", clusterId)));
        Assert.Equal(0, await VersionAsync(clusterId));
        Assert.False(await database.Queries.ExecuteBooleanAsync("InsertMembershipVersionKey", String("DeploymentId", clusterId)));
        Assert.Equal(0, await VersionAsync(clusterId));
        Assert.Equal(1L, await OrleansTestDatabase.ScalarAsync(database.PlatformConnectionString,
            "SELECT count(*) FROM orleans.membership_version WHERE deployment_id = $1", clusterId));

        // Silos starting together: exactly one creates the row.
        var racing = NewClusterId();
        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            database.Queries.ExecuteBooleanAsync("InsertMembershipVersionKey", String("DeploymentId", racing))));
        Assert.Single(created, won => won);
        Assert.Equal(0, await VersionAsync(racing));

        // Through the provider: silo start calls it again; no error, same version.
        var table = ClusteringTables.Create(database.OrleansConnectionString, clusterId);
        await table.InitializeMembershipTableAsync(true, TestContext.Current.CancellationToken);
        await table.InitializeMembershipTableAsync(true, TestContext.Current.CancellationToken);
        var data = await table.ReadAllAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, data.Version.Version);
        Assert.Equal("0", data.Version.VersionEtag);
        Assert.Empty(data.Members);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A3_A6_insert_membership_is_conditional_and_atomic(bool checkAssertsOff)
    {
        var clusterId = NewClusterId();
        var table = await NewTableAsync(clusterId, checkAssertsOff);
        var silo1 = Entry(11111, 1, SiloStatus.Joining);

        // Current version: inserted, version +1, SuspectTimes NULL.
        var before = await table.ReadAllAsync(TestContext.Current.CancellationToken);
        Assert.True(await table.InsertRowAsync(silo1, before.Version.Next(), TestContext.Current.CancellationToken));
        Assert.Equal(1, await VersionAsync(clusterId));
        var row = Assert.Single(await MemberRowsAsync(clusterId));
        Assert.Null(row["suspect_times"]);
        Assert.Equal(silo1.SiloName, row["silo_name"]);
        Assert.Equal((int)SiloStatus.Joining, row["status"]);

        // Stale version: false, nothing changed.
        var silo2 = Entry(11112, 1, SiloStatus.Joining);
        Assert.False(await table.InsertRowAsync(silo2, before.Version.Next(), TestContext.Current.CancellationToken));
        Assert.Equal(1, await VersionAsync(clusterId));
        Assert.Single(await MemberRowsAsync(clusterId));

        // Same primary key with the current version: false and the version is NOT bumped (rolled back).
        var current = await table.ReadAllAsync(TestContext.Current.CancellationToken);
        Assert.False(await table.InsertRowAsync(Entry(11111, 1, SiloStatus.Active), current.Version.Next(), TestContext.Current.CancellationToken));
        Assert.Equal(1, await VersionAsync(clusterId));
        row = Assert.Single(await MemberRowsAsync(clusterId));
        Assert.Equal((int)SiloStatus.Joining, row["status"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A4_A6_update_membership_is_conditional_and_changes_only_its_columns(bool checkAssertsOff)
    {
        var clusterId = NewClusterId();
        var table = await NewTableAsync(clusterId, checkAssertsOff);
        var original = Entry(11111, 7, SiloStatus.Joining);
        await InsertAsync(table, original);
        var voter = SiloAddress.New(IPAddress.Loopback, 22222, 3);

        // Current version: true, version +1, only Status, SuspectTimes and IAmAliveTime change.
        var data = await table.ReadAllAsync(TestContext.Current.CancellationToken);
        var (entry, etag) = data.Members.Single();
        entry.Status = SiloStatus.Active;
        entry.IAmAliveTime = Now.AddSeconds(5);
        entry.AddSuspector(voter, Now.AddSeconds(4));
        entry.SiloName = "renamed";
        entry.HostName = "other-host";
        entry.ProxyPort = 9;
        entry.StartTime = Now.AddHours(-1);
        Assert.True(await table.UpdateRowAsync(entry, etag, data.Version.Next(), TestContext.Current.CancellationToken));
        Assert.Equal(2, await VersionAsync(clusterId));
        var row = Assert.Single(await MemberRowsAsync(clusterId));
        Assert.Equal((int)SiloStatus.Active, row["status"]);
        Assert.Equal(Now.AddSeconds(5), row["i_am_alive_time"]);
        Assert.Contains(voter.ToParsableString(), (string)row["suspect_times"]!, StringComparison.Ordinal);
        Assert.Equal(original.SiloName, row["silo_name"]);
        Assert.Equal(original.HostName, row["host_name"]);
        Assert.Equal(original.ProxyPort, row["proxy_port"]);
        Assert.Equal(original.StartTime, row["start_time"]);

        // The provider reads the vote back.
        var reread = (await table.ReadAllAsync(TestContext.Current.CancellationToken)).Members.Single().Item1;
        Assert.NotNull(reread.SuspectTimes);
        var vote = Assert.Single(reread.SuspectTimes);
        Assert.Equal(voter, vote.Item1);

        // Stale version: false, nothing changed.
        entry.Status = SiloStatus.Dead;
        Assert.False(await table.UpdateRowAsync(entry, etag, data.Version.Next(), TestContext.Current.CancellationToken));
        Assert.Equal(2, await VersionAsync(clusterId));
        Assert.Equal((int)SiloStatus.Active, Assert.Single(await MemberRowsAsync(clusterId))["status"]);

        // Missing row with the current version: false, version unchanged.
        data = await table.ReadAllAsync(TestContext.Current.CancellationToken);
        var missing = Entry(11119, 1, SiloStatus.Active);
        Assert.False(await table.UpdateRowAsync(missing, data.Version.VersionEtag, data.Version.Next(), TestContext.Current.CancellationToken));
        Assert.Equal(2, await VersionAsync(clusterId));
        Assert.Single(await MemberRowsAsync(clusterId));

        // NULL SuspectTimes accepted (the stored text, with the provider's parameter types).
        var queries = await StoredQueries.LoadAsync(database.ConnectionString(checkAssertsOff));
        Assert.True(await queries.ExecuteBooleanAsync("UpdateMembershipKey",
            String("DeploymentId", clusterId),
            AnsiString("Address", "127.0.0.1"),
            Int32("Port", 11111),
            Int32("Generation", 7),
            Int32("Status", (int)SiloStatus.Active),
            String("SuspectTimes", null),
            UtcDateTime("IAmAliveTime", Now.AddSeconds(6)),
            Int32("Version", 2)));
        Assert.Equal(3, await VersionAsync(clusterId));
        Assert.Null(Assert.Single(await MemberRowsAsync(clusterId))["suspect_times"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A5_A6_parallel_writers_with_the_same_version_have_exactly_one_winner(bool checkAssertsOff)
    {
        const int writers = 8;
        var clusterId = NewClusterId();
        var tables = new List<AdoNetClusteringTable>();
        for (var i = 0; i < writers; i++)
        {
            tables.Add(await NewTableAsync(clusterId, checkAssertsOff));
        }

        // Inserts of different silos against the same version.
        var start = await tables[0].ReadAllAsync(TestContext.Current.CancellationToken);
        var inserted = await Task.WhenAll(tables.Select((table, i) =>
            table.InsertRowAsync(Entry(12000 + i, 1, SiloStatus.Joining), start.Version.Next(), TestContext.Current.CancellationToken)));
        Assert.Single(inserted, won => won);
        Assert.Equal(1, await VersionAsync(clusterId));
        Assert.Single(await MemberRowsAsync(clusterId));

        // Updates of the same silo against the same version.
        var data = await tables[0].ReadAllAsync(TestContext.Current.CancellationToken);
        var (member, etag) = data.Members.Single();
        var updated = await Task.WhenAll(tables.Select((table, i) =>
        {
            var entry = Entry(member.SiloAddress.Endpoint.Port, member.SiloAddress.Generation, SiloStatus.Active);
            entry.IAmAliveTime = Now.AddSeconds(i);
            return table.UpdateRowAsync(entry, etag, data.Version.Next(), TestContext.Current.CancellationToken);
        }));
        Assert.Single(updated, won => won);
        Assert.Equal(2, await VersionAsync(clusterId));
    }

    [Fact]
    public async Task A6_sessions_really_run_with_check_asserts_off()
    {
        await using var connection = new NpgsqlConnection(database.OrleansConnectionStringWithoutAsserts);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_setting('plpgsql.check_asserts')", connection);
        Assert.Equal("off", await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A7_heartbeat_changes_only_the_heartbeat_and_ignores_missing_rows()
    {
        var clusterId = NewClusterId();
        var table = await NewTableAsync(clusterId);
        var entry = Entry(11111, 1, SiloStatus.Joining);
        await InsertAsync(table, entry);
        var before = Assert.Single(await MemberRowsAsync(clusterId));

        entry.IAmAliveTime = Now.AddMinutes(1);
        entry.Status = SiloStatus.Dead;
        entry.SiloName = "ignored";
        await table.UpdateIAmAliveAsync(entry, TestContext.Current.CancellationToken);

        var after = Assert.Single(await MemberRowsAsync(clusterId));
        Assert.Equal(Now.AddMinutes(1), after["i_am_alive_time"]);
        Assert.Equal(1, await VersionAsync(clusterId));
        foreach (var column in before.Keys.Where(column => column != "i_am_alive_time"))
        {
            Assert.Equal(before[column], after[column]);
        }

        await table.UpdateIAmAliveAsync(Entry(19999, 1, SiloStatus.Active), TestContext.Current.CancellationToken);
        Assert.Single(await MemberRowsAsync(clusterId));
        Assert.Equal(1, await VersionAsync(clusterId));
    }

    [Fact]
    public async Task A8_reads_return_rows_and_version_from_one_snapshot()
    {
        var clusterId = NewClusterId();
        var table = await NewTableAsync(clusterId);

        // No members: exactly one row with the version and NULL member columns.
        var empty = Assert.Single(await database.Queries.ExecuteAsync("MembershipReadAllKey", String("DeploymentId", clusterId)));
        Assert.Equal(0, empty["Version"]);
        foreach (var column in new[] { "Address", "Port", "Generation", "SiloName", "HostName", "Status", "ProxyPort", "SuspectTimes", "StartTime", "IAmAliveTime" })
        {
            Assert.Null(empty[column]);
        }

        var entries = new[] { Entry(11111, 1, SiloStatus.Active), Entry(11112, 1, SiloStatus.Joining), Entry(11113, 2, SiloStatus.Active) };
        foreach (var entry in entries)
        {
            await InsertAsync(table, entry);
        }

        var other = NewClusterId();
        await InsertAsync(await NewTableAsync(other), Entry(11114, 1, SiloStatus.Active));

        var rows = await database.Queries.ExecuteAsync("MembershipReadAllKey", String("DeploymentId", clusterId));
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal(3, row["Version"]));

        var data = await table.ReadAllAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, data.Version.Version);
        Assert.Equal(3, data.Members.Count);
        Assert.All(data.Members, member => Assert.Equal("3", member.Item2));
        foreach (var expected in entries)
        {
            var actual = data.Members.Single(member => member.Item1.SiloAddress.Equals(expected.SiloAddress)).Item1;
            Assert.Equal(expected.Status, actual.Status);
            Assert.Equal(expected.SiloName, actual.SiloName);
            Assert.Equal(expected.HostName, actual.HostName);
            Assert.Equal(expected.ProxyPort, actual.ProxyPort);
            Assert.Equal(expected.StartTime, actual.StartTime);
            Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
            Assert.Empty(actual.SuspectTimes ?? []);
        }

        // One row, present and absent.
        var present = await table.ReadRowAsync(entries[1].SiloAddress, TestContext.Current.CancellationToken);
        Assert.Equal(entries[1].SiloAddress, Assert.Single(present.Members).Item1.SiloAddress);
        Assert.Equal(3, present.Version.Version);

        var absentAddress = SiloAddress.New(IPAddress.Loopback, 11111, 99);
        var absent = await table.ReadRowAsync(absentAddress, TestContext.Current.CancellationToken);
        Assert.Empty(absent.Members);
        Assert.Equal(3, absent.Version.Version);
        var absentRow = Assert.Single(await database.Queries.ExecuteAsync("MembershipReadRowKey",
            String("DeploymentId", clusterId), AnsiString("Address", "127.0.0.1"), Int32("Port", 11111), Int32("Generation", 99)));
        Assert.Equal(3, absentRow["Version"]);
        Assert.Null(absentRow["StartTime"]);
        Assert.Null(absentRow["Address"]);

        // An unknown cluster has no version row: no rows at all.
        Assert.Empty(await database.Queries.ExecuteAsync("MembershipReadAllKey", String("DeploymentId", NewClusterId())));
    }

    [Fact]
    public async Task A9_gateways_are_only_active_silos_with_a_proxy_port()
    {
        var clusterId = NewClusterId();
        var table = await NewTableAsync(clusterId);
        var activeGateway = Entry(11111, 1, SiloStatus.Active);
        var activeNoGateway = Entry(11112, 1, SiloStatus.Active);
        activeNoGateway.ProxyPort = 0;
        var joining = Entry(11113, 1, SiloStatus.Joining);
        var dead = Entry(11114, 1, SiloStatus.Dead);
        foreach (var entry in new[] { activeGateway, activeNoGateway, joining, dead })
        {
            await InsertAsync(table, entry);
        }

        var rows = await database.Queries.ExecuteAsync("GatewaysQueryKey",
            String("DeploymentId", clusterId), Int32("Status", (int)SiloStatus.Active));
        var row = Assert.Single(rows);
        Assert.Equal("127.0.0.1", row["Address"]);
        Assert.Equal(activeGateway.ProxyPort, row["ProxyPort"]);
        Assert.Equal(1, row["Generation"]);

        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceProviderStub(),
            Options.Create(new AdoNetClusteringClientOptions
            {
                Invariant = OrleansDatabaseSetup.Invariant,
                ConnectionString = database.OrleansConnectionString,
            }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "egov-tests" }));
        await gateways.InitializeGatewayListProviderAsync(TestContext.Current.CancellationToken);
        var uri = Assert.Single(await gateways.GetGatewaysAsync(TestContext.Current.CancellationToken));
        Assert.Equal(activeGateway.ProxyPort, uri.Port);
        Assert.Equal("127.0.0.1", uri.Host);
    }

    [Fact]
    public async Task A10_provider_cleanup_removes_only_expired_dead_rows_and_never_touches_the_version()
    {
        var clusterId = NewClusterId();
        var table = await NewTableAsync(clusterId);
        var old = Now.AddHours(-2);
        var cutoff = Now.AddHours(-1);
        var voter = SiloAddress.New(IPAddress.Loopback, 30000, 1);

        var deadOld = Entry(11111, 1, SiloStatus.Dead, old);
        var deadOldWithOldVote = Entry(11112, 1, SiloStatus.Dead, old);
        var deadRecentHeartbeat = Entry(11113, 1, SiloStatus.Dead, old);
        deadRecentHeartbeat.IAmAliveTime = Now;
        var deadOldWithRecentVote = Entry(11114, 1, SiloStatus.Dead, old);
        var activeOld = Entry(11115, 1, SiloStatus.Active, old);
        foreach (var entry in new[] { deadOld, deadOldWithOldVote, deadRecentHeartbeat, deadOldWithRecentVote, activeOld })
        {
            await InsertAsync(table, entry);
        }

        await UpdateAsync(table, deadOldWithOldVote.SiloAddress, entry => entry.AddSuspector(voter, old.AddMinutes(1)));
        await UpdateAsync(table, deadOldWithRecentVote.SiloAddress, entry => entry.AddSuspector(voter, Now));
        var version = await VersionAsync(clusterId);

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(cutoff), TestContext.Current.CancellationToken);

        await AssertPortsAsync(clusterId, 11113, 11114, 11115);
        Assert.Equal(version, await VersionAsync(clusterId));
    }

    [Fact]
    public async Task A10_per_row_cleanup_deletes_only_the_row_it_captured()
    {
        var clusterId = NewClusterId();
        var table = await NewTableAsync(clusterId);
        var old = Now.AddHours(-2);
        var voter = SiloAddress.New(IPAddress.Loopback, 30000, 1);
        var heartbeatMoved = Entry(11111, 1, SiloStatus.Dead, old);
        var voteAdded = Entry(11112, 1, SiloStatus.Dead, old);
        var unchanged = Entry(11113, 1, SiloStatus.Dead, old);
        var active = Entry(11114, 1, SiloStatus.Active, old);
        foreach (var entry in new[] { heartbeatMoved, voteAdded, unchanged, active })
        {
            await InsertAsync(table, entry);
        }

        var captured = (await table.ReadAllAsync(TestContext.Current.CancellationToken)).Members.Select(member => member.Item1).ToList();
        var version = await VersionAsync(clusterId);

        // Changes after capture.
        var moved = Entry(11111, 1, SiloStatus.Dead, old);
        moved.IAmAliveTime = old.AddMinutes(5);
        await table.UpdateIAmAliveAsync(moved, TestContext.Current.CancellationToken);
        await UpdateAsync(table, voteAdded.SiloAddress, entry => entry.AddSuspector(voter, old.AddMinutes(1)));
        version++;

        foreach (var entry in captured)
        {
            await CleanupOneAsync(clusterId, entry, suspectTimes: null);
        }

        await AssertPortsAsync(clusterId, 11111, 11112, 11114);
        Assert.Equal(version, await VersionAsync(clusterId));

        // NULL and empty SuspectTimes are the same "no votes".
        var current = (await table.ReadAllAsync(TestContext.Current.CancellationToken)).Members
            .Single(member => member.Item1.SiloAddress.Equals(heartbeatMoved.SiloAddress)).Item1;
        await CleanupOneAsync(clusterId, current, suspectTimes: "");
        await AssertPortsAsync(clusterId, 11112, 11114);

        // With the votes it now has, the voted row goes too; the Active row never does.
        var votedRow = Assert.Single(await MemberRowsAsync(clusterId), row => (int)row["port"]! == 11112);
        var voted = (await table.ReadAllAsync(TestContext.Current.CancellationToken)).Members
            .Single(member => member.Item1.SiloAddress.Equals(voteAdded.SiloAddress)).Item1;
        await CleanupOneAsync(clusterId, voted, suspectTimes: (string)votedRow["suspect_times"]!);
        var activeNow = (await table.ReadAllAsync(TestContext.Current.CancellationToken)).Members.Single().Item1;
        await CleanupOneAsync(clusterId, activeNow, suspectTimes: null);
        await AssertPortsAsync(clusterId, 11114);
        Assert.Equal(version, await VersionAsync(clusterId));
    }

    [Fact]
    public async Task A10_bulk_cleanup_removes_expired_dead_rows_without_votes_only()
    {
        var clusterId = NewClusterId();
        var table = await NewTableAsync(clusterId);
        var old = Now.AddHours(-2);
        var cutoff = Now.AddHours(-1);
        var deadOld = Entry(11111, 1, SiloStatus.Dead, old);
        var deadOldVoted = Entry(11112, 1, SiloStatus.Dead, old);
        var deadRecent = Entry(11113, 1, SiloStatus.Dead, Now);
        var stoppingOld = Entry(11114, 1, SiloStatus.Stopping, old);
        var activeOld = Entry(11115, 1, SiloStatus.Active, old);
        foreach (var entry in new[] { deadOld, deadOldVoted, deadRecent, stoppingOld, activeOld })
        {
            await InsertAsync(table, entry);
        }

        await UpdateAsync(table, deadOldVoted.SiloAddress, entry => entry.AddSuspector(SiloAddress.New(IPAddress.Loopback, 30000, 1), old));
        var version = await VersionAsync(clusterId);

        await database.Queries.ExecuteAsync("CleanupDefunctSiloEntriesKey",
            String("DeploymentId", clusterId), UtcDateTime("IAmAliveTime", cutoff));

        await AssertPortsAsync(clusterId, 11112, 11113, 11114, 11115);
        Assert.Equal(version, await VersionAsync(clusterId));
    }

    [Fact]
    public async Task Delete_membership_table_entries_removes_one_cluster_completely()
    {
        var clusterId = NewClusterId();
        var otherId = NewClusterId();
        var table = await NewTableAsync(clusterId);
        var other = await NewTableAsync(otherId);
        await InsertAsync(table, Entry(11111, 1, SiloStatus.Active));
        await InsertAsync(table, Entry(11112, 1, SiloStatus.Dead));
        await InsertAsync(other, Entry(11111, 1, SiloStatus.Active));

        await table.DeleteMembershipTableEntriesAsync(clusterId, TestContext.Current.CancellationToken);

        Assert.Empty(await MemberRowsAsync(clusterId));
        Assert.Null(await OrleansTestDatabase.ScalarAsync(database.PlatformConnectionString,
            "SELECT version FROM orleans.membership_version WHERE deployment_id = $1", clusterId));
        Assert.Single(await MemberRowsAsync(otherId));
        Assert.Equal(1, await VersionAsync(otherId));
    }

    private async Task CleanupOneAsync(string clusterId, MembershipEntry captured, string? suspectTimes) =>
        await database.Queries.ExecuteAsync("CleanupDefunctSiloEntryKey",
            String("DeploymentId", clusterId),
            AnsiString("Address", captured.SiloAddress.Endpoint.Address.ToString()),
            Int32("Port", captured.SiloAddress.Endpoint.Port),
            Int32("Generation", captured.SiloAddress.Generation),
            UtcDateTime("StartTime", captured.StartTime),
            UtcDateTime("IAmAliveTime", captured.IAmAliveTime),
            String("SuspectTimes", suspectTimes));

    private async Task<AdoNetClusteringTable> NewTableAsync(string clusterId, bool checkAssertsOff = false)
    {
        var table = ClusteringTables.Create(database.ConnectionString(checkAssertsOff), clusterId);
        await table.InitializeMembershipTableAsync(true, TestContext.Current.CancellationToken);
        return table;
    }

    private static async Task InsertAsync(AdoNetClusteringTable table, MembershipEntry entry)
    {
        var data = await table.ReadAllAsync(TestContext.Current.CancellationToken);
        Assert.True(await table.InsertRowAsync(entry, data.Version.Next(), TestContext.Current.CancellationToken));
    }

    private static async Task UpdateAsync(AdoNetClusteringTable table, SiloAddress silo, Action<MembershipEntry> change)
    {
        var data = await table.ReadAllAsync(TestContext.Current.CancellationToken);
        var (entry, etag) = data.Members.Single(member => member.Item1.SiloAddress.Equals(silo));
        change(entry);
        Assert.True(await table.UpdateRowAsync(entry, etag, data.Version.Next(), TestContext.Current.CancellationToken));
    }

    private async Task<int?> VersionAsync(string clusterId) =>
        (int?)await OrleansTestDatabase.ScalarAsync(database.PlatformConnectionString,
            "SELECT version FROM orleans.membership_version WHERE deployment_id = $1", clusterId);

    private async Task AssertPortsAsync(string clusterId, params int[] expected) =>
        Assert.Equal(expected, await PortsAsync(clusterId));

    private async Task<int[]> PortsAsync(string clusterId) =>
        [.. (await MemberRowsAsync(clusterId)).Select(row => (int)row["port"]!).Order()];

    private Task<List<Dictionary<string, object?>>> MemberRowsAsync(string clusterId) =>
        OrleansTestDatabase.RowsAsync(database.PlatformConnectionString,
            "SELECT * FROM orleans.membership WHERE deployment_id = $1 ORDER BY port, generation", clusterId);

    private static MembershipEntry Entry(int port, int generation, SiloStatus status, DateTime? time = null) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, generation),
        SiloName = $"silo-{port}-{generation}",
        HostName = "egov-test-host",
        Status = status,
        ProxyPort = port + 1000,
        StartTime = time ?? Now,
        IAmAliveTime = time ?? Now,
        SuspectTimes = [],
    };

    private static string NewClusterId() => $"test-{Guid.NewGuid():N}";

    /// <summary>PostgreSQL keeps microseconds; compare round-tripped times at that precision.</summary>
    private static DateTime Microseconds(DateTime value) =>
        new(value.Ticks - value.Ticks % 10, DateTimeKind.Utc);

    private sealed class ServiceProviderStub : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
