namespace EGov.ArchitectureTests.Model;

/// <summary>A module: its entry point, its implementation and its Contracts.</summary>
public sealed record ModuleUnderTest(string Name, Type EntryPoint, CodeUnit Implementation, CodeUnit Contracts)
{
    /// <summary>The implementation's root namespace (the entry point's), e.g. <c>EGov.Citizens</c>.</summary>
    public string RootNamespace => EntryPoint.Namespace!;

    public string AddMethodName => $"Add{Name}Module";

    public string MapMethodName => $"Map{Name}Module";

    public override string ToString() => Name;
}

/// <summary>
/// A platform as the rules see it: a shared kernel, a host, modules, building blocks, the components the host
/// composes besides the modules, and the marker interface that the kernel gives integration events.
/// </summary>
public sealed record PlatformModel(
    string Name,
    CodeUnit SharedKernel,
    CodeUnit Host,
    IReadOnlyList<ModuleUnderTest> Modules,
    IReadOnlyList<CodeUnit> BuildingBlocks,
    IReadOnlyList<CodeUnit> HostComponents,
    Type IntegrationEvent)
{
    public IEnumerable<CodeUnit> Units =>
        new[] { SharedKernel, Host }
            .Concat(Modules.SelectMany(m => new[] { m.Implementation, m.Contracts }))
            .Concat(BuildingBlocks)
            .Concat(HostComponents);

    public ModuleUnderTest Module(string name) =>
        Modules.SingleOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"{Name} has no module '{name}'.", nameof(name));

    public CodeUnit Unit(string name) =>
        Units.SingleOrDefault(u => u.Name == name)
        ?? throw new ArgumentException($"{Name} has no code unit '{name}'.", nameof(name));

    /// <summary>The module a unit belongs to, if it is a module's implementation or Contracts.</summary>
    public ModuleUnderTest? OwnerOf(CodeUnit unit) =>
        Modules.SingleOrDefault(m => ReferenceEquals(m.Implementation, unit) || ReferenceEquals(m.Contracts, unit));
}
