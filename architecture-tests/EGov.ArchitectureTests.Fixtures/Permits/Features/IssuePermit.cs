using BrokenPlatform.Kernel;
using BrokenPlatform.Permits.Domain;

namespace BrokenPlatform.Permits.Features;

/// <summary>Compliant: a feature is internal, and a public type nested in it is still invisible outside.</summary>
internal static class IssuePermit
{
    public sealed record Request(string Holder);

    public static Permit Handle(Request request) => new(Guid.NewGuid(), request.Holder);
}

/// <summary>A public type in a module implementation.</summary>
[Violates(5, "public")]
public sealed class PermitEndpoints
{
    public string Route { get; } = "/api/permits";
}
