using EGov.SharedKernel.Events;

namespace EGov.Agencies.Contracts;

/// <summary>An agency as published to other modules. <see cref="Version"/> grows with every change.</summary>
public sealed record AgencySnapshot(
    string Code,
    string Name,
    string Level,
    string? ParentCode,
    string? ContactEmail,
    string Status,
    long Version);

/// <summary>A new agency joined the registry.</summary>
public sealed record AgencyRegistered(AgencySnapshot Agency) : IIntegrationEvent;

/// <summary>An agency's registry entry changed; carries the whole new entry.</summary>
public sealed record AgencyUpdated(AgencySnapshot Agency) : IIntegrationEvent;
