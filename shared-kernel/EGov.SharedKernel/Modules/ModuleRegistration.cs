using EGov.SharedKernel.Events;
using EGov.SharedKernel.Orleans;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace EGov.SharedKernel.Modules;

/// <summary>
/// A module the host composes, and whether this deployment runs it (<c>Modules:&lt;Name&gt;:Enabled</c>, default true).
/// Registered for every module, on or off; the <see cref="ModuleDescriptor"/> itself only for modules that are on.
/// </summary>
public sealed record ModuleSwitch(ModuleDescriptor Module, bool Enabled);

/// <summary>The mechanics every module's <c>Add…Module</c> and <c>Map…Module</c> share.</summary>
public static class ModuleRegistration
{
    /// <summary>The configuration section of the module switches: <c>Modules:&lt;Name&gt;:Enabled</c>.</summary>
    public const string Section = "Modules";

    /// <summary>
    /// Registers a module unless this deployment switches it off (<c>Modules:&lt;Name&gt;:Enabled=false</c>): its
    /// descriptor, its OpenAPI document and its DbContext on the platform's PostgreSQL, with the migrations history
    /// table and the outbox/inbox/audit tables in the module's own schema. Returns false when the module is off; the
    /// module's <c>Add…Module</c> then returns at once, so nothing else of it is registered (routes, subscriptions,
    /// local copies, grain storage, hosted services, options), and its migrations do not run.
    /// </summary>
    public static bool TryAddModule<TDb>(this IHostApplicationBuilder builder, ModuleDescriptor module)
        where TDb : ModuleDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(module);
        var enabled = IsSwitchedOn(builder.Configuration, module);
        builder.Services.AddSingleton(new ModuleSwitch(module, enabled));
        if (!enabled)
        {
            // Orleans finds grain classes in every assembly it loads; a module that is off has none to activate.
            var assembly = typeof(TDb).Assembly;
            builder.Services.PostConfigure<GrainTypeOptions>(options =>
            {
                foreach (var grain in options.Classes.Where(t => t.Assembly == assembly).ToList())
                {
                    options.Classes.Remove(grain);
                }
            });
            return false;
        }

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
        return true;
    }

    /// <summary>
    /// True when <see cref="TryAddModule{TDb}"/> registered the module: the first line of every <c>Map…Module</c>,
    /// which maps nothing for a module that is off (or was never added).
    /// </summary>
    public static bool IsModuleEnabled(this IEndpointRouteBuilder endpoints, ModuleDescriptor module)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.ServiceProvider.GetServices<ModuleDescriptor>().Contains(module);
    }

    /// <summary><c>Modules:&lt;Name&gt;:Enabled</c>: unset means on; anything but true or false stops the start.</summary>
    private static bool IsSwitchedOn(IConfiguration configuration, ModuleDescriptor module)
    {
        var key = $"{Section}:{module.Name}:Enabled";
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        return bool.TryParse(value.Trim(), out var enabled)
            ? enabled
            : throw new OptionsValidationException(key, typeof(ModuleSwitch), [$"{key} must be true or false (got '{value}')."]);
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
