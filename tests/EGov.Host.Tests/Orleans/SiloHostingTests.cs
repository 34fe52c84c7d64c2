using System.Diagnostics;
using System.Globalization;
using System.Net;
using EGov.Host.Orleans;
using EGov.SharedKernel.Orleans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Xunit;

namespace EGov.Host.Tests.Orleans;

/// <summary>Real silos: the web host in Localhost mode, and a two-silo cluster on PostgreSQL membership.</summary>
[Collection(nameof(SiloTests))]
public sealed class SiloHostingTests
{
    [Fact]
    public async Task Web_host_runs_a_localhost_silo_with_setup_grain_storage_reminders_and_readiness()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var platform = await OrleansTestDatabase.CreateEmptyAsync("orl_webhost");
        await OrleansTestDatabase.CreateGrainStateTableAsync(platform, TestSessionGrain.Schema);
        var ports = FreePorts.Take(2);
        var serviceId = $"svc-{Guid.NewGuid():N}";

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Platform"] = platform,
            ["Orleans:ServiceId"] = serviceId,
            ["Orleans:SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(NpgsqlDataSource.Create(platform));
        builder.AddPlatformOrleans();
        builder.UseOrleans(silo => silo.AddModuleGrainStorage(TestSessionGrain.StorageName, TestSessionGrain.Schema));

        await using var app = builder.Build();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapPost("/sessions/{id}/submit", async (string id, IGrainFactory grains) =>
            await grains.GetGrain<ITestSessionGrain>(id).Submit());

        // Before start the silo is not Active: not ready.
        var notStarted = await app.Services.GetRequiredService<SiloHealthCheck>().CheckHealthAsync(new HealthCheckContext(), cancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, notStarted.Status);

        await app.StartAsync(cancellationToken);
        try
        {
            var client = app.GetTestClient();

            var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(cancellationToken));

            // The setup ran before the reminder table and membership started.
            Assert.Equal(17L, await OrleansTestDatabase.ScalarAsync(platform, "SELECT count(*) FROM orleans.orleansquery"));

            var first = await client.PostAsync(new Uri("/sessions/citizen-1/submit", UriKind.Relative), null, cancellationToken);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("1", await first.Content.ReadAsStringAsync(cancellationToken));
            Assert.Equal(1L, await OrleansTestDatabase.ScalarAsync(platform,
                $"SELECT version FROM {TestSessionGrain.Schema}.grain_state WHERE grain_type = 'testsession/session' AND grain_id = 'citizen-1'"));

            // Reminders are on PostgreSQL in Localhost mode too, keyed by the service id.
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<ITestSessionGrain>("citizen-1").RegisterReminder("expire");
            var reminder = Assert.Single(await OrleansTestDatabase.RowsAsync(platform,
                "SELECT service_id, grain_id, reminder_name, period FROM orleans.reminders"));
            Assert.Equal(serviceId, reminder["service_id"]);
            Assert.Equal("testsession/citizen-1", reminder["grain_id"]);
            Assert.Equal(60_000L, reminder["period"]);

            // Localhost clustering keeps membership in memory: nothing in the PostgreSQL membership tables.
            Assert.Equal(0L, await OrleansTestDatabase.ScalarAsync(platform, "SELECT count(*) FROM orleans.membership"));

            var rules = app.Services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;
            Assert.Contains(rules, rule => rule.CategoryName == "Polly" && rule.LogLevel == LogLevel.Warning);
        }
        finally
        {
            await app.StopAsync(cancellationToken);
        }

        var stopped = await app.Services.GetRequiredService<SiloHealthCheck>().CheckHealthAsync(new HealthCheckContext(), cancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
    }

    [Fact]
    public async Task Two_silos_form_one_cluster_on_PostgreSQL_and_a_grain_outlives_its_silo()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var platform = await OrleansTestDatabase.CreateEmptyAsync("orl_cluster");
        await OrleansTestDatabase.CreateGrainStateTableAsync(platform, TestSessionGrain.Schema);
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var ports = FreePorts.Take(4);

