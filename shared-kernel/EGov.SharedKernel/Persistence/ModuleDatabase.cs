using EGov.SharedKernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.SharedKernel.Persistence;

/// <summary>A module's database as the platform sees it: a schema with migrations, an outbox and an audit log.</summary>
public interface IModuleDatabase
{
    ModuleDescriptor Module { get; }

    Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken);
}

internal sealed class ModuleDatabase<TDb>(ModuleDescriptor module) : IModuleDatabase
    where TDb : ModuleDbContext
{
    public ModuleDescriptor Module => module;

    public async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();

        // Instances starting together take turns per schema: a session-level advisory lock on the connection the
        // migrations run on, held for the whole run (EF's own lock does not span several migrations here).
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var key = AdvisoryLockKey.For("egov-migrations:" + module.Schema);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock({0})", [key], cancellationToken);
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock({0})", [key], CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
