using BrokenPlatform.Permits.Persistence;

namespace BrokenPlatform.Permits;

/// <summary>Compliant entry point: the only public type of the module, publishing Add/Map only.</summary>
public static class PermitsModule
{
    public static IList<string> AddPermitsModule(this IList<string> services)
    {
        services.Add(nameof(PermitsDb));
        return services;
    }

    public static IList<string> MapPermitsModule(this IList<string> endpoints)
    {
        endpoints.Add("/api/permits");
        return endpoints;
    }
}
