using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace EGov.Citizens.Tests;

/// <summary>
/// Two platform instances on one PostgreSQL form one Orleans cluster: a citizen's session has one activation
/// wherever the requests land, and when the node holding it stops, the session comes back on the other node
/// with everything that was acknowledged.
/// </summary>
public sealed class SessionClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_hosts_share_one_session_activation_and_survive_the_loss_of_a_node()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Orleans:Membership"] = "PostgreSQL",
            ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans:ClusterId"] = "egov-test-" + Guid.NewGuid().ToString("N")[..8],
        };
        await using var node1 = new PlatformFactory(await PostgresServer.CreateDatabaseAsync("cluster"), settings);
        node1.StartServer();
        await using var node2 = node1.Another();
        node2.StartServer();

        var management = node2.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        Assert.True(await Database.EventuallyAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2), "the two silos did not form one cluster");

        var service = "building-permit";
        using var viaNode1 = await node1.ClientForAsync("citizen.anna");
        using var viaNode2 = await node2.ClientForAsync("citizen.anna");
        (await viaNode1.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { fields = new { floors = 1 } }, Ct)).EnsureSuccessStatusCode();
        (await viaNode2.PutAsJsonAsync($"/api/g2c/session/drafts/{service}", new { fields = new { floors = 2 } }, Ct)).EnsureSuccessStatusCode();
        var read = await viaNode1.GetFromJsonAsync<JsonElement>($"/api/g2c/session/drafts/{service}", Ct);
        Assert.Equal(2, read.GetProperty("fields").GetProperty("floors").GetInt32());

        // Requests through both nodes reached one activation.
        var only = Assert.Single(await SessionActivationsAsync(management));
        Assert.Equal(1, only.ActivationCount);

        // The node holding the session leaves; the next call reactivates it on the survivor from PostgreSQL.
        var (holder, survivor, survivorClient) = only.SiloAddress.Equals(SiloOf(node1)) ? (node1, node2, viaNode2) : (node2, node1, viaNode1);
        var survivorManagement = survivor.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await holder.DisposeAsync();
        Assert.True(await Database.EventuallyAsync(async () => (await survivorManagement.GetHosts(onlyActive: true)).Count == 1), "the stopped silo did not leave");

        var after = await survivorClient.GetFromJsonAsync<JsonElement>($"/api/g2c/session/drafts/{service}", Ct);
        Assert.Equal(2, after.GetProperty("fields").GetProperty("floors").GetInt32());
        var moved = Assert.Single(await SessionActivationsAsync(survivorManagement));
        Assert.Equal(1, moved.ActivationCount);
        Assert.Equal(SiloOf(survivor), moved.SiloAddress);
    }

    private static async Task<List<SimpleGrainStatistic>> SessionActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("CitizenSessionGrain", StringComparison.Ordinal) && s.ActivationCount > 0)
            .ToList();

    private static SiloAddress SiloOf(PlatformFactory node) =>
        node.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
}
