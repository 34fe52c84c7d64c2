using EGov.Host.Tests.Orleans;
using EGov.Testing;
using Npgsql;

namespace EGov.Host.Tests.Faults;

/// <summary>
/// The outbox dispatcher interrupted in the middle of a batch — some subscribers of an event have applied it, the
/// batch is claimed and not yet marked — by stopping its host, and by terminating its connections. A lock held by
/// the test on one subscriber's table (<c>g2e.agencies</c>) holds the batch at that point, so the fault always
/// lands there. Afterwards every event is delivered and each effect exists exactly once (the inbox skips what was
/// already applied).
/// </summary>
[Collection(nameof(SiloTests))]
public sealed class DispatcherFaultTests
{
    private const int Registrations = 24;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_host_stopped_mid_batch_leaves_the_rest_to_the_next_host_and_nothing_is_applied_twice()
    {
        var (cs, prefix, codes, stopped) = await PendingRegistrationsAsync("dispatch_stop");
        await using var first = stopped.Another(new Dictionary<string, string?> { ["Outbox:DispatcherEnabled"] = "true", ["Outbox:BatchSize"] = "10" });
        await using (var blocker = await BlockAsync(cs, "g2e.agencies"))
        {
            first.StartServer();
            await MidBatchAsync(cs);

            // The host goes away while its batch waits: the claim rolls back, the g2c and g2b effects stay.
            await first.DisposeAsync();
        }

        Assert.True(await Database.CountAsync(cs, "SELECT count(*) FROM g2g.outbox_messages WHERE dispatched_at IS NULL") > 0);
        await using var second = stopped.Another(new Dictionary<string, string?> { ["Outbox:DispatcherEnabled"] = "true", ["Outbox:BatchSize"] = "10" });
        second.StartServer();
        await AllDeliveredOnceAsync(cs, prefix, codes);
    }

    [Fact]
    public async Task A_dispatcher_whose_connections_are_terminated_mid_batch_recovers_by_itself()
    {
        var (cs, prefix, codes, stopped) = await PendingRegistrationsAsync("dispatch_term");
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        await using var platform = stopped.Another(new Dictionary<string, string?> { ["Outbox:DispatcherEnabled"] = "true", ["Outbox:BatchSize"] = "10" });
        long terminated;
        await using (var blocker = await BlockAsync(cs, "g2e.agencies"))
        {
            platform.StartServer();
            await MidBatchAsync(cs);

            // Both the claiming connection (idle in transaction) and the waiting delivery are cut.
            terminated = await PrivatePostgres.TerminatePlatformBackendsAsync(PostgresServer.AdminConnectionString, database);
            Assert.True(terminated >= 2, $"{terminated} backends terminated");
        }

        // The same dispatcher, not a new one, delivers the rest.
        await AllDeliveredOnceAsync(cs, prefix, codes);
        TestContext.Current.TestOutputHelper?.WriteLine($"dispatcher terminate: {terminated} backends terminated mid-batch");
    }

    /// <summary>A platform without a dispatcher records <see cref="Registrations"/> registrations; their events wait.</summary>
    private static async Task<(string Cs, string Prefix, List<string> Codes, PlatformFactory Stopped)> PendingRegistrationsAsync(string name)
    {
        var platform = await PlatformFactory.StartAsync(name, new Dictionary<string, string?> { ["Outbox:DispatcherEnabled"] = "false" });
        var prefix = "DB" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var codes = Enumerable.Range(0, Registrations).Select(i => $"{prefix}{i:D3}").ToList();
        using (var admin = await platform.ClientForAsync("admin.jan"))
        {
            foreach (var code in codes)
            {
                var write = await Writers.RegisterAgencyAsync(admin, code);
                Assert.True(write.Acknowledged, $"{code}: {write.Status} {write.Body}");
            }
        }

        await platform.DisposeAsync();
        Assert.Equal(Registrations, await Database.CountAsync(platform.ConnectionString,
            "SELECT count(*) FROM g2g.outbox_messages WHERE dispatched_at IS NULL AND payload->'agency'->>'code' LIKE @p", ("p", prefix + "%")));
        return (platform.ConnectionString, prefix, codes, platform);
    }

    /// <summary>Holds a lock that makes inserts into <paramref name="table"/> wait until the connection is disposed.</summary>
    private static async Task<NpgsqlConnection> BlockAsync(string cs, string table)
    {
        var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand($"BEGIN; LOCK TABLE {table} IN EXCLUSIVE MODE", connection);
        await command.ExecuteNonQueryAsync(Ct);
        return connection;
    }

    /// <summary>Waits (bounded) until a delivery waits on the lock with the first event applied in g2c and g2b but not marked.</summary>
    private static async Task MidBatchAsync(string cs)
    {
        Assert.True(await Database.EventuallyAsync(async () => await Database.CountAsync(cs,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'egov-platform' AND wait_event_type = 'Lock'") > 0,
            TimeSpan.FromSeconds(60)), "no delivery reached the locked table");
        foreach (var schema in new[] { "g2c", "g2b" })
        {
            Assert.True(await Database.CountAsync(cs,
                $"SELECT count(*) FROM g2g.outbox_messages o WHERE o.dispatched_at IS NULL AND EXISTS (SELECT 1 FROM {schema}.inbox_messages i WHERE i.event_id = o.id)") > 0,
                $"no {schema} effect was applied ahead of the mark: the fault did not land mid-batch");
        }

        Assert.Equal(0, await Database.CountAsync(cs, "SELECT count(*) FROM g2e.inbox_messages"));
    }

    private static async Task AllDeliveredOnceAsync(string cs, string prefix, List<string> codes)
    {
        Assert.True(await Database.EventuallyAsync(async () =>
            await Database.CountAsync(cs, "SELECT count(*) FROM g2g.outbox_messages WHERE dispatched_at IS NULL") == 0,
            TimeSpan.FromSeconds(90)), "not every event was delivered after the fault");
        await ExactlyOnce.AgenciesAsync(cs, prefix, codes);

        // The demo agencies' events went through the same batches: one inbox row per event and consumer, no more.
        var events = await Database.CountAsync(cs, "SELECT count(*) FROM g2g.outbox_messages");
        foreach (var schema in ExactlyOnce.CopySchemas)
        {
            Assert.Equal(events, await Database.CountAsync(cs, $"SELECT count(*) FROM {schema}.inbox_messages"));
            Assert.Equal(0, await Database.CountAsync(cs, $"SELECT count(*) FROM (SELECT event_id FROM {schema}.inbox_messages GROUP BY event_id, consumer HAVING count(*) > 1) d"));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"dispatcher: {events} events (of them {codes.Count} registrations), each delivered once to 3 modules");
    }
}
