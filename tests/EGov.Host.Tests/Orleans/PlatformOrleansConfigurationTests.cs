using System.Net;
using EGov.Host.Orleans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;
using Xunit;

namespace EGov.Host.Tests.Orleans;

/// <summary>What <see cref="PlatformOrleans.ConfigureSilo"/> registers, without starting a silo.</summary>
public sealed class PlatformOrleansConfigurationTests
{
    private const string ConnectionString = "Host=db;Database=egov;Username=egov;Password=egov";

    [Fact]
    public void PostgreSQL_mode_uses_ADO_NET_clustering_and_reminders_with_the_orleans_search_path()
    {
        using var services = Configure(new()
        {
            ["Orleans:Membership"] = "PostgreSQL",
            ["Orleans:ClusterId"] = "egov-prod",
            ["Orleans:ServiceId"] = "egov-svc",
            ["Orleans:SiloPort"] = "11112",
            ["Orleans:GatewayPort"] = "30002",
            ["Orleans:AdvertisedIPAddress"] = "10.1.2.3",
        }, out var descriptors);

        Assert.Contains(descriptors, d => d.ServiceType == typeof(IMembershipTable) && d.ImplementationType == typeof(AdoNetClusteringTable));
        var clustering = services.GetRequiredService<IOptions<AdoNetClusteringSiloOptions>>().Value;
        Assert.Equal("Npgsql", clustering.Invariant);
        Assert.Equal("orleans", new NpgsqlConnectionStringBuilder(clustering.ConnectionString).SearchPath);

        var reminders = services.GetRequiredService<IOptions<AdoNetReminderTableOptions>>().Value;
        Assert.Equal("Npgsql", reminders.Invariant);
        Assert.Equal(clustering.ConnectionString, reminders.ConnectionString);

        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal("egov-prod", cluster.ClusterId);
        Assert.Equal("egov-svc", cluster.ServiceId);
        var endpoints = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Parse("10.1.2.3"), endpoints.AdvertisedIPAddress);
        Assert.Equal(11112, endpoints.SiloPort);
        Assert.Equal(30002, endpoints.GatewayPort);

        Assert.Contains(descriptors, d => d.ServiceType == typeof(OrleansSchemaSetupParticipant));
    }

    [Fact]
    public void Localhost_mode_keeps_membership_in_memory_but_reminders_on_PostgreSQL()
    {
        using var services = Configure(new() { ["Orleans:SiloPort"] = "11113", ["Orleans:GatewayPort"] = "30003" }, out var descriptors);

        Assert.DoesNotContain(descriptors, d => d.ImplementationType == typeof(AdoNetClusteringTable));
        var reminders = services.GetRequiredService<IOptions<AdoNetReminderTableOptions>>().Value;
        Assert.Equal("orleans", new NpgsqlConnectionStringBuilder(reminders.ConnectionString).SearchPath);

        var endpoints = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.Equal(11113, endpoints.SiloPort);
        Assert.Equal(30003, endpoints.GatewayPort);
        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal("egov", cluster.ClusterId);
        Assert.Equal("egov-platform", cluster.ServiceId);
    }

    [Fact]
    public void The_schema_setup_at_start_can_be_switched_off()
    {
        using var services = Configure(new() { ["Orleans:ApplySchemaAtStart"] = "false" }, out var descriptors);

        Assert.DoesNotContain(descriptors, d => d.ServiceType == typeof(OrleansSchemaSetupParticipant));
    }

    [Fact]
    public void Failure_detection_and_the_silo_loss_retry_filter_come_from_the_settings()
    {
        using var services = Configure(new()
        {
            ["Orleans:Membership"] = "PostgreSQL",
            ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans:ProbeTimeoutSeconds"] = "3",
            ["Orleans:MissedProbesLimit"] = "2",
        }, out var descriptors);

        var membership = services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(3), membership.ProbeTimeout);
        Assert.Equal(2, membership.NumMissedProbesLimit);
        Assert.Contains(descriptors, d => d.ServiceType == typeof(IOutgoingGrainCallFilter));
    }

    [Fact]
    public void Only_silo_loss_is_retried()
    {
        Assert.True(SiloLossRetryFilter.IsSiloLoss(new SiloUnavailableException()));
        Assert.True(SiloLossRetryFilter.IsSiloLoss(new InvalidOperationException("wrapped", new SiloUnavailableException())));
        Assert.False(SiloLossRetryFilter.IsSiloLoss(new TimeoutException()));
        Assert.False(SiloLossRetryFilter.IsSiloLoss(new InconsistentStateException("stale etag")));
        Assert.False(SiloLossRetryFilter.IsSiloLoss(null));
    }

    [Fact]
    public void Only_calls_to_application_grains_are_retried()
    {
        Assert.True(SiloLossRetryFilter.IsApplicationGrain(GrainId.Create("citizensession", "subject-1")));
        Assert.False(SiloLossRetryFilter.IsApplicationGrain(GrainId.Create("sys.svc.dir.mem", "127.0.0.1:11111@1")));
        Assert.False(SiloLossRetryFilter.IsApplicationGrain(GrainId.Create("sys.client", "hosted-127.0.0.1:11111@1")));
    }

    private static ServiceProvider Configure(Dictionary<string, string?> values, out IReadOnlyList<ServiceDescriptor> descriptors)
    {
        values["ConnectionStrings:Platform"] = ConnectionString;
        var settings = PlatformOrleansSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var collection = new ServiceCollection();
        collection.AddOptions();
        PlatformOrleans.ConfigureSilo(new ServiceCollectionSiloBuilder(collection), settings);
        descriptors = [.. collection];
        return collection.BuildServiceProvider();
    }
}
