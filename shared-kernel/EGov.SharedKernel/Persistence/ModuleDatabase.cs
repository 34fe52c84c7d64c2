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
        await db.Database.MigrateAsync(cancellationToken);
    }
}
