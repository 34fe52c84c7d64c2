using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EGov.SharedKernel.Hosting;

/// <summary>
/// A rule applied on a timer, with no state of its own (what is due is read from the rows): a pass at start-up and
/// then every <c>interval</c>, each pass logged when it changed something, a failed pass logged and retried on the
/// next tick. Several nodes may sweep at once; a pass changes each row under its row version. A test calls the pass
/// itself (the subclass's <c>RunOnceAsync</c>) to run it on demand.
/// </summary>
public abstract partial class PeriodicSweep(TimeSpan interval, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The platform's clock (the one the timer ticks on).</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>What the sweep does, for the log (<c>Licence sweep</c>).</summary>
    protected abstract string Name { get; }

    /// <summary>One pass; what it did, for the log, or null when it changed nothing.</summary>
    protected abstract Task<string?> PassAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        do
        {
            try
            {
                if (await PassAsync(stoppingToken) is { } summary)
                {
                    LogSwept(logger, Name, summary);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, Name, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Sweep}: {Summary}")]
    private static partial void LogSwept(ILogger logger, string sweep, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Sweep} failed; it runs again on the next tick")]
    private static partial void LogFailed(ILogger logger, string sweep, Exception exception);
}
