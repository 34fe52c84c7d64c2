using EGov.Agencies.Contracts;
using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Documents;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Packages;
using EGov.Citizens.Domain;
using EGov.Citizens.Sessions;
using Microsoft.AspNetCore.OpenApi;
using EGov.Citizens.Contracts;
using EGov.Citizens.Integration;
using EGov.Citizens.Features.Applications;
using EGov.Citizens.Features.BackOffice;
using EGov.Citizens.Features.Catalogue;
using EGov.Citizens.Features.DataAccess;
using EGov.Citizens.Features.Disclosure;
using EGov.Citizens.Features.Documents;
using EGov.Citizens.Features.Inbox;
using EGov.Citizens.Features.Performance;
using EGov.Citizens.Features.Profile;
using EGov.Citizens.Features.Session;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Events;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Persistence;

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
        if (!builder.TryAddModule<CitizensDb>(Descriptor))
        {
            return builder;
        }

        builder.Services.Configure<OpenApiOptions>(Descriptor.OpenApiDocument, options => options.AddFormSchemas());
        builder.AddModuleGrains(Descriptor);
        builder.Services.AddOptions<CitizensOptions>()
            .BindConfiguration(CitizensOptions.Section)
            .Validate(o => o.SubmissionLimit >= 1 && o.SubmissionWindowSeconds >= 1, "Citizens:SubmissionLimit and Citizens:SubmissionWindowSeconds are at least 1.")
            .Validate(o => o.AttachmentMaxBytes is >= 1 and <= 100 * 1024 * 1024, "Citizens:AttachmentMaxBytes is between 1 and 104857600.")
            .Validate(o => o.OverdueSweepSeconds is >= 1 and <= 86400, "Citizens:OverdueSweepSeconds is between 1 and 86400.")
            .Validate(o => o.DisclosureDeadlineDays is >= 1 and <= 365, "Citizens:DisclosureDeadlineDays is between 1 and 365.")
            .Validate(o => o.FormCacheSeconds is >= 0 and <= 3600, "Citizens:FormCacheSeconds is between 0 and 3600.")
            .Validate(o => string.IsNullOrWhiteSpace(o.VerificationPageUrl) || (Uri.TryCreate(o.VerificationPageUrl, UriKind.Absolute, out var page) && page.Scheme is "https" or "http"), "Citizens:VerificationPageUrl is an absolute http(s) URL.")
            .ValidateOnStart();
        builder.Services.AddNotices<CitizensDb>(InboxEndpoints.LoadTemplates());
        builder.Services.AddWorkingCalendar();
        builder.Services.AddScoped<CitizenNotifier>();
        builder.Services.AddSingleton<ServiceLifecycles>();
        builder.Services.AddScoped<CaseActions>();
        builder.Services.AddScoped<IApplicationFiling, ApplicationSubmission>();
        builder.Services.AddScoped<DocumentIssuer>();
        builder.Services.AddDocumentSource<CitizensDb, AgencyIssuerNames>();
        builder.Services.AddSingleton<CurrentForms>();

        // The shipped catalogue (g2c-service packages) is seeded after the migrations.
        builder.Services.AddModuleSeeder<CatalogueSeeder>();
        builder.Services.AddOverdueSweep<CitizensDb, Application, ApplicationOverdue>(
            sp => TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<CitizensOptions>>().Value.OverdueSweepSeconds));
        builder.Services.AddScoped<CitizenDirectory>();
        builder.Services.AddScoped<ICitizenDirectory>(sp => sp.GetRequiredService<CitizenDirectory>());
        builder.Services.AddScoped<ICitizenContacts>(sp => sp.GetRequiredService<CitizenDirectory>());

        // The module's copy of the agency registry, fed by the Agencies module's events.
        builder.Services.AddLocalCopy<AgencyRegistered, AgencySnapshot, AgencyCopy, CitizensDb>("g2c.agency-copy", e => e.Agency, a => a.Code, a => a.Version);
        builder.Services.AddLocalCopy<AgencyUpdated, AgencySnapshot, AgencyCopy, CitizensDb>("g2c.agency-copy", e => e.Agency, a => a.Code, a => a.Version);
        return builder;
    }

    public static IEndpointRouteBuilder MapCitizensModule(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.IsModuleEnabled(Descriptor))
        {
            return endpoints;
        }

        var module = endpoints.MapModuleGroup(Descriptor);
        var services = module.MapGroup("/services");
        ReadCatalogue.Map(services);
        ServicePackages.Map(services);
        endpoints.MapPackageSchema(ServicePackage.Kind);
        Profile.Map(module);
        SessionEndpoints.Map(module);
        var applications = module.MapGroup("/applications").RequireAccess(Access.AnyOf(PlatformRoles.Citizen));
        SubmitApplication.Map(applications);
        MyApplications.Map(applications);
        Attachments.Map(applications);
        CaseWork.Map(module);
        InboxEndpoints.Map(module);
        DocumentEndpoints.Map(module);
        Disclosures.Map(module);
        DataAccessEndpoints.Map(module);
        ServicePerformance.Map(module);
        return endpoints;
    }
}
