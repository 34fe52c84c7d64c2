using BrokenPlatform.Kernel;
using BrokenPlatform.Licences;
using BrokenPlatform.Permits;
using BrokenPlatform.Permits.Contracts;
using BrokenPlatform.Permits.Persistence;
using BrokenPlatform.Permits.Sessions;
using Orleans;

namespace BrokenPlatform.Host;

/// <summary>Compliant: composes modules through their entry points and reads their Contracts.</summary>
internal static class HostComposition
{
    public static IList<string> Compose(IList<string> services) =>
        services.AddPermitsModule().AddLicencesModule().MapPermitsModule().MapLicencesModule();

    public static string Describe(PermitIssued issued) => issued.Holder;
}

/// <summary>The host reaches past the entry point into a module's persistence.</summary>
[Violates(8, "Permits")]
internal sealed class HostDatabaseAccess(PermitsDb db)
{
    public PermitsDb Db { get; } = db;
}

/// <summary>The host calls a module's grain directly.</summary>
[Violates(7, "IPermitSessionGrain")]
[Violates(8, "Permits")]
internal sealed class HostSessionProbe(IGrainFactory grains)
{
    public Task<int> DraftsAsync(string subject) => grains.GetGrain<IPermitSessionGrain>(subject).CountDraftsAsync();
}
