using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Documents;
using EGov.Businesses.Domain;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EGov.Businesses.Features.Licences;

/// <summary>Licences and permits of the G2B module: licence types, applications, the back office, the public register, the sweep.</summary>
internal static class LicensingRegistration
{
    public static IServiceCollection AddLicensing(this IServiceCollection services)
    {
        services.AddWorkingCalendar();
        services.AddDocumentSource<BusinessesDb, LicenceDocumentIssuers>();
        services.AddScoped<LicenceCases>();
        services.AddScoped<LicenceFiling>();
        services.AddModuleSeeder<LicenceTypeSeeder>();
        services.AddModuleSeeder<DevelopmentLicenceSeeder>();
        services.AddSingleton<LicenceSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<LicenceSweep>());
        services.AddOverdueSweep<BusinessesDb, LicenceApplication, LicenceApplicationOverdue>(
            sp => TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<BusinessesOptions>>().Value.LicenceSweepSeconds));
        return services;
    }

    public static void MapLicensing(IEndpointRouteBuilder module, RouteGroupBuilder business)
    {
        LicenceCatalogue.Map(module);
        LicenceRegister.Map(module);
        LicensingBackOffice.Map(module);
        BusinessLicences.Map(business);
    }
}
