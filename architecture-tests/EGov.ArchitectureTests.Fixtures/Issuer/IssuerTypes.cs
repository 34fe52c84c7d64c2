using BrokenPlatform.Blocks;
using BrokenPlatform.Kernel;
using BrokenPlatform.Permits.Domain;

namespace BrokenPlatform.Issuer;

/// <summary>Compliant: a host component (the fixture's development issuer) uses the kernel and the blocks.</summary>
public static class IssuerHosting
{
    public static string Token(string username) => $"token-for-{username}";

    public static WorkingDay IssuedOn(TimeProvider clock) => WorkingDay.Today(clock);
}

/// <summary>A host component that reaches into a module.</summary>
[Violates(9, "depends on the Permits implementation")]
internal static class IssuerPermitClaims
{
    public static string Holder(Permit permit) => permit.Holder;
}
