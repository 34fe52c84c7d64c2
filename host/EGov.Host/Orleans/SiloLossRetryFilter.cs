using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace EGov.Host.Orleans;

/// <summary>
/// Retries a grain call that failed because the silo holding (or about to hold) its target is gone, for at most
/// <see cref="PlatformOrleansSettings.FailoverRetry"/>, with exponential back-off (100 ms doubling, at most 2 s).
/// </summary>
/// <remarks>
/// <para>
/// Between a node's crash and its death declaration (probe timeouts, see <c>Orleans:ProbeTimeoutSeconds</c> and
/// <c>Orleans:MissedProbesLimit</c>) the grain directory still points at it: calls to its grains are rejected
/// (<see cref="OrleansMessageRejectionException"/>, <see cref="ConnectionFailedException"/>) and calls already sent
/// to it are broken with <see cref="SiloUnavailableException"/> once it is declared dead. After the declaration the
/// same call activates the grain on a live silo from the state it last wrote, so a retry succeeds.
/// </para>
/// <para>
/// A retry can repeat a call the dead silo already executed. That is safe for the platform's grains: session
/// changes are merges of the values sent (the same request gives the same state), and submissions carry an
/// idempotency key the grain answers again with the first outcome. A grain whose calls are not idempotent must not
/// rely on this filter (set <c>Orleans:FailoverRetrySeconds</c> to 0 or make the call idempotent).
/// </para>
/// </remarks>
internal sealed partial class SiloLossRetryFilter(
    PlatformOrleansSettings settings,
    TimeProvider time,
    ILogger<SiloLossRetryFilter> logger) : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var window = settings.FailoverRetry;
        if (window <= TimeSpan.Zero || !IsApplicationGrain(context.TargetId))
        {
            await context.Invoke();
            return;
        }

        var started = time.GetTimestamp();
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            Exception? failure;
            var thrown = false;
            try
            {
                await context.Invoke();
                failure = context.Response?.Exception;
            }
            catch (Exception exception) when (IsSiloLoss(exception))
            {
                failure = exception;
                thrown = true;
            }

            if (failure is null || !IsSiloLoss(failure))
            {
                return;
            }

            var reason = failure.GetType().Name;
            var elapsed = time.GetElapsedTime(started);
            if (elapsed + delay > window)
            {
                LogGaveUp(logger, context.InterfaceName, context.MethodName, attempt, elapsed.TotalSeconds, reason);
                if (thrown)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                return;
            }

            LogRetrying(logger, context.InterfaceName, context.MethodName, attempt, reason);
            await Task.Delay(delay, time);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    /// <summary>
    /// Whether a call goes to an application grain, which reactivates elsewhere. System targets (the grain directory's
    /// partitions, membership), clients and grain services are bound to one silo: a call to a dead silo's system target
    /// never succeeds, and the runtime re-routes those itself once the silo is declared dead, so they are not retried.
    /// </summary>
    internal static bool IsApplicationGrain(GrainId target) =>
        !GrainTypePrefix.IsSystemTarget(target.Type) && !GrainTypePrefix.IsClient(target.Type) && !GrainTypePrefix.IsGrainService(target.Type);

    /// <summary>Whether an exception (or one it wraps) says the call's silo is unreachable or gone.</summary>
    internal static bool IsSiloLoss(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain call {Interface}.{Method} failed because its silo is unavailable ({Exception}); retry {Attempt}.")]
    private static partial void LogRetrying(ILogger logger, string @interface, string method, int attempt, string exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain call {Interface}.{Method} still failed after {Attempts} attempts in {Seconds:F1} s because its silo is unavailable ({Exception}).")]
    private static partial void LogGaveUp(ILogger logger, string @interface, string method, int attempts, double seconds, string exception);
}
