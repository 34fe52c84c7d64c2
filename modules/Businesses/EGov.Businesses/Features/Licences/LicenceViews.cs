using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using EGov.BuildingBlocks.Casework;
using EGov.Businesses.Domain;

namespace EGov.Businesses.Features.Licences;

/// <summary>One step of an application's case: <c>transition</c> names the lifecycle transition taken.</summary>
internal sealed record LicenceCaseStep(TimelineKind Kind, string? Transition, string Status, ActorKind Actor, string? Message, DateTimeOffset At);

/// <summary>A licence application as the business and the issuing agency's caseworkers see it.</summary>
internal sealed record LicenceApplicationResponse(
    Guid Id,
    string Reference,
    string LicenceType,
    int LicenceTypeVersion,
    string AgencyCode,
    string BusinessNumber,
    LicencePurpose Purpose,
    string? LicenceNumber,
    string Status,
    string StatusTitle,
    IReadOnlyList<string> AllowedTransitions,
    DateTimeOffset SubmittedAt,
    DateOnly DueDate,
    bool DeadlinePaused,
    bool Overdue,
    string? AssignedTo,
    [property: AllowedValues("approved", "rejected", "withdrawn", "closed")] string? Outcome,
    DateTimeOffset? ClosedAt,
    string? DecisionReasons,
    JsonElement Answers,
    IReadOnlyList<LicenceCaseStep> Timeline)
{
    /// <summary>The application for a caller who may take <paramref name="allowed"/> of the transitions open from its state.</summary>
    public static LicenceApplicationResponse From(LicenceApplication a, LifecycleDefinition lifecycle, IReadOnlyList<string> allowed, string? licenceNumber, string language) => new(
        a.Id, a.Reference, a.LicenceTypeCode, a.LicenceTypeVersion, a.AgencyCode, a.BusinessNumber, a.Purpose, licenceNumber, a.State,
        lifecycle.State(a.State)?.Title.In(language) ?? a.State, allowed,
        a.SubmittedAt, a.DueDate, a.Deadline.IsPaused, a.Overdue, a.AssignedTo, a.Outcome?.ToString().ToLowerInvariant(), a.ClosedAt, a.DecisionReasons,
        JsonDocument.Parse(a.Answers).RootElement.Clone(),
        a.Timeline.OrderBy(t => t.OccurredAt).ThenBy(t => t.Id).Select(t => new LicenceCaseStep(t.Kind, t.Transition, t.State, t.Actor, t.Message, t.OccurredAt)).ToList());
}

internal sealed record LicenceApplicationSummary(
    Guid Id, string Reference, string LicenceType, string AgencyCode, string BusinessNumber, LicencePurpose Purpose, string Status, DateTimeOffset SubmittedAt, DateOnly DueDate, bool Overdue, string? AssignedTo);

/// <summary>A licence in the public register: open data only (no reasons, no history, no people).</summary>
internal sealed record PublicLicence(
    string Number,
    string LicenceType,
    string? LicenceTypeTitle,
    string AgencyCode,
    string? AgencyName,
    string BusinessNumber,
    string BusinessName,
    LicenceStatus Status,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    DateTimeOffset StatusSince);

/// <summary>A licence as the business that holds it and the issuing agency see it: with the reasons, the document code and the history.</summary>
internal sealed record LicenceResponse(
    Guid Id,
    string Number,
    string LicenceType,
    string AgencyCode,
    string BusinessNumber,
    LicenceStatus Status,
    DateTimeOffset IssuedAt,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    DateTimeOffset StatusSince,
    string? StatusReason,
    string VerificationCode,
    DateOnly RenewalOpensOn,
    IReadOnlyList<LicenceHistoryEntry> History)
{
    public static LicenceResponse From(Licence l, LicenceValidity validity, DateOnly today) => new(
        l.Id, l.Number, l.LicenceTypeCode, l.AgencyCode, l.BusinessNumber, l.StatusOn(today), l.IssuedAt, l.ValidFrom, l.ValidUntil, l.StatusSince,
        l.StatusReason, l.DocumentCode, l.RenewalOpensOn(validity), l.History);
}
