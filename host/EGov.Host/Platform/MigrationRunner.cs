using EGov.SharedKernel.Persistence;
using Microsoft.Extensions.Options;

namespace EGov.Host.Platform;

/// <summary>
/// Applies every module's pending migrations before anything else starts, then runs the modules' seeders
/// (<see cref="IModuleSeeder"/>: data the modules ship as files). Instances starting together take turns per schema,
/// so each migration applies once, and each seeder serialises its own work.
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

        // Seeders run once every schema is up to date, in the order the modules registered them.
        foreach (var seeded in await services.SeedAllAsync(cancellationToken))
        {
            LogSeeded(logger, seeded);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations at start are off (Database:MigrateAtStart=false)")]
    private static partial void LogSkipped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema {Schema} is up to date")]
    private static partial void LogMigrated(ILogger logger, string schema);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Seeder}")]
    private static partial void LogSeeded(ILogger logger, string seeder);
}
