using System.Collections.Concurrent;
using EGov.BuildingBlocks.Casework;
using EGov.Citizens.Persistence;

namespace EGov.Citizens.Features.Applications;

/// <summary>
/// The lifecycle each application follows: the one of the service version it was filed against. Versions never
/// change once published, so a parsed lifecycle is kept for the life of the process.
/// </summary>
internal sealed class ServiceLifecycles
{
    private const string StandardResource = "EGov.Citizens.Features.Applications.standard-lifecycle.json";

    private readonly ConcurrentDictionary<(string Code, int Version), LifecycleDefinition> _parsed = new();

    /// <summary>The standard G2C lifecycle (submitted, in review, information requested, approved, rejected, withdrawn).</summary>
    public static LifecycleDefinition Standard { get; } = LoadStandard();

    public ValueTask<LifecycleDefinition> ForAsync(CitizensDb db, string serviceCode, int serviceVersion, CancellationToken ct)
    {
        _ = db;
        _ = ct;
        return ValueTask.FromResult(_parsed.GetOrAdd((serviceCode, serviceVersion), _ => Standard));
    }

    private static LifecycleDefinition LoadStandard()
    {
        using var stream = typeof(ServiceLifecycles).Assembly.GetManifestResourceStream(StandardResource)
            ?? throw new InvalidOperationException($"The resource {StandardResource} is missing.");
        using var reader = new StreamReader(stream);
        return LifecycleDefinition.FromJson(reader.ReadToEnd());
    }
}
