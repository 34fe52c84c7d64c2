using BrokenPlatform.Host;
using BrokenPlatform.Issuer;
using BrokenPlatform.Kernel;
using BrokenPlatform.Licences;
using BrokenPlatform.Permits.Contracts;

namespace BrokenPlatform.Blocks;

/// <summary>Compliant: a block builds on the kernel and is public, since modules compose it.</summary>
public sealed record WorkingDay(DateOnly Date)
{
    public static WorkingDay Today(TimeProvider clock) => new(DateOnly.FromDateTime(KernelClock.Now(clock).UtcDateTime));
}

/// <summary>A block that knows a module's event.</summary>
[Violates(9, "depends on the Permits Contracts")]
public static class PermitNoticeTemplate
{
    public static string Render(PermitIssued issued) => $"Permit {issued.PermitId} issued to {issued.Holder}.";
}

/// <summary>A block that reaches into a module's implementation.</summary>
[Violates(9, "depends on the Licences implementation")]
public static class LicenceCheck
{
    public static bool IsKnown(string licence) => LicenceRegistry.Contains(licence);
}

/// <summary>A block that knows the host which composes it.</summary>
[Violates(9, "depends on the host")]
public static class ComposedServices
{
    public static IList<string> All(IList<string> services) => HostComposition.Compose(services);
}

/// <summary>A block that uses a host component.</summary>
[Violates(9, "depends on host component")]
public static class DemoTokens
{
    public static string For(string username) => IssuerHosting.Token(username);
}
