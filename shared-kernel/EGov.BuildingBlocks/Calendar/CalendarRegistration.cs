using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EGov.BuildingBlocks.Calendar;

public static class CalendarRegistration
{
    /// <summary>Registers the platform's working calendar (idempotent: every module may call it).</summary>
    public static IServiceCollection AddWorkingCalendar(this IServiceCollection services)
    {
        services.AddOptions<CalendarOptions>().BindConfiguration(CalendarOptions.Section);
        services.TryAddSingleton<IWorkingCalendar, ConfiguredWorkingCalendar>();
        return services;
    }
}
