using EGov.Agencies.Contracts;
using EGov.Agencies.Features.Directory;
using EGov.Agencies.Features.Exchange;
using EGov.Agencies.Features.MessageLog;
using EGov.Agencies.Features.Registry;
using EGov.Agencies.Features.Rights;
using EGov.Agencies.Integration;
using EGov.Agencies.Integration.Answers;
using EGov.Agencies.Persistence;
using EGov.BuildingBlocks.Documents;
using EGov.SharedKernel.Modules;
using EGov.SharedKernel.Persistence;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        "Government to government: the registry of public bodies that every other module refers to, and the data exchange between " +
        "agencies: the directory of data services, access rights, the exchange gateway and its signed message log.");

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
        builder.AddDataExchange();
        return builder;
    }

    /// <summary>The data exchange: directory, rights, gateway, message log writer and signer, module answers.</summary>
    private static void AddDataExchange(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSignedDocuments();
        services.AddOptions<MessageLogOptions>().BindConfiguration(MessageLogOptions.Section);
        services.AddOptions<ExchangeOptions>().BindConfiguration(ExchangeOptions.Section);
        services.AddSingleton<MessageLogWriter>();
        services.AddSingleton<IMessageLog>(sp => sp.GetRequiredService<MessageLogWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<MessageLogWriter>());
        services.AddSingleton<MessageLogSigner>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageLogSigner>());

        // The forwarder enforces the per-call timeout itself (a clear 504), so the client's own stays out of the way.
        services.AddHttpClient(ExchangeOptions.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5) });
        services.AddScoped<AgencySystemForwarder>();
        services.AddScoped<ExchangeGateway>();
        services.AddScoped<DataServiceAnswers>();
        services.AddScoped<IDataAccessLog, DataAccessLog>();
        services.AddDataServiceAnswer<PersonBasicRecordAnswer>();
        services.AddOptions<ExchangeSeedOptions>()
            .BindConfiguration(ExchangeSeedOptions.Section)
            .Configure<IHostEnvironment>((options, environment) => options.SeedDemoExchange ??= environment.IsDevelopment());
        services.AddModuleSeeder<ExchangeDemoSeeder>();
    }

    /// <summary>Registers a module-answered data service's answer (one line per answer, inside G2G).</summary>
    private static IServiceCollection AddDataServiceAnswer<TAnswer>(this IServiceCollection services)
        where TAnswer : class, IDataServiceAnswer
    {
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IDataServiceAnswer, TAnswer>());
        return services;
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
        DataServices.Map(module);
        AccessRights.Map(module);
        ExchangeEndpoint.Map(module);
        LogEndpoints.Map(module);
        return endpoints;
    }
}
