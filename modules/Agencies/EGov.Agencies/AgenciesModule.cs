using EGov.Agencies.Contracts;
using EGov.Agencies.Features.Registry;
using EGov.Agencies.Integration;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EGov.Agencies;

/// <summary>G2G — agencies: the agency registry, data exchange, notices, grants, public resources, audits.</summary>
public static class AgenciesModule
{
    internal static readonly ModuleDescriptor Descriptor = new(
        "Agencies",
        "g2g",
        "EGov.Platform — G2G (agencies)",
        "Government to government: the registry of public bodies that every other module refers to.");

    public static IHostApplicationBuilder AddAgenciesModule(this IHostApplicationBuilder builder)
    {
        if (!builder.TryAddModule<AgenciesDb>(Descriptor))
        {
            return builder;
        }

        builder.Services.AddScoped<IAgencyDirectory, AgencyDirectory>();
        builder.Services.AddOptions<AgencySeedOptions>()
            .BindConfiguration(AgencySeedOptions.Section)
            .Configure<IHostEnvironment>((options, environment) => options.SeedDemoAgencies ??= environment.IsDevelopment());
        builder.Services.AddHostedService<DemoAgencySeeder>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAgenciesModule(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.IsModuleEnabled(Descriptor))
        {
            return endpoints;
        }

        var module = endpoints.MapModuleGroup(Descriptor);
        var agencies = module.MapGroup("/agencies");
        RegisterAgency.Map(agencies);
        UpdateAgency.Map(agencies);
        ReadAgencies.Map(agencies);
        return endpoints;
    }
}
