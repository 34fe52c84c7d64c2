using EGov.SharedKernel.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;

namespace EGov.SharedKernel.Orleans;

/// <summary>
/// Registers grain storage that keeps a module's grain state in that module's own PostgreSQL schema.
/// </summary>
public static class ModuleGrainStorage
{
    /// <summary>
    /// Adds a named grain storage provider (use the name in <c>[PersistentState("state", providerName)]</c>)
    /// that stores state in <c>&lt;schema&gt;.grain_state</c>. The table is created by the module's migration.
    /// Connections come from the <see cref="NpgsqlDataSource"/> singleton in DI.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="providerName">The storage provider name.</param>
    /// <param name="schema">The owning module's schema: a plain lower-case identifier such as <c>g2c</c>.</param>
    public static ISiloBuilder AddModuleGrainStorage(this ISiloBuilder silo, string providerName, string schema)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        var validSchema = SchemaName.EnsureValid(schema);

        silo.Services.AddGrainStorage(providerName, (services, name) => new PostgresGrainStorage(
            name,
            validSchema,
            services.GetRequiredService<NpgsqlDataSource>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<PostgresGrainStorage>>()));
        return silo;
    }
}
