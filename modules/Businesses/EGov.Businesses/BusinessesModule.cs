using EGov.Agencies.Contracts;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Events;
using EGov.SharedKernel.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace EGov.Businesses;

/// <summary>G2B — businesses: registry, mandates, licences, procurement.</summary>
public static class BusinessesModule
{
    internal static readonly ModuleDescriptor Descriptor = new(
        "Businesses",
        "g2b",
        "EGov.Platform — G2B (businesses)",
        "Government to business: business registry, representatives and mandates, licences and permits, procurement.");

    public static IHostApplicationBuilder AddBusinessesModule(this IHostApplicationBuilder builder)
    {
        if (!builder.TryAddModule<BusinessesDb>(Descriptor))
        {
            return builder;
        }

        // The module's copy of the agency registry, fed by the Agencies module's events.
        builder.Services.AddLocalCopy<AgencyRegistered, AgencySnapshot, AgencyCopy, BusinessesDb>("g2b.agency-copy", e => e.Agency, a => a.Code, a => a.Version);
        builder.Services.AddLocalCopy<AgencyUpdated, AgencySnapshot, AgencyCopy, BusinessesDb>("g2b.agency-copy", e => e.Agency, a => a.Code, a => a.Version);
        return builder;
    }

    public static IEndpointRouteBuilder MapBusinessesModule(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.IsModuleEnabled(Descriptor))
        {
            return endpoints;
        }

        endpoints.MapModuleGroup(Descriptor);
        return endpoints;
    }
}
