using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Businesses.Features.Procurement;

/// <summary>Public procurement of the G2B module: tenders, sealed bids, opening, awards, contracts, OCDS publication.</summary>
internal static class ProcurementRegistration
{
    public static IServiceCollection AddProcurement(this IServiceCollection services)
    {
        services.AddOptions<ProcurementOptions>()
            .BindConfiguration(ProcurementOptions.Section)
            .Validate(ProcurementOptions.Valid, "Businesses:Procurement:OcidPrefix is ocds- and 6 lower-case letters or digits; StandstillWorkingDays and EnquiryExtensionWorkingDays are 1 to 60; MaxContractValueIncreasePercent is 0 to 100; PublisherName is set.")
            .ValidateOnStart();
        services.AddSingleton<TenderKeys>();
        services.AddModuleSeeder<DevelopmentTenderSeeder>();
        return services;
    }

    public static void MapProcurement(IEndpointRouteBuilder module, Microsoft.AspNetCore.Routing.RouteGroupBuilder business)
    {
        Tenders.Map(module);
        Ocds.Map(module);
        Dialogue.MapOfficers(module);
        Bids.Map(business);
        Dialogue.MapBusinesses(business);
    }
}
