using System.Net;
using System.Net.Http.Json;
using EGov.Agencies.Contracts;
using EGov.Agencies.Domain;
using EGov.Agencies.Features.Registry;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Events;
using EGov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Agencies.Tests;

/// <summary>
/// Outbox and inbox, proven on the agency registry: the event leaves only with its state change, reaches every
/// subscribing module once however often it is delivered, and survives a dispatcher stop and a database restart.
/// </summary>
public sealed class EventDeliveryTests
{
    private static readonly string[] CopySchemas = ["g2c", "g2b", "g2e"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rolled_back_change_leaves_no_event()
    {
        await using var platform = await PlatformFactory.StartAsync("rollback");
        var code = "RB" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AgenciesDb>();
            var outboxBefore = await db.OutboxMessages.CountAsync(Ct);
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var agency = Agency.Register(code, new AgencyDetails("Rolled Back Office", AgencyLevel.National, null, null), DateTimeOffset.UtcNow);
            db.Agencies.Add(agency);
            db.Publish(new AgencyRegistered(AgencyResponse.Snapshot(agency)));
            await db.SaveChangesAsync(Ct);
            Assert.Equal(outboxBefore + 1, await db.OutboxMessages.CountAsync(Ct));
            await transaction.RollbackAsync(Ct);
        }

        var cs = platform.ConnectionString;
        Assert.Equal(0, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.agencies WHERE code = @c", ("c", code)));
        Assert.Equal(0, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.outbox_messages WHERE payload->'agency'->>'code' = @c", ("c", code)));

        // A failed save (the code already exists) leaves no event either.
        using var admin = await platform.ClientForAsync("admin.jan");
        var pendingBefore = await Database.CountAsync(cs, "SELECT count(*) FROM g2g.outbox_messages");
        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AgenciesDb>();
            var duplicate = Agency.Register("NCR", new AgencyDetails("Duplicate", AgencyLevel.National, null, null), DateTimeOffset.UtcNow);
            db.Agencies.Add(duplicate);
            db.Publish(new AgencyRegistered(AgencyResponse.Snapshot(duplicate)));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        }

        Assert.Equal(pendingBefore, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.outbox_messages"));
    }

    [Fact]
    public async Task The_same_event_delivered_twice_has_one_effect()
    {
        await using var platform = await PlatformFactory.StartAsync("twice", new Dictionary<string, string?> { ["Outbox:DispatcherEnabled"] = "false" });
        var code = "TW" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var envelope = new IntegrationEventEnvelope(
            Guid.NewGuid(),
            "AgencyRegistered",
            "g2g",
            $$$"""{"agency":{"code":"{{{code}}}","name":"Twice Office","level":"national","parentCode":null,"contactEmail":null,"status":"active","version":1}}""",
            DateTimeOffset.UtcNow,
            null);

        var subscriptions = platform.Services.GetServices<IntegrationEventSubscription>()
            .Where(s => s.EventType == "AgencyRegistered")
            .ToList();
        Assert.Equal(CopySchemas.Order(), subscriptions.Select(s => s.Consumer.Split('.')[0]).Order());

        foreach (var subscription in subscriptions)
        {
            Assert.True(await subscription.Deliver(platform.Services, envelope, Ct));
            Assert.False(await subscription.Deliver(platform.Services, envelope, Ct));
        }

        // And concurrently, as two dispatchers on two nodes would.
        var concurrent = await Task.WhenAll(subscriptions.Select(s => s.Deliver(platform.Services, envelope, Ct)));
        Assert.All(concurrent, Assert.False);

        var cs = platform.ConnectionString;
        foreach (var schema in CopySchemas)
        {
            Assert.Equal(1, await Database.CountAsync(cs, $"SELECT count(*) FROM {schema}.agencies WHERE code = @c", ("c", code)));
            Assert.Equal(1, await Database.CountAsync(cs, $"SELECT count(*) FROM {schema}.inbox_messages WHERE event_id = @id", ("id", envelope.EventId)));
        }
    }

    [Fact]
    public async Task A_redelivered_outbox_message_changes_nothing()
    {
        await using var platform = await PlatformFactory.StartAsync("redeliver");
        var code = "RD" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        using var admin = await platform.ClientForAsync("admin.jan");
        (await admin.PostAsJsonAsync("/api/g2g/agencies", new { code, name = "Redelivery Office", level = "national" }, Ct)).EnsureSuccessStatusCode();
        var cs = platform.ConnectionString;
        Assert.True(await Database.EventuallyAsync(() => AllCopiedAsync(cs, [code])));

        // An operator (or a crash before the mark) makes the dispatcher send it again.
        Assert.Equal(1, await Database.ExecuteAsync(cs,
            "UPDATE g2g.outbox_messages SET dispatched_at = NULL WHERE payload->'agency'->>'code' = @c", ("c", code)));
        Assert.True(await Database.EventuallyAsync(async () => await Database.CountAsync(cs,
            "SELECT count(*) FROM g2g.outbox_messages WHERE dispatched_at IS NULL AND payload->'agency'->>'code' = @c", ("c", code)) == 0));
        Assert.Equal(2, await Database.CountAsync(cs, "SELECT attempts FROM g2g.outbox_messages WHERE payload->'agency'->>'code' = @c", ("c", code)));

        foreach (var schema in CopySchemas)
        {
            Assert.Equal(1, await Database.CountAsync(cs, $"SELECT count(*) FROM {schema}.agencies WHERE code = @c", ("c", code)));
            Assert.Equal(1, await Database.CountAsync(cs,
                $"SELECT count(*) FROM {schema}.inbox_messages i JOIN g2g.outbox_messages o ON o.id = i.event_id WHERE o.payload->'agency'->>'code' = @c", ("c", code)));
        }
    }

    [Fact]
    public async Task Events_wait_in_the_outbox_while_no_dispatcher_runs_and_arrive_once_after_a_restart()
    {
        await using var stopped = await PlatformFactory.StartAsync("stopped", new Dictionary<string, string?> { ["Outbox:DispatcherEnabled"] = "false" });
        var codes = Enumerable.Range(0, 12).Select(i => $"DS{i:D2}{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}").ToList();
        using (var admin = await stopped.ClientForAsync("admin.jan"))
        {
            foreach (var code in codes)
            {
                (await admin.PostAsJsonAsync("/api/g2g/agencies", new { code, name = $"Office {code}", level = "municipal" }, Ct)).EnsureSuccessStatusCode();
            }
        }

        var cs = stopped.ConnectionString;
        Assert.Equal(codes.Count, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.outbox_messages WHERE dispatched_at IS NULL AND payload->'agency'->>'code' LIKE 'DS%'"));
        Assert.Equal(0, await Database.CountAsync(cs, "SELECT count(*) FROM g2c.agencies WHERE code LIKE 'DS%'"));
        await stopped.DisposeAsync();

        await using var restarted = stopped.Another(new Dictionary<string, string?> { ["Outbox:DispatcherEnabled"] = "true" });
        restarted.StartServer();
        Assert.True(await Database.EventuallyAsync(() => AllCopiedAsync(cs, codes)), "not every event arrived after the restart");
        await AssertExactlyOnceAsync(cs, "DS%", codes.Count);
    }

    [Fact]
    public async Task Every_event_arrives_once_across_a_PostgreSQL_restart_mid_stream()
    {
        await using var server = await PrivatePostgres.StartAsync();
        var cs = await server.CreateDatabaseAsync("restart");
        await using var platform = new PlatformFactory(cs);
        platform.StartServer();
        using var admin = await platform.ClientForAsync("admin.jan");

        var acknowledged = new List<string>();
        var restart = Task.Run(async () =>
        {
            await Task.Delay(400, Ct);
            await server.RestartAsync();
        }, Ct);

        for (var i = 0; i < 40; i++)
        {
            var code = $"PR{i:D2}{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
            try
            {
                using var response = await admin.PostAsJsonAsync("/api/g2g/agencies", new { code, name = $"Office {code}", level = "regional" }, Ct);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(code);
                }
            }
            catch (HttpRequestException)
            {
                // The request was cut by the restart; it was not acknowledged.
            }

            await Task.Delay(25, Ct);
        }

        await restart;
        Assert.NotEmpty(acknowledged);
        Assert.True(await Database.EventuallyAsync(() => AllCopiedAsync(cs, acknowledged), TimeSpan.FromSeconds(60)), "not every acknowledged event arrived");
        await AssertExactlyOnceAsync(cs, "PR%", await Database.CountAsync(cs, "SELECT count(*) FROM g2g.agencies WHERE code LIKE 'PR%'"));
    }

    private static async Task<bool> AllCopiedAsync(string cs, IReadOnlyList<string> codes)
    {
        foreach (var schema in CopySchemas)
        {
            var copied = await Database.CountAsync(cs, $"SELECT count(*) FROM {schema}.agencies WHERE code = ANY(@codes)", ("codes", codes.ToArray()));
            if (copied != codes.Count)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task AssertExactlyOnceAsync(string cs, string pattern, long expected)
    {
        foreach (var schema in CopySchemas)
        {
            Assert.Equal(expected, await Database.CountAsync(cs, $"SELECT count(*) FROM {schema}.agencies WHERE code LIKE @p", ("p", pattern)));
            Assert.Equal(expected, await Database.CountAsync(cs,
                $"SELECT count(*) FROM {schema}.inbox_messages i JOIN g2g.outbox_messages o ON o.id = i.event_id WHERE o.payload->'agency'->>'code' LIKE @p", ("p", pattern)));
        }
    }
}
