using EGov.SharedKernel.Persistence;
using Microsoft.Extensions.Options;

namespace EGov.Host.Platform;

/// <summary>
/// Applies every module's pending migrations before anything else starts. EF Core takes a lock on each module's
/// history table, so instances starting together apply each migration once.
/// </summary>
internal sealed partial class MigrationRunner(
    IServiceProvider services,
    IEnumerable<IModuleDatabase> modules,
    IOptions<DatabaseOptions> options,
    ILogger<MigrationRunner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateAtStart)
        {
            LogSkipped(logger);
            return;
        }

        await MigrateAllAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task MigrateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var module in modules)
        {
            // MigrateAsync creates the schema's history table when missing and locks it, so instances starting
            // together apply each migration once.
            await module.MigrateAsync(services, cancellationToken);
            LogMigrated(logger, module.Module.Schema);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations at start are off (Database:MigrateAtStart=false)")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema {Schema} is up to date")]
    private static partial void LogMigrated(ILogger logger, string schema);
}
