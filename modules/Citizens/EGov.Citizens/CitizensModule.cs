using EGov.Agencies.Contracts;
using EGov.Citizens.Features.Session;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Events;
using EGov.SharedKernel.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace EGov.Citizens;

/// <summary>G2C — citizens: services, applications, decisions, documents, inbox, disclosure.</summary>
public static class CitizensModule
{
    internal static readonly ModuleDescriptor Descriptor = new(
        "Citizens",
        "g2c",
        "EGov.Platform — G2C (citizens)",
        "Government to citizen: service catalogue and e-forms, drafts, applications and cases, decisions, verifiable documents, inbox, information disclosure.");

    public static IHostApplicationBuilder AddCitizensModule(this IHostApplicationBuilder builder)
    {
        builder.AddModule<CitizensDb>(Descriptor);
        builder.AddModuleGrains(Descriptor);

        // The module's copy of the agency registry, fed by the Agencies module's events.
        builder.Services.AddLocalCopy<AgencyRegistered, AgencySnapshot, AgencyCopy, CitizensDb>("g2c.agency-copy", e => e.Agency, a => a.Code, a => a.Version);
        builder.Services.AddLocalCopy<AgencyUpdated, AgencySnapshot, AgencyCopy, CitizensDb>("g2c.agency-copy", e => e.Agency, a => a.Code, a => a.Version);
        return builder;
    }

    public static IEndpointRouteBuilder MapCitizensModule(this IEndpointRouteBuilder endpoints)
    {
        var module = endpoints.MapModuleGroup(Descriptor);
        SessionEndpoints.Map(module);
        return endpoints;
    }
}
