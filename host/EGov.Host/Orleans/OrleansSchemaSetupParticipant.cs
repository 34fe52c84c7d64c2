using Orleans.Runtime;

namespace EGov.Host.Orleans;

/// <summary>
/// Runs <see cref="OrleansDatabaseSetup"/> in the silo's first lifecycle stage, so it has finished before
/// the membership table, the reminder table or anything else opens the query catalog
/// (those start at <see cref="ServiceLifecycleStage.RuntimeInitialize"/> and later). This holds whatever
/// order the host registers its hosted services in. A failure stops the silo, and with it the host.
/// </summary>
internal sealed class OrleansSchemaSetupParticipant(OrleansDatabaseSetup setup) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(OrleansSchemaSetupParticipant), ServiceLifecycleStage.First, setup.ApplyAsync);
    }
}
