using EGov.SharedKernel.Events;

namespace EGov.Citizens.Contracts;

/// <summary>A citizen filed an application with an agency. <c>CitizenSubject</c> is the citizen's opaque token subject.</summary>
public sealed record ApplicationSubmitted(
    Guid ApplicationId,
    string Reference,
    string ServiceCode,
    int ServiceVersion,
    string AgencyCode,
    string CitizenSubject,
    DateTimeOffset SubmittedAt,
    DateOnly DueDate) : IIntegrationEvent;

/// <summary>The responsible agency decided an application: <c>Outcome</c> is <c>approved</c> or <c>rejected</c>.</summary>
public sealed record ApplicationDecided(
    Guid ApplicationId,
    string Reference,
    string ServiceCode,
    string AgencyCode,
    string CitizenSubject,
    string Outcome,
    DateTimeOffset DecidedAt) : IIntegrationEvent;

/// <summary>An open application passed its statutory due date (raised once per application).</summary>
public sealed record ApplicationOverdueFlagged(
    Guid ApplicationId,
    string Reference,
    string ServiceCode,
    string AgencyCode,
    DateOnly DueDate,
    DateTimeOffset DetectedAt) : IIntegrationEvent;

/// <summary>A document (certificate) was issued to a citizen on approval of an application.</summary>
public sealed record DocumentIssued(
    Guid DocumentId,
    Guid ApplicationId,
    string Reference,
    string Type,
    string AgencyCode,
    string CitizenSubject,
    DateTimeOffset IssuedAt) : IIntegrationEvent;

/// <summary>An agency answered an information disclosure request and published the answer for everyone.</summary>
public sealed record DisclosurePublished(
    Guid DisclosureRequestId,
    string AgencyCode,
    string Title,
    DateTimeOffset PublishedAt) : IIntegrationEvent;
