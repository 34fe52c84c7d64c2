using BrokenPlatform.Kernel;

namespace BrokenPlatform.Licences;

/// <summary>An entry point that publishes more than Add/Map.</summary>
[Violates(8, "SchemaName")]
public static class LicencesModule
{
    public const string SchemaName = "licences";

    public static IList<string> AddLicencesModule(this IList<string> services)
    {
        services.Add(SchemaName);
        return services;
    }

    public static IList<string> MapLicencesModule(this IList<string> endpoints)
    {
        endpoints.Add("/api/licences");
        return endpoints;
    }
}

/// <summary>Compliant on its own: internal (rule 1 reports the module that reaches into it).</summary>
internal static class LicenceRegistry
{
    private static readonly HashSet<string> Known = ["L-1"];

    public static bool Contains(string licence) => Known.Contains(licence);
}
