namespace EGov.ArchitectureTests.Rules;

public static class AllRules
{
    public static readonly ArchitectureRule ModuleIsolation = new Rule1ModuleIsolation();
    public static readonly ArchitectureRule ContractsPurity = new Rule2ContractsPurity();
    public static readonly ArchitectureRule KernelIndependence = new Rule3KernelIndependence();
    public static readonly ArchitectureRule DomainPurity = new Rule4DomainPurity();
    public static readonly ArchitectureRule Encapsulation = new Rule5Encapsulation();
    public static readonly ArchitectureRule IntegrationEvents = new Rule6IntegrationEvents();
    public static readonly ArchitectureRule GrainOwnership = new Rule7GrainOwnership();
    public static readonly ArchitectureRule HostEntryPoints = new Rule8HostEntryPoints();
    public static readonly ArchitectureRule BlocksAndComponentsIndependence = new Rule9BlocksAndComponentsIndependence();
    public static readonly ArchitectureRule SessionsIndependence = new Rule10SessionsIndependence();

    public static IReadOnlyList<ArchitectureRule> List { get; } =
    [
        ModuleIsolation, ContractsPurity, KernelIndependence, DomainPurity, Encapsulation, IntegrationEvents, GrainOwnership, HostEntryPoints,
        BlocksAndComponentsIndependence, SessionsIndependence,
    ];

    public static ArchitectureRule Number(int number) => List.Single(r => r.Number == number);
}
