using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EGov.Host.Lifecycle;

/// <summary>
/// Readiness check <c>shutdown</c>: unhealthy from the moment the stop signal (SIGTERM) arrives, before anything stops,
/// so <c>/health/ready</c> answers 503 while the host still serves.
/// </summary>
internal sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime, ShutdownDrain drain) : IHealthCheck
{
    public const string Name = "shutdown";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested || drain.IsStopping
            ? HealthCheckResult.Unhealthy("The instance is shutting down and takes no new work.")
            : HealthCheckResult.Healthy());
}

/// <summary>
/// The first step of a stop: with <see cref="LifecycleSettings.DrainDelaySeconds"/> above zero, waits that long
/// while requests are still served and readiness already reports unavailable. Every hosted service's
/// <c>StoppingAsync</c> runs before any <c>StopAsync</c>, so the web server, the silo and the event dispatcher are
/// all still running during the drain; afterwards the server stops accepting connections and waits for in-flight
/// requests, and then the silo leaves the cluster.
/// </summary>
internal sealed partial class ShutdownDrain(LifecycleSettings settings, TimeProvider time, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    private volatile bool _stopping;

    /// <summary>
    /// True once the stop has begun, also when a caller stops the host directly (<c>IHost.StopAsync</c>) rather than
    /// through a signal, where the stopping notification may come only after the hosted services' first stop step.
    /// </summary>
    public bool IsStopping => _stopping;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (settings.DrainDelaySeconds <= 0)
        {
            LogStoppingNow(logger, settings.ShutdownTimeoutSeconds);
            return;
        }

        LogDraining(logger, settings.DrainDelaySeconds, settings.ShutdownTimeoutSeconds);

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(settings.DrainDelaySeconds), time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ended the drain early; the stop goes on.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "Stopping: readiness reports unavailable; serving for {DrainSeconds} s more, then finishing in-flight requests and leaving the cluster (limit {TimeoutSeconds} s).")]
    private static partial void LogDraining(ILogger logger, int drainSeconds, int timeoutSeconds);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information,
        Message = "Stopping: readiness reports unavailable; finishing in-flight requests, then leaving the cluster (limit {TimeoutSeconds} s).")]
    private static partial void LogStoppingNow(ILogger logger, int timeoutSeconds);
}
