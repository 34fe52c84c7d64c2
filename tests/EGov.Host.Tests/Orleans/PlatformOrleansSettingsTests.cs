using System.Net;
using EGov.Host.Orleans;
using EGov.Host.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace EGov.Host.Tests.Orleans;

public sealed class PlatformOrleansSettingsTests
{
    private const string ConnectionString = "Host=127.0.0.1;Port=5432;Database=egov;Username=egov;Password=egov";

    [Fact]
    public void Defaults_are_one_localhost_node_with_the_schema_applied_at_start()
    {
        var settings = PlatformOrleansSettings.Read(Configuration(new() { ["ConnectionStrings:Platform"] = ConnectionString }));

        Assert.Equal(OrleansClustering.Localhost, settings.Clustering);
        Assert.Equal("egov", settings.ClusterId);
        Assert.Equal("egov-platform", settings.ServiceId);
        Assert.Equal(11111, settings.SiloPort);
        Assert.Equal(30000, settings.GatewayPort);
        Assert.Equal(IPAddress.Loopback, settings.AdvertisedIPAddress);
        Assert.True(settings.ApplySchemaAtStart);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.ProbeTimeout);
        Assert.Equal(3, settings.MissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.FailoverRetry);
        Assert.Equal(ConnectionString, settings.PlatformConnectionString);
        Assert.Contains("Search Path=orleans", settings.OrleansConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_is_read()
    {
        var settings = PlatformOrleansSettings.Read(Configuration(new()
        {
            ["ConnectionStrings:Platform"] = ConnectionString,
            ["Orleans:Membership"] = "postgresql",
            ["Orleans:ClusterId"] = "egov-prod",
            ["Orleans:ServiceId"] = "egov",
            ["Orleans:SiloPort"] = "11112",
            ["Orleans:GatewayPort"] = "30002",
            ["Orleans:AdvertisedIPAddress"] = "10.0.0.12",
            ["Orleans:ApplySchemaAtStart"] = "false",
            ["Orleans:ProbeTimeoutSeconds"] = "5",
            ["Orleans:MissedProbesLimit"] = " 4 ",
            ["Orleans:FailoverRetrySeconds"] = "0",
        }));

        Assert.Equal(OrleansClustering.PostgreSQL, settings.Clustering);
        Assert.Equal("egov-prod", settings.ClusterId);
        Assert.Equal("egov", settings.ServiceId);
        Assert.Equal(11112, settings.SiloPort);
        Assert.Equal(30002, settings.GatewayPort);
        Assert.Equal(IPAddress.Parse("10.0.0.12"), settings.AdvertisedIPAddress);
        Assert.False(settings.ApplySchemaAtStart);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ProbeTimeout);
        Assert.Equal(4, settings.MissedProbesLimit);
        Assert.Equal(TimeSpan.Zero, settings.FailoverRetry);
    }

    [Theory]
    [InlineData("ProbeTimeoutSeconds", "0", "Orleans:ProbeTimeoutSeconds must be a whole number from 1 to 60 (got '0')")]
    [InlineData("ProbeTimeoutSeconds", "1.5", "Orleans:ProbeTimeoutSeconds must be a whole number from 1 to 60 (got '1.5')")]
    [InlineData("MissedProbesLimit", "11", "Orleans:MissedProbesLimit must be a whole number from 1 to 10 (got '11')")]
    [InlineData("FailoverRetrySeconds", "-1", "Orleans:FailoverRetrySeconds must be a whole number from 0 to 300 (got '-1')")]
    [InlineData("FailoverRetrySeconds", "soon", "Orleans:FailoverRetrySeconds must be a whole number from 0 to 300 (got 'soon')")]
    public void Failure_detection_and_retry_settings_are_validated(string key, string value, string message)
    {
        var error = Assert.Throws<PlatformConfigurationException>(() => PlatformOrleansSettings.Read(Configuration(new()
        {
            ["ConnectionStrings:Platform"] = ConnectionString,
            [$"Orleans:{key}"] = value,
        })));

        Assert.Equal($"Invalid Orleans settings: {message}.", error.Message);
    }

