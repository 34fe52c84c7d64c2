using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace EGov.Host.Orleans;

/// <summary>
/// Co-hosts the Orleans silo in the web host. Settings come from the <c>Orleans</c> section
/// (see <see cref="PlatformOrleansSettings"/> and docs/orleans.md); the PostgreSQL database is
/// <c>ConnectionStrings:Platform</c>.
/// </summary>
internal static class PlatformOrleans
{
    /// <summary>Name of the readiness health check this registers (tag <c>ready</c>).</summary>
    public const string HealthCheckName = "orleans";

    /// <summary>
    /// Adds the silo: clustering (<c>Localhost</c> or <c>PostgreSQL</c>), ADO.NET reminders on PostgreSQL,
    /// the Orleans database setup before membership starts (unless <c>Orleans:ApplySchemaAtStart</c> is false),
    /// the <c>Polly</c> log category at Warning, and the <see cref="SiloHealthCheck"/> readiness check.
    /// Invalid settings throw <see cref="Platform.PlatformConfigurationException"/> with a one-line message.
    /// </summary>
    public static WebApplicationBuilder AddPlatformOrleans(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = PlatformOrleansSettings.Read(builder.Configuration);

        // Polly logs one Information line per placement decision.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        builder.Services.AddSingleton(settings);
        builder.UseOrleans(silo => ConfigureSilo(silo, settings));

        builder.Services.AddSingleton<SiloHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>(HealthCheckName, tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// The silo configuration shared by the web host and by tests that build silos of their own.
    /// </summary>
    internal static ISiloBuilder ConfigureSilo(ISiloBuilder silo, PlatformOrleansSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        var orleansConnectionString = settings.OrleansConnectionString;

        if (settings.Clustering == OrleansClustering.Localhost)
        {
            silo.UseLocalhostClustering(
                settings.SiloPort,
                settings.GatewayPort,
                new IPEndPoint(settings.AdvertisedIPAddress, settings.SiloPort),
                settings.ServiceId,
                settings.ClusterId);
        }
        else
        {
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = OrleansDatabaseSetup.Invariant;
                options.ConnectionString = orleansConnectionString;
            });
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = settings.ClusterId;
            options.ServiceId = settings.ServiceId;
        });
        silo.Configure<EndpointOptions>(options =>
        {
            options.AdvertisedIPAddress = settings.AdvertisedIPAddress;
            options.SiloPort = settings.SiloPort;
            options.GatewayPort = settings.GatewayPort;
        });
        silo.Configure<SiloOptions>(options => options.SiloName = $"{Environment.MachineName}-{settings.SiloPort}");

        // Failure detection: a silo that misses MissedProbesLimit probes of ProbeTimeout each is voted dead (with two
        // silos one vote is enough), and its grains reactivate elsewhere on their next call.
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = settings.ProbeTimeout;
            options.NumMissedProbesLimit = settings.MissedProbesLimit;
        });

        // Calls to grains of a silo that is gone are retried until it is declared dead and the grain comes back.
        silo.Services.AddSingleton<IOutgoingGrainCallFilter>(services => new SiloLossRetryFilter(
            settings,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<SiloLossRetryFilter>>()));

        // The platform always has PostgreSQL, so reminders are durable in both clustering modes.
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = OrleansDatabaseSetup.Invariant;
            options.ConnectionString = orleansConnectionString;
        });

        if (settings.ApplySchemaAtStart)
        {
            silo.Services.AddSingleton(services => new OrleansSchemaSetupParticipant(new OrleansDatabaseSetup(
                orleansConnectionString,
                services.GetRequiredService<ILogger<OrleansDatabaseSetup>>())));
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(
                services => services.GetRequiredService<OrleansSchemaSetupParticipant>());
        }

        return silo;
    }
}
