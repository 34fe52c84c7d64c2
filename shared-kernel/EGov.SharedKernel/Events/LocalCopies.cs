using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.SharedKernel.Events;

/// <summary>
/// A module's local copy of another module's record, fed by that module's events. Events carry a full snapshot
/// and a version, so a copy only moves forward, whatever order and however often events arrive.
/// </summary>
public interface ILocalCopy<in TSnapshot>
{
    long Version { get; }

    void CopyFrom(TSnapshot snapshot);
}

public static class LocalCopies
{
    /// <summary>
    /// Keeps <typeparamref name="TCopy"/> rows of <typeparamref name="TDb"/> up to date from
    /// <typeparamref name="TEvent"/>, behind the module's inbox.
    /// </summary>
    public static IServiceCollection AddLocalCopy<TEvent, TSnapshot, TCopy, TDb>(
        this IServiceCollection services,
        string consumer,
        Func<TEvent, TSnapshot> snapshotOf,
        Func<TSnapshot, object> keyOf,
        Func<TSnapshot, long> versionOf)
        where TEvent : IIntegrationEvent
        where TCopy : class, ILocalCopy<TSnapshot>, new()
        where TDb : ModuleDbContext
    {
        services.AddSingleton(new LocalCopyMapping<TEvent, TSnapshot>(snapshotOf, keyOf, versionOf));
        return services.AddIntegrationEventHandler<TEvent, LocalCopyHandler<TEvent, TSnapshot, TCopy, TDb>, TDb>(consumer);
    }
}

internal sealed record LocalCopyMapping<TEvent, TSnapshot>(
    Func<TEvent, TSnapshot> SnapshotOf, Func<TSnapshot, object> KeyOf, Func<TSnapshot, long> VersionOf);

internal sealed class LocalCopyHandler<TEvent, TSnapshot, TCopy, TDb>(TDb db, LocalCopyMapping<TEvent, TSnapshot> mapping)
    : IIntegrationEventHandler<TEvent>
    where TEvent : IIntegrationEvent
    where TCopy : class, ILocalCopy<TSnapshot>, new()
    where TDb : ModuleDbContext
{
    public async Task HandleAsync(TEvent integrationEvent, IntegrationEventEnvelope envelope, CancellationToken cancellationToken)
    {
        var snapshot = mapping.SnapshotOf(integrationEvent);
        var copies = db.Set<TCopy>();
        var existing = await copies.FindAsync([mapping.KeyOf(snapshot)], cancellationToken);
        if (existing is null)
        {
            var copy = new TCopy();
            copy.CopyFrom(snapshot);
            copies.Add(copy);
        }
        else if (mapping.VersionOf(snapshot) > existing.Version)
        {
            existing.CopyFrom(snapshot);
        }
    }
}
