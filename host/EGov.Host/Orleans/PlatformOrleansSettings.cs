using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using EGov.Host.Platform;
using Microsoft.Extensions.Configuration;

namespace EGov.Host.Orleans;

/// <summary>How silos find each other.</summary>
internal enum OrleansClustering
{
    /// <summary>One node; membership in memory on the silo itself (Orleans development clustering).</summary>
    Localhost,

    /// <summary>Many nodes; membership in PostgreSQL through the ADO.NET clustering provider.</summary>
    PostgreSQL,
}

/// <summary>
/// The validated <c>Orleans</c> configuration section plus <c>ConnectionStrings:Platform</c>.
/// Read once while the host is composed (before <c>Build()</c>), because the clustering mode decides which
/// services are registered. In <c>WebApplicationFactory</c> tests, pass values with <c>UseSetting</c>.
/// </summary>
internal sealed class PlatformOrleansSettings
{
    public const string SectionName = "Orleans";
    public const string ConnectionStringName = "Platform";
    public const string DefaultClusterId = "egov";
    public const string DefaultServiceId = "egov-platform";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>Initial liveness probe timeout (Orleans <c>ClusterMembershipOptions.ProbeTimeout</c>).</summary>
    public const int DefaultProbeTimeoutSeconds = 2;

    /// <summary>Missed probes after which a silo votes another one dead (Orleans <c>NumMissedProbesLimit</c>).</summary>
    public const int DefaultMissedProbesLimit = 3;

    /// <summary>How long a grain call that failed because its silo is gone is retried (<see cref="SiloLossRetryFilter"/>).</summary>
    public const int DefaultFailoverRetrySeconds = 30;

    /// <summary>Longest cluster or service id the membership and reminder tables hold.</summary>
    public const int MaxIdLength = 150;

    public required OrleansClustering Clustering { get; init; }
    public required string ClusterId { get; init; }
    public required string ServiceId { get; init; }
    public required int SiloPort { get; init; }
    public required int GatewayPort { get; init; }
    public required IPAddress AdvertisedIPAddress { get; init; }
    public required bool ApplySchemaAtStart { get; init; }

    /// <summary>Initial timeout of one liveness probe to another silo (<c>Orleans:ProbeTimeoutSeconds</c>).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(DefaultProbeTimeoutSeconds);

    /// <summary>Missed probes before a silo suspects (with two silos: declares dead) another (<c>Orleans:MissedProbesLimit</c>).</summary>
    public int MissedProbesLimit { get; init; } = DefaultMissedProbesLimit;

    /// <summary>
    /// How long a grain call rejected because its target silo is unavailable is retried with back-off
    /// (<c>Orleans:FailoverRetrySeconds</c>); <see cref="TimeSpan.Zero"/> turns the retries off.
    /// </summary>
    public TimeSpan FailoverRetry { get; init; } = TimeSpan.FromSeconds(DefaultFailoverRetrySeconds);

    /// <summary>The platform connection string (<c>ConnectionStrings:Platform</c>).</summary>
    public required string PlatformConnectionString { get; init; }

    /// <summary>The connection string the Orleans providers use: the platform one with <c>Search Path=orleans</c>.</summary>
    public string OrleansConnectionString => OrleansDatabaseSetup.BuildOrleansConnectionString(PlatformConnectionString);

