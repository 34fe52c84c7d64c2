using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

public sealed class Rule1ModuleIsolation : ModuleRule
{
    public override int Number => 1;

    public override string Title => "a module's implementation uses no other module's implementation";

    public override string Reason =>
        "modules meet only through published Contracts, so each can change its internals, schema and grains without breaking another.";

    protected override IEnumerable<Violation> Find(PlatformModel platform, ModuleUnderTest module)
    {
        foreach (var other in platform.Modules.Where(m => m != module))
        {
            foreach (var type in Dependencies.OnAny(module.Implementation, other.Implementation.DependencyNames()))
            {
                yield return new(type, $"depends on the {other.Name} implementation; use the {other.Name} Contracts (an event or a directory interface)");
            }
        }
    }
}
