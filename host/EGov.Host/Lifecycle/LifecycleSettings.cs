using EGov.Host.Platform;

namespace EGov.Host.Lifecycle;

/// <summary>Settings of section <c>Lifecycle</c>: how the host starts and stops in a deployment.</summary>
internal sealed class LifecycleSettings
{
    public const string Section = "Lifecycle";

    /// <summary>Where mounted secrets are read from, one file per setting (<c>ConnectionStrings__Platform</c>).</summary>
    public const string DefaultSecretsDirectory = "/run/secrets";

    /// <summary>
    /// Time the whole stop may take (drain, in-flight requests, the silo leaving the cluster) before the host gives
    /// up waiting. Keep it below the orchestrator's kill grace period (Docker: 10 s unless <c>stop_grace_period</c>).
    /// </summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// After the stop signal, keep serving for this long while readiness reports unavailable, so load balancers
    /// take the instance out before it stops accepting connections.
    /// </summary>
    public int DrainDelaySeconds { get; set; }

    /// <summary>Folder of mounted secrets (Docker and Kubernetes secrets), read as configuration, one file per key.</summary>
    public string SecretsDirectory { get; set; } = DefaultSecretsDirectory;

    public static LifecycleSettings Read(IConfiguration configuration)
    {
        var settings = new LifecycleSettings();
        try
        {
            configuration.GetSection(Section).Bind(settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new PlatformConfigurationException($"Lifecycle settings cannot be read: {ex.Message}");
        }

        var failures = new List<string>();
        if (settings.ShutdownTimeoutSeconds is < 1 or > 3600)
        {
            failures.Add($"Lifecycle:ShutdownTimeoutSeconds must be between 1 and 3600 (got {settings.ShutdownTimeoutSeconds}).");
        }

        if (settings.DrainDelaySeconds < 0 || settings.DrainDelaySeconds >= settings.ShutdownTimeoutSeconds)
        {
            failures.Add(
                $"Lifecycle:DrainDelaySeconds must be at least 0 and less than Lifecycle:ShutdownTimeoutSeconds ({settings.ShutdownTimeoutSeconds}), " +
                $"which also covers the drain (got {settings.DrainDelaySeconds}).");
        }

        return failures.Count == 0 ? settings : throw new PlatformConfigurationException(string.Join("; ", failures));
    }
}
