using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

public sealed class Rule5Encapsulation : ModuleRule
{
    public override int Number => 5;

    public override string Title => "a module's implementation is internal except its entry point";

    public override string Reason =>
        "whatever is public can be used from outside; keeping everything but the entry point internal makes rules 1, 7 and 8 hold by construction.";

    protected override IEnumerable<Violation> Find(PlatformModel platform, ModuleUnderTest module) =>
        module.Implementation.Types
            .Where(t => t.IsVisible && t != module.EntryPoint && !GeneratedCode.IsOrleans(t))
            .Select(t => new Violation(t.FullName!, $"is public; only {module.EntryPoint.Name} may be (make it internal)"));
}
