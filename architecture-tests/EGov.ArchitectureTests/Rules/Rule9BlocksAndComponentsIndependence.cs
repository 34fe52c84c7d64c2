using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

/// <summary>Checked once per building block unit and once per host component (the development issuer).</summary>
public sealed class Rule9BlocksAndComponentsIndependence : ArchitectureRule
{
    public override int Number => 9;

    public override string Title => "building blocks and host components depend on no module and not on the host";

    public override string Reason =>
        "a building block serves every module and a host component serves the host; one that knows a module ties everyone who uses it to that module (and breaks when the module is switched off), one that knows the host makes a cycle.";

    public override IEnumerable<string> Subjects(PlatformModel platform) =>
        platform.BuildingBlocks.Concat(platform.HostComponents).Select(u => u.Name);

    protected override IEnumerable<Violation> Find(PlatformModel platform, string subject)
    {
        var unit = platform.Unit(subject);
        var fix = unit.Role == UnitRole.BuildingBlocks
            ? "take what the block needs as a parameter or a generic type, or move the code into the module"
            : "talk to modules over their HTTP API or the host's composition, not their code";

        foreach (var module in platform.Modules)
        {
            foreach (var type in Dependencies.OnAny(unit, module.Implementation.DependencyNames()))
            {
                yield return new(type, $"depends on the {module.Name} implementation; {fix}");
            }

            foreach (var type in Dependencies.OnAny(unit, module.Contracts.DependencyNames()))
            {
                yield return new(type, $"depends on the {module.Name} Contracts; {fix}");
            }
        }

        foreach (var type in Dependencies.OnAny(unit, platform.Host.DependencyNames()))
        {
            yield return new(type, "depends on the host, which composes it; pass what it needs in through its entry point");
        }

        if (unit.Role != UnitRole.BuildingBlocks)
        {
            yield break;
        }

        foreach (var component in platform.HostComponents)
        {
            foreach (var type in Dependencies.OnAny(unit, component.DependencyNames()))
            {
                yield return new(type, $"depends on host component {component.Name}; a block builds on the shared kernel only");
            }
        }
    }
}
