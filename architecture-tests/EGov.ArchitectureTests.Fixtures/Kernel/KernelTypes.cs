using BrokenPlatform.Blocks;
using BrokenPlatform.Permits.Contracts;

namespace BrokenPlatform.Kernel;

/// <summary>
/// Marks a fixture type that breaks an architecture rule on purpose. It lives in the kernel part because every
/// other part may depend on the kernel, so the marker itself breaks nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface | AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class ViolatesAttribute(int rule, string expectedDetail) : Attribute
{
    /// <summary>The rule number in docs/architecture.md.</summary>
    public int Rule { get; } = rule;

    /// <summary>Text that the rule's report for this type must contain.</summary>
    public string ExpectedDetail { get; } = expectedDetail;
}

/// <summary>The fixture's integration event marker (the platform's is EGov.SharedKernel.Events.IIntegrationEvent).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "Marker, as in the platform.")]
public interface IIntegrationEvent;

/// <summary>Compliant: kernel mechanisms know no module.</summary>
public static class KernelClock
{
    public static DateTimeOffset Now(TimeProvider clock) => clock.GetUtcNow();
}

/// <summary>The shared kernel knows a module's event.</summary>
[Violates(3, "Permits")]
public static class KernelEventFormatter
{
    public static string Describe(PermitIssued issued) => issued.PermitId.ToString();
}

/// <summary>The shared kernel knows a building block.</summary>
[Violates(3, "building blocks")]
public static class KernelDeadlines
{
    public static DateOnly Due(WorkingDay start) => start.Date.AddDays(10);
}
