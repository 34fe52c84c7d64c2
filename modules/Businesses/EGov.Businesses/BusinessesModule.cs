using EGov.Agencies.Contracts;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Packages;
using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Filings;
using EGov.Businesses.Features.Inbox;
using EGov.Businesses.Features.Licences;
using EGov.Businesses.Features.Procurement;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Features.Representation;
using EGov.Businesses.Integration;
using EGov.Businesses.Persistence;
using EGov.Businesses.Sessions;
using EGov.SharedKernel.Events;
using EGov.SharedKernel.Modules;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EGov.Businesses;

/// <summary>G2B — businesses: registry, filings, mandates, business sessions.</summary>
public static class BusinessesModule
{
    internal static readonly ModuleDescriptor Descriptor = new(
        "Businesses",
        "g2b",
        "EGov.Platform — G2B (businesses)",
        "Government to business: the business register (companies, officers, beneficial owners, an immutable ledger of effective-dated filings, annual confirmation), " +
        "who may act for a business (officers from the register, mandates to people and system users), business sessions and the business inbox, " +
        "licences and permits (licence types as packages, applications decided by the issuing agency, signed licences, renewal, suspension, revocation, expiry, a public register), " +
        "and public procurement published as open contracting data.");

    public static IHostApplicationBuilder AddBusinessesModule(this IHostApplicationBuilder builder)
    {
        if (!builder.TryAddModule<BusinessesDb>(Descriptor))
        {
            return builder;
        }

        builder.AddModuleGrains(Descriptor);
        builder.Services.AddOptions<BusinessesOptions>()
            .BindConfiguration(BusinessesOptions.Section)
            .Configure<IHostEnvironment>((options, environment) => options.SeedDevelopmentRegistry ??= environment.IsDevelopment())
            .Validate(o => o.FilingLimit >= 1 && o.FilingWindowSeconds >= 1, "Businesses:FilingLimit and Businesses:FilingWindowSeconds are at least 1.")
            .Validate(o => o.ReminderDaysBefore is >= 1 and <= 180, "Businesses:ReminderDaysBefore is between 1 and 180.")
            .Validate(o => o.ConfirmationSweepSeconds is >= 1 and <= 86400, "Businesses:ConfirmationSweepSeconds is between 1 and 86400.")
            .Validate(o => o.LicenceSweepSeconds is >= 1 and <= 86400, "Businesses:LicenceSweepSeconds is between 1 and 86400.")
            .ValidateOnStart();
        builder.Services.AddNotices<BusinessesDb>(BusinessInbox.LoadTemplates());
        builder.Services.AddScoped<BusinessPowers>();
        builder.Services.AddScoped<ISessionPowers, SessionPowers>();
        builder.Services.AddScoped<IBusinessFiling, BusinessFiling>();
        builder.Services.AddScoped<IBusinessDirectory, BusinessDirectory>();
        builder.Services.AddSingleton<ConfirmationSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConfirmationSweep>());

        // The living registry of Development (a data file), never in Production: the option defaults to off outside Development.
        builder.Services.AddModuleSeeder<DevelopmentRegistrySeeder>();
        builder.Services.AddProcurement();
        builder.Services.AddLicensing();
        builder.Services.Configure<OpenApiOptions>(Descriptor.OpenApiDocument, options => options.AddFormSchemas());

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

        var module = endpoints.MapModuleGroup(Descriptor);
        PublicRegister.Map(module);
        RegisterBusiness.Map(module);
        BusinessRecord.Map(module);
        var business = module.MapBusiness();
        FileFiling.Map(business);
        SessionEndpoints.Map(business);
        Mandates.Map(business);
        BusinessInbox.Map(business, module);
        ProcurementRegistration.MapProcurement(module, business);
        LicensingRegistration.MapLicensing(module, business);
        endpoints.MapPackageSchema(LicenceTypePackage.Kind);
        return endpoints;
    }
}
