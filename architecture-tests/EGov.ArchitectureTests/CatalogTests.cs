using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests;

/// <summary>The rules only mean something if they see the whole platform, under the names the layout promises.</summary>
public sealed class CatalogTests
{
    private static readonly string[] NotPlatform = ["EGov.ArchitectureTests", "EGov.ArchitectureTests.Fixtures", "EGov.Testing"];

    public static TheoryData<string> Modules => [.. EGovPlatform.Model.Modules.Select(m => m.Name)];

    public static TheoryData<string> Units => [.. EGovPlatform.Model.Units.Select(u => u.Name)];

    [Fact]
    public void Every_platform_assembly_next_to_the_tests_is_in_the_catalog()
    {
        var known = EGovPlatform.Model.Units.Select(u => u.Assembly.GetName().Name!).ToHashSet(StringComparer.Ordinal);
        var found = Directory.EnumerateFiles(AppContext.BaseDirectory, "EGov.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(name => !NotPlatform.Contains(name) && !name.EndsWith(".Tests", StringComparison.Ordinal))
            .ToList();

        var missing = found.Where(name => !known.Contains(name)).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            missing.Count == 0,
            $"Not covered by the architecture tests: {string.Join(", ", missing)}. Add a module to EGovPlatform in architecture-tests/EGov.ArchitectureTests/Platforms.cs (see docs/architecture.md); anything that is not platform code goes in {nameof(CatalogTests)}.{nameof(NotPlatform)}.");
        Assert.Subset(found.ToHashSet(StringComparer.Ordinal), known);
        Assert.Equal(
            2 + (2 * EGovPlatform.Model.Modules.Count) + EGovPlatform.Model.BuildingBlocks.Count + EGovPlatform.Model.HostComponents.Count,
            known.Count);
    }

    [Fact]
    public void Building_blocks_and_host_components_follow_the_layout()
    {
        Assert.Contains(EGovPlatform.Model.BuildingBlocks, u => u.Assembly.GetName().Name == "EGov.BuildingBlocks");
        Assert.Contains(EGovPlatform.Model.HostComponents, u => u.Assembly.GetName().Name == "EGov.DevelopmentIssuer");
        Assert.All(EGovPlatform.Model.BuildingBlocks, u => Assert.Equal(UnitRole.BuildingBlocks, u.Role));
        Assert.All(EGovPlatform.Model.HostComponents, u => Assert.Equal(UnitRole.HostComponent, u.Role));

        // Each keeps to the namespace of its assembly (EGov.BuildingBlocks.Calendar, EGov.DevelopmentIssuer), so a
        // report names the project a type came from.
        foreach (var unit in EGovPlatform.Model.BuildingBlocks.Concat(EGovPlatform.Model.HostComponents))
        {
            var root = unit.Assembly.GetName().Name!;
            Assert.All(unit.AuthoredNamespaces(), ns => Assert.True(Names.IsWithin(ns, root), $"{ns} in {root}"));
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Module_follows_the_layout(string name)
    {
        var module = EGovPlatform.Model.Module(name);

        Assert.Equal($"EGov.{name}", module.Implementation.Assembly.GetName().Name);
        Assert.Equal($"EGov.{name}.Contracts", module.Contracts.Assembly.GetName().Name);
        Assert.Equal($"EGov.{name}.{name}Module", module.EntryPoint.FullName);
        Assert.Equal(UnitRole.ModuleImplementation, module.Implementation.Role);
        Assert.Equal(UnitRole.ModuleContracts, module.Contracts.Role);

        // Rules 4 and 8 find layers and modules by namespace, so each assembly keeps to its own.
        var contracts = $"EGov.{name}.Contracts";
        Assert.All(module.Contracts.AuthoredNamespaces(), ns => Assert.True(Names.IsWithin(ns, contracts), $"{ns} in {contracts}"));
        Assert.All(
            module.Implementation.AuthoredNamespaces(),
            ns => Assert.True(Names.IsWithin(ns, $"EGov.{name}") && !Names.IsWithin(ns, contracts), $"{ns} in EGov.{name}"));
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void NetArchTest_sees_every_type_reflection_sees(string unit) => SeesEverything(EGovPlatform.Model.Unit(unit));

    [Fact]
    public void NetArchTest_sees_every_type_of_the_fixture()
    {
        foreach (var unit in BrokenPlatformModel.Model.Units)
        {
            SeesEverything(unit);
        }
    }

    // A rule over an empty selection passes whatever the code says; make sure the selection is the unit.
    private static void SeesEverything(CodeUnit unit)
    {
        var expected = unit.Types
            .Where(t => t.DeclaringType is null && !t.Name.StartsWith('<'))
            .Where(t => !Names.IsWithin(t.Namespace ?? string.Empty, "System") && !Names.IsWithin(t.Namespace ?? string.Empty, "Microsoft"))
            .Select(t => t.FullName!)
            .ToList();
        var selected = unit.Select().GetTypes().Select(t => t.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.All(expected, name => Assert.Contains(name, selected));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Dependency_search_sees_the_host_calling_each_entry_point(string name)
    {
        var module = EGovPlatform.Model.Module(name);
        var entryPoint = module.EntryPoint.FullName!;

        Assert.Contains(entryPoint, module.Implementation.DependencyNames());
        Assert.Contains("Program", Rules.Dependencies.OnAny(EGovPlatform.Model.Host, [entryPoint]));
    }
}
