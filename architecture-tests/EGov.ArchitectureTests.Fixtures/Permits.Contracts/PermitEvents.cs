using BrokenPlatform.Kernel;

namespace BrokenPlatform.Permits.Contracts;

/// <summary>Compliant: sealed, immutable record, past tense.</summary>
public sealed record PermitIssued(Guid PermitId, string Holder, DateTimeOffset IssuedAt) : IIntegrationEvent;

/// <summary>Compliant: an irregular past participle from the allow-list.</summary>
public sealed record PermitWithdrawn(Guid PermitId) : IIntegrationEvent;

/// <summary>Compliant: a versioned event keeps its past-tense name before the version suffix.</summary>
public sealed record PermitIssuedV2(Guid PermitId, string Holder, string Reference) : IIntegrationEvent;

/// <summary>Compliant: init-only properties are immutable after construction.</summary>
public sealed record PermitRenewed : IIntegrationEvent
{
    public required Guid PermitId { get; init; }

    public required DateOnly ValidUntil { get; init; }
}

/// <summary>Named in the present tense: a command, not a fact.</summary>
[Violates(6, "past tense")]
public sealed record PermitApply(Guid PermitId) : IIntegrationEvent;

/// <summary>Not sealed.</summary>
[Violates(6, "not sealed")]
public record PermitRevoked(Guid PermitId) : IIntegrationEvent;

/// <summary>A class, not a record.</summary>
[Violates(6, "not a record")]
public sealed class PermitAmended : IIntegrationEvent
{
    public Guid PermitId { get; init; }
}

/// <summary>A public setter makes the event mutable.</summary>
[Violates(6, "settable property PermitId")]
public sealed record PermitTransferred : IIntegrationEvent
{
    public Guid PermitId { get; set; }
}

/// <summary>A public writable field makes the event mutable.</summary>
[Violates(6, "writable field Reason")]
public sealed record PermitSuspended(Guid PermitId) : IIntegrationEvent
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1051:Do not declare visible instance fields", Justification = "Deliberately broken fixture.")]
    public string Reason = string.Empty;
}
