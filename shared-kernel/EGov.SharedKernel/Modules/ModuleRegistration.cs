using EGov.SharedKernel.Events;
using EGov.SharedKernel.Orleans;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace EGov.SharedKernel.Modules;

/// <summary>The mechanics every module's <c>Add…Module</c> and <c>Map…Module</c> share.</summary>
public static class ModuleRegistration
{
    /// <summary>
    /// Registers a module: its descriptor, its OpenAPI document and its DbContext on the platform's PostgreSQL,
    /// with the migrations history table and the outbox/inbox/audit tables in the module's own schema.
    /// </summary>
    public static IHostApplicationBuilder AddModule<TDb>(this IHostApplicationBuilder builder, ModuleDescriptor module)
        where TDb : ModuleDbContext
    {
        builder.Services.AddSingleton(module);
        builder.Services.AddOpenApi(module.OpenApiDocument, options => options.ConfigurePlatformDocument(module.Title, module.Description));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.AddDbContext<TDb>((services, options) =>
        {
            options.UseNpgsql(
                    services.GetRequiredService<NpgsqlDataSource>(),
                    npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", module.Schema))
                .UseSnakeCaseNamingConvention()
                .AddInterceptors(new OutboxCommitInterceptor(services.GetRequiredService<OutboxSignal>()));
        });
        builder.Services.AddSingleton<IModuleDatabase>(new ModuleDatabase<TDb>(module));
        return builder;
    }

    /// <summary>
    /// Lets the module's grains persist state in its own schema (<c>&lt;schema&gt;.grain_state</c>) through the
    /// grain storage provider named after the module's code: <c>[PersistentState("state", "g2c")]</c>.
    /// </summary>
    public static IHostApplicationBuilder AddModuleGrains(this IHostApplicationBuilder builder, ModuleDescriptor module) =>
        builder.UseOrleans(silo => silo.AddModuleGrainStorage(module.Code, module.Schema));

    /// <summary>The module's route group: <c>/api/{code}</c>, tagged and placed in the module's OpenAPI document.</summary>
    public static RouteGroupBuilder MapModuleGroup(this IEndpointRouteBuilder endpoints, ModuleDescriptor module) =>
        endpoints.MapGroup(module.RoutePrefix)
            .WithTags(module.Code.ToUpperInvariant())
            .WithGroupName(module.OpenApiDocument);
}
