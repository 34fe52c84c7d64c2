using BrokenPlatform.Kernel;

// A hand-written public type hiding in Orleans' namespace: only code that Orleans itself generated is exempt.
namespace OrleansCodeGen.BrokenPlatform.Permits.Features;

[Violates(5, "public")]
public sealed class PermitCodec
{
    public string Name { get; } = "permit";
}
