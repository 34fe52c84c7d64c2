using EGov.ArchitectureTests.Rules;

namespace EGov.ArchitectureTests;

/// <summary>The boundaries of docs/architecture.md, checked on EGov.Platform: one test per rule, one case per module or unit.</summary>
public sealed class BoundaryTests
{
    public static TheoryData<string> Modules => [.. EGovPlatform.Model.Modules.Select(m => m.Name)];

    public static TheoryData<string> Units => [.. EGovPlatform.Model.Units.Select(u => u.Name)];

    /// <summary>The subjects a rule is checked for, when they are neither the modules nor every unit.</summary>
    public static TheoryData<string> SubjectsOf(int rule) => [.. AllRules.Number(rule).Subjects(EGovPlatform.Model)];

    [Theory]
    [MemberData(nameof(Modules))]
    public void Rule1_module_implementation_uses_no_other_module_implementation(string module) =>
        Passes(AllRules.ModuleIsolation, module);

    [Theory]
    [MemberData(nameof(Modules))]
    public void Rule2_contracts_depend_only_on_shared_kernel_and_bcl(string module) =>
        Passes(AllRules.ContractsPurity, module);

    [Theory]
    [MemberData(nameof(SubjectsOf), 3)]
    public void Rule3_shared_kernel_depends_on_no_module_and_no_building_block(string moduleOrBlocks) =>
        Passes(AllRules.KernelIndependence, moduleOrBlocks);

    [Theory]
    [MemberData(nameof(Modules))]
    public void Rule4_domain_depends_on_no_infrastructure_features_or_persistence(string module) =>
        Passes(AllRules.DomainPurity, module);

    [Theory]
    [MemberData(nameof(Modules))]
    public void Rule5_module_implementation_is_internal_except_entry_point(string module) =>
        Passes(AllRules.Encapsulation, module);

    [Theory]
    [MemberData(nameof(Units))]
    public void Rule6_integration_events_are_sealed_immutable_past_tense_records_in_contracts(string unit) =>
        Passes(AllRules.IntegrationEvents, unit);

    [Theory]
    [MemberData(nameof(Units))]
    public void Rule7_grains_stay_inside_their_module(string unit) =>
        Passes(AllRules.GrainOwnership, unit);

    [Theory]
    [MemberData(nameof(Modules))]
    public void Rule8_host_uses_modules_only_through_entry_points(string module) =>
        Passes(AllRules.HostEntryPoints, module);

    [Theory]
    [MemberData(nameof(SubjectsOf), 9)]
    public void Rule9_building_blocks_and_host_components_depend_on_no_module_and_not_on_the_host(string unit) =>
        Passes(AllRules.BlocksAndComponentsIndependence, unit);

    /// <summary>
    /// The portal is a client of the API like any other (rule 9 applies to it as a host component): beyond that it
    /// references no platform assembly at all, not a module's Contracts, the building blocks, the shared kernel or the
    /// development issuer; it knows the platform only through the client generated from the OpenAPI documents.
    /// </summary>
    [Fact]
    public void The_portal_references_no_platform_assembly()
    {
        var references = typeof(EGov.Portal.PortalHosting).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("EGov.", StringComparison.Ordinal))
            .ToList();
        Assert.True(references.Count == 0, "EGov.Portal references " + string.Join(", ", references) + ": the portal talks to the platform over its HTTP API only (docs/portal.md).");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Rule10_sessions_depend_on_no_features(string module) =>
        Passes(AllRules.SessionsIndependence, module);

    private static void Passes(ArchitectureRule rule, string subject)
    {
        var result = rule.Check(EGovPlatform.Model, subject);
        if (!result.Passed)
        {
            Assert.Fail(result.Describe());
        }
    }
}
