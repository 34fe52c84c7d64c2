using System.Reflection;
using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

public sealed class Rule8HostEntryPoints : ModuleRule
{
    public override int Number => 8;

    public override string Title => "the host uses modules only through Add…Module / Map…Module";

    public override string Reason =>
        "composition is one line per module; a host that reaches further knows a module's internals and must change whenever the module does.";

    protected override IEnumerable<Violation> Find(PlatformModel platform, ModuleUnderTest module)
    {
        var past = module.Implementation.DependencyNames(except: t => t == module.EntryPoint);
        foreach (var type in Dependencies.OnAny(platform.Host, past))
        {
            yield return new(type, $"reaches into the {module.Name} implementation past {module.EntryPoint.Name}");
        }

        var entryPoint = module.EntryPoint;
        var entryName = entryPoint.FullName!;
        if (!(entryPoint.IsAbstract && entryPoint.IsSealed))
        {
            yield return new(entryName, "is not a static class");
        }

        var published = entryPoint.GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly);
        foreach (var member in published.Where(m => !(m is MethodInfo && (m.Name == module.AddMethodName || m.Name == module.MapMethodName))))
        {
            yield return new(entryName, $"publishes {member.MemberType.ToString().ToLowerInvariant()} {member.Name}; an entry point publishes only {module.AddMethodName} and {module.MapMethodName}");
        }

        foreach (var required in new[] { module.AddMethodName, module.MapMethodName }.Where(n => !published.Any(m => m is MethodInfo && m.Name == n)))
        {
            yield return new(entryName, $"has no public {required}");
        }
    }
}
