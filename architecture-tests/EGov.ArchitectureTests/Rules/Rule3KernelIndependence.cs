using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

/// <summary>Checked once per module and once per building block unit: the kernel knows neither.</summary>
public sealed class Rule3KernelIndependence : ArchitectureRule
{
    public override int Number => 3;

    public override string Title => "the shared kernel depends on no module and no building block";

    public override string Reason =>
        "every module depends on the shared kernel and the building blocks build on it; a kernel that knows a module or a block makes a cycle and drags it into everything else.";

    public override IEnumerable<string> Subjects(PlatformModel platform) =>
        platform.Modules.Select(m => m.Name).Concat(platform.BuildingBlocks.Select(b => b.Name));

    protected override IEnumerable<Violation> Find(PlatformModel platform, string subject)
    {
        if (platform.BuildingBlocks.SingleOrDefault(b => b.Name == subject) is { } blocks)
        {
            foreach (var type in Dependencies.OnAny(platform.SharedKernel, blocks.DependencyNames()))
            {
                yield return new(type, $"depends on the building blocks {blocks.Name}; blocks build on the kernel, so move the code into the block");
            }

            yield break;
        }

        var module = platform.Module(subject);
        string[] terms = [.. module.Implementation.DependencyNames(), .. module.Contracts.DependencyNames()];
        foreach (var type in Dependencies.OnAny(platform.SharedKernel, terms))
        {
            yield return new(type, $"depends on module {module.Name}; move the mechanism into the kernel generically, or the code into {module.Name}");
        }
    }
}
