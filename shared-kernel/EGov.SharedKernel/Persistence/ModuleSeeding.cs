using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EGov.SharedKernel.Persistence;

/// <summary>
/// Start-up work of a module that needs every schema migrated first: data the module ships as files (message
/// templates, service packages) loaded into its own tables. Seed data never lives in a migration (what an old
/// migration inserts must not change when code changes).
/// </summary>
/// <remarks>
/// A seeder is idempotent (it adds what is missing and never overwrites what an operator changed) and safe when
/// several instances start together: take <see cref="ModuleSeeding.LockForSeedingAsync"/> inside its transaction.
/// It is resolved in a service scope of its own, so it may take the module's DbContext in its constructor.
/// </remarks>
public interface IModuleSeeder
{
    /// <summary>What is seeded, for the start-up log (<c>g2c notice templates</c>).</summary>
    string Name { get; }

    Task SeedAsync(CancellationToken cancellationToken);
}

/// <summary>Registers seeders and runs them after the migrations (the host's migration runner calls <see cref="SeedAllAsync"/>).</summary>
public static class ModuleSeeding
{
    /// <summary>Adds a seeder; seeders run in the order they were added, each once even when added twice.</summary>
    public static IServiceCollection AddModuleSeeder<TSeeder>(this IServiceCollection services)
        where TSeeder : class, IModuleSeeder
    {
        services.TryAddScoped<TSeeder>();
        services.AddSingleton(new ModuleSeederRegistration(typeof(TSeeder)));
        return services;
    }

    /// <summary>
    /// Runs every registered seeder, each in a scope of its own, one after the other; returns their names in the
    /// order they ran. A seeder that fails stops the start-up, as a failed migration does.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeedAllAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var ran = new List<string>();
        foreach (var type in services.GetServices<ModuleSeederRegistration>().Select(r => r.SeederType).Distinct())
        {
            await using var scope = services.CreateAsyncScope();
            var seeder = (IModuleSeeder)scope.ServiceProvider.GetRequiredService(type);
            await seeder.SeedAsync(cancellationToken);
            ran.Add(seeder.Name);
        }

        return ran;
    }

    /// <summary>
    /// Makes instances that seed <paramref name="name"/> at the same moment take turns: a PostgreSQL advisory lock held
    /// until the current transaction ends. Call it first inside the seeder's transaction, then read what exists.
    /// </summary>
    public static async Task LockForSeedingAsync(this DatabaseFacade database, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Seeding locks are held by a transaction: begin one first.");
        }

        await database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [AdvisoryLockKey.For("egov-seed:" + name)], cancellationToken);
    }

    private sealed record ModuleSeederRegistration(Type SeederType);
}
