using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EGov.SharedKernel.Events;

public static class EventsRegistration
{
    /// <summary>The outbox dispatcher, its settings and the operators' monitor.</summary>
    public static IServiceCollection AddIntegrationEvents(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OutboxMonitor>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
