using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace EGov.Host.Orleans;

/// <summary>
/// Readiness of the co-hosted silo: Unhealthy until the silo is <see cref="SiloStatus.Active"/> in the
/// cluster (and again once it shuts down), Degraded when an Orleans component reports a stalled timer
/// or similar problem through <see cref="IHealthCheckParticipant"/>, Healthy otherwise.
/// Registered as a singleton so the "last check" time handed to the participants is kept between checks.
/// </summary>
internal sealed class SiloHealthCheck(
    ISiloStatusOracle statusOracle,
    IEnumerable<IHealthCheckParticipant> participants,
    TimeProvider timeProvider) : IHealthCheck
{
    private readonly Lock _gate = new();
    private DateTime _lastCheck = timeProvider.GetUtcNow().UtcDateTime;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = statusOracle.CurrentStatus;
        var data = new Dictionary<string, object>
        {
            ["silo"] = statusOracle.SiloAddress?.ToString() ?? "unknown",
            ["status"] = status.ToString(),
        };

        if (status != SiloStatus.Active)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Orleans silo is {status}, not Active.", data: data));
        }

        data["activeSilos"] = statusOracle.GetActiveSilos().Length;

        DateTime lastCheck;
        lock (_gate)
        {
            lastCheck = _lastCheck;
            _lastCheck = timeProvider.GetUtcNow().UtcDateTime;
        }

        var problems = new List<string>();
        foreach (var participant in participants)
        {
            if (!participant.CheckHealth(lastCheck, out var reason))
            {
                problems.Add(string.IsNullOrWhiteSpace(reason) ? participant.GetType().Name : reason);
            }
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("Orleans silo is Active.", data)
            : HealthCheckResult.Degraded($"Orleans silo is Active, but: {string.Join("; ", problems)}", data: data));
    }
}
