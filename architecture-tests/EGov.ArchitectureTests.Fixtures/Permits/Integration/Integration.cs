using BrokenPlatform.Kernel;
using BrokenPlatform.Licences;
using BrokenPlatform.Licences.Contracts;

namespace BrokenPlatform.Permits.Integration;

/// <summary>Compliant: another module's Contracts may be used.</summary>
internal sealed class LicenceGrantedHandler
{
    public DateTimeOffset Handle(LicenceGranted granted, TimeProvider clock) =>
        granted.GrantedAt > KernelClock.Now(clock) ? granted.GrantedAt : KernelClock.Now(clock);
}

/// <summary>Uses another module's implementation.</summary>
[Violates(1, "Licences")]
internal sealed class LicenceCheck
{
    public bool IsValid(string licence) => LicenceRegistry.Contains(licence);
}

/// <summary>An integration event outside a Contracts assembly.</summary>
[Violates(6, "outside Contracts")]
internal sealed record PermitChecked(Guid PermitId) : IIntegrationEvent;
