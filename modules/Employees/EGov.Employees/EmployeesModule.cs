using EGov.Agencies.Contracts;
using EGov.Employees.Persistence;
using EGov.SharedKernel.Events;
using EGov.SharedKernel.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace EGov.Employees;

/// <summary>G2E — employees: personnel, payroll, training, leave.</summary>
public static class EmployeesModule
{
    internal static readonly ModuleDescriptor Descriptor = new(
        "Employees",
        "g2e",
        "EGov.Platform — G2E (employees)",
        "Government to employee: personnel records, payroll, training, leave, and the staff who work the cases.");

    public static IHostApplicationBuilder AddEmployeesModule(this IHostApplicationBuilder builder)
    {
        if (!builder.TryAddModule<EmployeesDb>(Descriptor))
        {
            return builder;
        }

        // The module's copy of the agency registry, fed by the Agencies module's events.
        builder.Services.AddLocalCopy<AgencyRegistered, AgencySnapshot, AgencyCopy, EmployeesDb>("g2e.agency-copy", e => e.Agency, a => a.Code, a => a.Version);
        builder.Services.AddLocalCopy<AgencyUpdated, AgencySnapshot, AgencyCopy, EmployeesDb>("g2e.agency-copy", e => e.Agency, a => a.Code, a => a.Version);
        return builder;
    }

    public static IEndpointRouteBuilder MapEmployeesModule(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.IsModuleEnabled(Descriptor))
        {
            return endpoints;
        }

        endpoints.MapModuleGroup(Descriptor);
        return endpoints;
    }
}
