using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

public sealed class Rule10SessionsIndependence : ModuleRule
{
    public override int Number => 10;

    public override string Title => "Sessions depend on no Features";

    public override string Reason =>
        "features call the session grains; grains that call back into features make the two folders one tangle, so a grain returns a domain result and the endpoint maps it to HTTP.";

    protected override IEnumerable<Violation> Find(PlatformModel platform, ModuleUnderTest module)
    {
        var sessions = $"{module.RootNamespace}.Sessions";
        var features = $"{module.RootNamespace}.Features";
        bool InSessions(Mono.Cecil.TypeDefinition t) => Names.IsWithin(CodeUnit.Outermost(t).Namespace ?? string.Empty, sessions);

        foreach (var type in Dependencies.OnAny(module.Implementation, [features], InSessions))
        {
            yield return new(type, $"depends on {features}; return a domain result from the grain and let the feature act on it");
        }
    }
}
