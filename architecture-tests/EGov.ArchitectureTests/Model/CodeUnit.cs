using System.Reflection;
using Mono.Cecil;
using NetArchTest.Rules;

namespace EGov.ArchitectureTests.Model;

/// <summary>What a code unit is to the platform.</summary>
public enum UnitRole
{
    SharedKernel,
    Host,
    ModuleImplementation,
    ModuleContracts,

    /// <summary>Mechanisms modules compose (forms, casework, calendar, …): the kernel and packages only, no module.</summary>
    BuildingBlocks,

    /// <summary>A project the host composes besides the modules (the development issuer): no module, not the host.</summary>
    HostComponent,
}

/// <summary>
/// A part of the platform that rules talk about: a whole assembly (the real platform), or the types of an assembly
/// that live under some namespaces (the broken fixture, which models a whole platform in one assembly).
/// Membership is decided by the namespace of a type's outermost declaring type.
/// </summary>
public sealed class CodeUnit
{
    private readonly string[] _namespaces;
    private readonly string[] _excludedNamespaces;
    private readonly Lazy<IReadOnlyList<Type>> _types;

    private CodeUnit(string name, UnitRole role, Assembly assembly, string[] namespaces, string[] excludedNamespaces)
    {
        Name = name;
        Role = role;
        Assembly = assembly;
        _namespaces = namespaces;
        _excludedNamespaces = excludedNamespaces;
        _types = new Lazy<IReadOnlyList<Type>>(() => assembly.GetTypes().Where(t => Contains(Outermost(t).Namespace)).ToList());
    }

    public string Name { get; }

    public UnitRole Role { get; }

    public Assembly Assembly { get; }

    /// <summary>All types of the unit, nested and compiler-generated ones included (reflection view).</summary>
    public IReadOnlyList<Type> Types => _types.Value;

    public static CodeUnit WholeAssembly(string name, UnitRole role, Assembly assembly) =>
        new(name, role, assembly, [], []);

    public static CodeUnit Namespaces(string name, UnitRole role, Assembly assembly, IEnumerable<string> namespaces, IEnumerable<string>? excluded = null) =>
        new(name, role, assembly, [.. namespaces], [.. excluded ?? []]);

    public bool Contains(string? @namespace)
    {
        if (_namespaces.Length == 0)
        {
            return true;
        }

        var ns = @namespace ?? string.Empty;
        return _namespaces.Any(n => Names.IsWithin(ns, n)) && !_excludedNamespaces.Any(n => Names.IsWithin(ns, n));
    }

    public bool Contains(TypeDefinition type) => Contains(Outermost(type).Namespace);

    /// <summary>The unit's types as a NetArchTest selection, optionally narrowed further.</summary>
    public PredicateList Select(Func<TypeDefinition, bool>? filter = null) =>
        NetArchTest.Rules.Types.InAssembly(Assembly, SearchDirectories.Value)
            .That()
            .MeetCustomRule(new Where(t => Contains(t) && (filter is null || filter(t))));

    /// <summary>
    /// Names that match exactly this unit's own types when used as NetArchTest dependency terms. Leaves out what the
    /// compiler or a generator embeds under the same name in every assembly (embedded attributes in System.* and
    /// Microsoft.*, file-local and other unspeakable names), which would otherwise match the subject's own copy.
    /// </summary>
    public IReadOnlyList<string> DependencyNames(Func<Type, bool>? except = null) =>
        Types
            .Where(t => t.DeclaringType is null && !t.Name.Contains('<', StringComparison.Ordinal))
            .Where(t => !Names.IsWithin(t.Namespace ?? string.Empty, "System") && !Names.IsWithin(t.Namespace ?? string.Empty, "Microsoft"))
            .Where(t => except is null || !except(t))
            .Select(t => t.FullName!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Namespaces of the unit's hand-written types.</summary>
    public IReadOnlyList<string> AuthoredNamespaces() =>
        Types
            .Where(t => !GeneratedCode.IsOrleans(t) && !t.Name.Contains('<', StringComparison.Ordinal))
            .Select(t => Outermost(t).Namespace)
            .OfType<string>()
            .Where(ns => !Names.IsWithin(ns, "System") && !Names.IsWithin(ns, "Microsoft"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    public override string ToString() => Name;

    internal static Type Outermost(Type type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    internal static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    // Where Mono.Cecil looks for referenced assemblies when NetArchTest resolves members: next to the tests, and
    // the shared frameworks (Microsoft.NETCore.App, Microsoft.AspNetCore.App) the test process runs on.
    private static readonly Lazy<string[]> SearchDirectories = new(() =>
    [
        .. new[]
        {
            AppContext.BaseDirectory,
            Path.GetDirectoryName(typeof(object).Assembly.Location),
            Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location),
        }
        .OfType<string>()
        .Distinct(StringComparer.Ordinal),
    ]);

    private sealed class Where(Func<TypeDefinition, bool> predicate) : ICustomRule
    {
        public bool MeetsRule(TypeDefinition type) => predicate(type);
    }
}