    /// <summary>
    /// Reads and validates the settings. Every problem is reported in one line by a
    /// <see cref="PlatformConfigurationException"/>: <c>Invalid Orleans settings: …; …</c>.
    /// </summary>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="findAdvertisedAddress">
    /// Finds this machine's address for PostgreSQL mode when none is configured (defaults to the first
    /// non-loopback unicast address of an interface that is up).
    /// </param>
    public static PlatformOrleansSettings Read(IConfiguration configuration, Func<IPAddress?>? findAdvertisedAddress = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var errors = new List<string>();

        var clusteringText = section["Membership"];
        var clustering = OrleansClustering.Localhost;
        if (!string.IsNullOrWhiteSpace(clusteringText))
        {
            var name = clusteringText.Trim();
            var match = Enum.GetValues<OrleansClustering>()
                .Where(mode => string.Equals(mode.ToString(), name, StringComparison.OrdinalIgnoreCase))
                .Select(mode => (OrleansClustering?)mode)
                .FirstOrDefault();
            if (match is { } mode)
            {
                clustering = mode;
            }
            else
            {
                errors.Add($"Orleans:Membership must be 'Localhost' or 'PostgreSQL' (got '{clusteringText}')");
            }
        }

        var clusterId = ReadId(section, "ClusterId", DefaultClusterId, errors);
        var serviceId = ReadId(section, "ServiceId", DefaultServiceId, errors);
        var siloPort = ReadPort(section, "SiloPort", DefaultSiloPort, errors);
        var gatewayPort = ReadPort(section, "GatewayPort", DefaultGatewayPort, errors);
        if (siloPort is not null && siloPort == gatewayPort)
        {
            errors.Add($"Orleans:SiloPort and Orleans:GatewayPort must differ (both {siloPort})");
        }

        var applySchemaText = section["ApplySchemaAtStart"];
        var applySchema = true;
        if (!string.IsNullOrWhiteSpace(applySchemaText) && !bool.TryParse(applySchemaText.Trim(), out applySchema))
        {
            errors.Add($"Orleans:ApplySchemaAtStart must be true or false (got '{applySchemaText}')");
        }

        var probeTimeout = ReadInt(section, "ProbeTimeoutSeconds", DefaultProbeTimeoutSeconds, 1, 60, errors);
        var missedProbes = ReadInt(section, "MissedProbesLimit", DefaultMissedProbesLimit, 1, 10, errors);
        var failoverRetry = ReadInt(section, "FailoverRetrySeconds", DefaultFailoverRetrySeconds, 0, 300, errors);

        var advertised = ReadAdvertisedAddress(section, clustering, findAdvertisedAddress ?? FindNonLoopbackAddress, errors);

        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add($"ConnectionStrings:{ConnectionStringName} is required (grain state, reminders and PostgreSQL clustering use it)");
        }
        else
        {
            try
            {
                _ = OrleansDatabaseSetup.BuildOrleansConnectionString(connectionString);
            }
            catch (ArgumentException exception)
            {
                errors.Add($"ConnectionStrings:{ConnectionStringName} is not a valid Npgsql connection string ({exception.Message})");
            }
        }

        if (errors.Count > 0)
        {
            throw new PlatformConfigurationException($"Invalid Orleans settings: {string.Join("; ", errors)}.");
        }

        return new PlatformOrleansSettings
        {
            Clustering = clustering,
            ClusterId = clusterId!,
            ServiceId = serviceId!,
            SiloPort = siloPort!.Value,
            GatewayPort = gatewayPort!.Value,
            AdvertisedIPAddress = advertised!,
            ApplySchemaAtStart = applySchema,
            ProbeTimeout = TimeSpan.FromSeconds(probeTimeout!.Value),
            MissedProbesLimit = missedProbes!.Value,
            FailoverRetry = TimeSpan.FromSeconds(failoverRetry!.Value),
            PlatformConnectionString = connectionString!,
        };
    }

    private static string? ReadId(IConfigurationSection section, string key, string defaultValue, List<string> errors)
    {
        var value = section[key];
        if (value is null)
        {
            return defaultValue;
        }

        value = value.Trim();
        if (value.Length == 0 || value.Length > MaxIdLength)
        {
            errors.Add($"Orleans:{key} must be 1 to {MaxIdLength} characters (got {value.Length})");
            return null;
        }

        return value;
    }

    private static int? ReadPort(IConfigurationSection section, string key, int defaultValue, List<string> errors) =>
        ReadInt(section, key, defaultValue, IPEndPoint.MinPort + 1, IPEndPoint.MaxPort, errors, "a port number");

    private static int? ReadInt(
        IConfigurationSection section, string key, int defaultValue, int min, int max, List<string> errors, string what = "a whole number")
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add($"Orleans:{key} must be {what} from {min} to {max} (got '{text}')");
            return null;
        }

        return value;
    }

    private static IPAddress? ReadAdvertisedAddress(
        IConfigurationSection section, OrleansClustering clustering, Func<IPAddress?> findAdvertisedAddress, List<string> errors)
    {
        var text = section["AdvertisedIPAddress"];
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (IPAddress.TryParse(text.Trim(), out var configured)
                && !configured.Equals(IPAddress.Any) && !configured.Equals(IPAddress.IPv6Any))
            {
                return configured;
            }

            errors.Add($"Orleans:AdvertisedIPAddress must be a concrete IP address (got '{text}')");
            return null;
        }

        if (clustering == OrleansClustering.Localhost)
        {
            return IPAddress.Loopback;
        }

        var found = findAdvertisedAddress();
        if (found is null)
        {
            errors.Add("Orleans:AdvertisedIPAddress is required in PostgreSQL mode: no non-loopback address was found on this machine");
        }

        return found;
    }

    /// <summary>The first non-loopback IPv4 address of an interface that is up (IPv6 if there is no IPv4).</summary>
    internal static IPAddress? FindNonLoopbackAddress()
    {
        var candidates = NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.NetworkInterfaceType != NetworkInterfaceType.Loopback
                && nic.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => !IPAddress.IsLoopback(address))
            .ToList();

        return candidates.FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork)
            ?? candidates.FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetworkV6
                && !address.IsIPv6LinkLocal && !address.IsIPv6Multicast);
    }
}
