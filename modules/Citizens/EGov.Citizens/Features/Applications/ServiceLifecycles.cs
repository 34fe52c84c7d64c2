using System.Collections.Concurrent;
using EGov.BuildingBlocks.Casework;
using EGov.Citizens.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Features.Applications;

/// <summary>
/// The lifecycle each application follows: the one of the service version it was filed against, as its package
/// defined it (<c>g2c.services.lifecycle</c>). Versions never change once published, so a lifecycle read once is
/// kept for the life of the process.
/// </summary>
internal sealed class ServiceLifecycles
{
    private readonly ConcurrentDictionary<(string Code, int Version), LifecycleDefinition> _parsed = new();

    public async ValueTask<LifecycleDefinition> ForAsync(CitizensDb db, string serviceCode, int serviceVersion, CancellationToken ct)
    {
        if (_parsed.TryGetValue((serviceCode, serviceVersion), out var known))
        {
            return known;
        }

        var lifecycle = await db.Services.AsNoTracking()
            .Where(s => s.Code == serviceCode && s.Version == serviceVersion)
            .Select(s => s.Lifecycle)
            .SingleAsync(ct);
        return _parsed.GetOrAdd((serviceCode, serviceVersion), lifecycle);
    }
}
