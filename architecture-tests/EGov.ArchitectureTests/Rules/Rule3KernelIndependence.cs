using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

public sealed class Rule3KernelIndependence : ModuleRule
{
    public override int Number => 3;

    public override string Title => "the shared kernel depends on no module";

    public override string Reason =>
        "every module depends on the shared kernel; a kernel that knows a module makes a cycle and drags that module into all the others.";

    protected override IEnumerable<Violation> Find(PlatformModel platform, ModuleUnderTest module)
    {
        string[] terms = [.. module.Implementation.DependencyNames(), .. module.Contracts.DependencyNames()];
        foreach (var type in Dependencies.OnAny(platform.SharedKernel, terms))
        {
            yield return new(type, $"depends on module {module.Name}; move the mechanism into the kernel generically, or the code into {module.Name}");
        }
    }
}