        // Both silos run the schema setup at start (the first on an empty database).
        using var silo1 = BuildClusterSilo(platform, clusterId, ports[0], ports[1]);
        using var silo2 = BuildClusterSilo(platform, clusterId, ports[2], ports[3]);
        await silo1.StartAsync(cancellationToken);
        await silo2.StartAsync(cancellationToken);
        try
        {
            var address1 = silo1.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            var address2 = silo2.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            var grains1 = silo1.Services.GetRequiredService<IGrainFactory>();
            var grains2 = silo2.Services.GetRequiredService<IGrainFactory>();
            var management = grains2.GetGrain<IManagementGrain>(0);

            await WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true, cancellationToken)).Count == 2, "both silos Active");
            var rows = await MembershipAsync(platform, clusterId);
            Assert.Equal(2, rows.Count);
            Assert.All(rows, row => Assert.Equal((int)SiloStatus.Active, row["status"]));

            // Activated through silo 1, reached through silo 2: one activation, on silo 1.
            Assert.Equal(1, await grains1.GetGrain<ITestSessionGrain>("citizen-7").Submit());
            var throughSilo2 = grains2.GetGrain<ITestSessionGrain>("citizen-7");
            Assert.Equal(2, await throughSilo2.Submit());
            Assert.Equal(address1.ToParsableString(), await throughSilo2.GetSilo());
            Assert.Equal(1, await management.GetGrainActivationCount((GrainReference)throughSilo2, cancellationToken));
            Assert.Equal(address1, await management.GetActivationAddress(throughSilo2, cancellationToken));

            // Graceful stop of silo 1: its row ends Dead, silo 2 stays Active.
            await silo1.StopAsync(cancellationToken);
            var afterStop = await MembershipAsync(platform, clusterId);
            Assert.Equal((int)SiloStatus.Dead, Row(afterStop, address1)["status"]);
            Assert.Equal((int)SiloStatus.Active, Row(afterStop, address2)["status"]);

            // The grain comes back on silo 2 with the state silo 1 persisted.
            await WaitUntilAsync(async () => (await management.GetHosts(onlyActive: true, cancellationToken)).Count == 1, "silo 2 alone Active");
            Assert.Equal(2, await throughSilo2.GetSubmissions());
            Assert.Equal(address2.ToParsableString(), await throughSilo2.GetSilo());
            Assert.Equal(3, await throughSilo2.Submit());
            Assert.Equal(3L, await OrleansTestDatabase.ScalarAsync(platform,
                $"SELECT version FROM {TestSessionGrain.Schema}.grain_state WHERE grain_type = 'testsession/session' AND grain_id = 'citizen-7'"));
        }
        finally
        {
            await silo2.StopAsync(cancellationToken);
            await silo1.StopAsync(cancellationToken);
        }

        Assert.All(await MembershipAsync(platform, clusterId), row => Assert.Equal((int)SiloStatus.Dead, row["status"]));
    }

    private static IHost BuildClusterSilo(string platform, string clusterId, int siloPort, int gatewayPort)
    {
        var settings = PlatformOrleansSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Platform"] = platform,
            ["Orleans:Membership"] = "PostgreSQL",
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = clusterId,
            ["Orleans:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
        }).Build());

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
        });
        builder.Services.AddSingleton(NpgsqlDataSource.Create(platform));
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.UseOrleans(silo =>
        {
            PlatformOrleans.ConfigureSilo(silo, settings);
            silo.AddModuleGrainStorage(TestSessionGrain.StorageName, TestSessionGrain.Schema);
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
                options.ProbeTimeout = TimeSpan.FromSeconds(2);
                options.NumMissedProbesLimit = 3;
                options.NumVotesForDeathDeclaration = 1;
                options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
            });
        });
        return builder.Build();
    }

    private static Task<List<Dictionary<string, object?>>> MembershipAsync(string platform, string clusterId) =>
        OrleansTestDatabase.RowsAsync(platform,
            "SELECT address, port, generation, status FROM orleans.membership WHERE deployment_id = $1", clusterId);

    private static Dictionary<string, object?> Row(List<Dictionary<string, object?>> rows, SiloAddress silo) =>
        Assert.Single(rows, row => (int)row["port"]! == silo.Endpoint.Port && (int)row["generation"]! == silo.Generation);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(15), $"Timed out waiting for {what}.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