    [Fact]
    public void PostgreSQL_mode_advertises_the_first_non_loopback_address_unless_configured()
    {
        var found = IPAddress.Parse("192.0.2.10");
        var values = new Dictionary<string, string?> { ["ConnectionStrings:Platform"] = ConnectionString, ["Orleans:Membership"] = "PostgreSQL" };

        Assert.Equal(found, PlatformOrleansSettings.Read(Configuration(values), () => found).AdvertisedIPAddress);

        // Loopback is allowed when configured: several nodes on one machine.
        values["Orleans:AdvertisedIPAddress"] = "127.0.0.1";
        Assert.Equal(IPAddress.Loopback, PlatformOrleansSettings.Read(Configuration(values), () => found).AdvertisedIPAddress);

        values.Remove("Orleans:AdvertisedIPAddress");
        var error = Assert.Throws<PlatformConfigurationException>(() => PlatformOrleansSettings.Read(Configuration(values), () => null));
        Assert.Contains("Orleans:AdvertisedIPAddress is required in PostgreSQL mode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_machine_address_finder_never_returns_loopback()
    {
        var address = PlatformOrleansSettings.FindNonLoopbackAddress();

        Assert.True(address is null || !IPAddress.IsLoopback(address));
    }

    [Fact]
    public void All_problems_are_reported_in_one_readable_line()
    {
        var error = Assert.Throws<PlatformConfigurationException>(() => PlatformOrleansSettings.Read(Configuration(new()
        {
            ["Orleans:Membership"] = "Consul",
            ["Orleans:SiloPort"] = "70000",
            ["Orleans:GatewayPort"] = "abc",
            ["Orleans:ClusterId"] = new string('x', 151),
            ["Orleans:ApplySchemaAtStart"] = "sometimes",
            ["Orleans:AdvertisedIPAddress"] = "0.0.0.0",
        })));

        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith("Invalid Orleans settings: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Orleans:Membership must be 'Localhost' or 'PostgreSQL' (got 'Consul')", error.Message, StringComparison.Ordinal);
        Assert.Contains("Orleans:SiloPort must be a port number from 1 to 65535 (got '70000')", error.Message, StringComparison.Ordinal);
        Assert.Contains("Orleans:GatewayPort must be a port number from 1 to 65535 (got 'abc')", error.Message, StringComparison.Ordinal);
        Assert.Contains("Orleans:ClusterId must be 1 to 150 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("Orleans:ApplySchemaAtStart must be true or false", error.Message, StringComparison.Ordinal);
        Assert.Contains("Orleans:AdvertisedIPAddress must be a concrete IP address", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Platform is required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("65536")]
    public void Ports_must_be_in_range(string port)
    {
        var error = Assert.Throws<PlatformConfigurationException>(() => PlatformOrleansSettings.Read(Configuration(new()
        {
            ["ConnectionStrings:Platform"] = ConnectionString,
            ["Orleans:SiloPort"] = port,
        })));

        Assert.Contains($"Orleans:SiloPort must be a port number from 1 to 65535 (got '{port}')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Silo_and_gateway_ports_must_differ()
    {
        var error = Assert.Throws<PlatformConfigurationException>(() => PlatformOrleansSettings.Read(Configuration(new()
        {
            ["ConnectionStrings:Platform"] = ConnectionString,
            ["Orleans:SiloPort"] = "30000",
        })));

        Assert.Equal("Invalid Orleans settings: Orleans:SiloPort and Orleans:GatewayPort must differ (both 30000).", error.Message);
    }

    [Fact]
    public void AddPlatformOrleans_fails_at_composition_with_the_same_message()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Platform"] = ConnectionString,
            ["Orleans:GatewayPort"] = "11111",
        });

        var error = Assert.Throws<PlatformConfigurationException>(() => builder.AddPlatformOrleans());

        Assert.Equal("Invalid Orleans settings: Orleans:SiloPort and Orleans:GatewayPort must differ (both 11111).", error.Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
