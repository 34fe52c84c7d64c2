using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EGov.Host.Lifecycle;

/// <summary>
/// How the host lives in a deployment: configuration from mounted secrets, a graceful stop (readiness first, then
/// in-flight requests, then the silo), and data-protection keys shared by all nodes through PostgreSQL.
/// </summary>
internal static class PlatformLifecycle
{
    /// <summary>Data protection's application name: the same on every node, so they share one key ring.</summary>
    public const string ApplicationName = "egov-platform";

    /// <summary>Call first: the secrets folder may hold the connection string the rest of the start-up reads.</summary>
    public static WebApplicationBuilder AddPlatformLifecycle(this WebApplicationBuilder builder)
    {
        var secrets = builder.Configuration[$"{LifecycleSettings.Section}:{nameof(LifecycleSettings.SecretsDirectory)}"];
        builder.Configuration.AddKeyPerFile(string.IsNullOrWhiteSpace(secrets) ? LifecycleSettings.DefaultSecretsDirectory : secrets, optional: true);

        var settings = LifecycleSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(settings.ShutdownTimeoutSeconds));
        builder.Services.AddSingleton<ShutdownDrain>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ShutdownDrain>());
        builder.Services.AddHealthChecks().AddCheck<ShutdownHealthCheck>(ShutdownHealthCheck.Name, tags: ["ready"]);

        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new PostgresXmlRepository(services.GetRequiredService<NpgsqlDataSource>())));
        return builder;
    }
}
