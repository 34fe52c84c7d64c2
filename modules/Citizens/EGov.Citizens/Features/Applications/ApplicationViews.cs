using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.Citizens.Sessions;
using Microsoft.EntityFrameworkCore;
using Orleans;

namespace EGov.Citizens.Features.Applications;

/// <summary>One step of a case: <c>transition</c> names the lifecycle transition taken (or approved, for four eyes).</summary>
internal sealed record TimelineEntry(TimelineKind Kind, string? Transition, string Status, ActorKind Actor, string? Message, DateTimeOffset At);

/// <summary>A four-eyes transition a first member of staff approved; a second one must take it.</summary>
internal sealed record PendingApproval(string Transition, DateTimeOffset ApprovedAt);

internal sealed record ApplicationResponse(
    Guid Id,
    string Reference,
    string ServiceCode,
    int ServiceVersion,
    string AgencyCode,
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
    PendingApproval? PendingApproval,
    JsonElement Fields,
    IReadOnlyList<TimelineEntry> Timeline)
{
    public static ApplicationResponse From(Application a, LifecycleDefinition lifecycle, string language) => new(
        a.Id, a.Reference, a.ServiceCode, a.ServiceVersion, a.AgencyCode, a.State,
        lifecycle.State(a.State)?.Title.In(language) ?? a.State,
        lifecycle.AllowedFrom(a.State).Select(t => t.Name).ToList(),
        a.SubmittedAt, a.DueDate, a.Deadline.IsPaused, a.Overdue, a.AssignedTo, OutcomeName(a.Outcome), a.ClosedAt, a.DecisionReasons,
        a.PendingTransition is { } pending && a.PendingApprovedAt is { } at ? new PendingApproval(pending, at) : null,
        JsonDocument.Parse(a.Fields).RootElement.Clone(),
        a.Timeline.OrderBy(t => t.OccurredAt).ThenBy(t => t.Id).Select(t => new TimelineEntry(t.Kind, t.Transition, t.State, t.Actor, t.Message, t.OccurredAt)).ToList());

    /// <summary>The outcome as the lifecycle names it (a string, so that "no outcome yet" is a plain null for every client).</summary>
    private static string? OutcomeName(CaseOutcome? outcome) => outcome?.ToString().ToLowerInvariant();
}

internal sealed record ApplicationSummary(
    Guid Id, string Reference, string ServiceCode, string AgencyCode, string Status, DateTimeOffset SubmittedAt, DateOnly DueDate, bool Overdue, string? AssignedTo);

/// <summary>
/// Notices to citizens on application changes, rendered from G2C's templates in the citizen's language, and the
/// session's unread count.
/// </summary>
internal sealed class CitizenNotifier(CitizensDb db, NoticeInbox<CitizensDb> inbox, IGrainFactory grains)
{
    /// <summary>
    /// Renders the latest version of <paramref name="templateKey"/> in the citizen's language (their profile, also one
    /// added in this unit of work; English without one) and adds the notice to the context: it is saved with the
    /// change it reports.
    /// </summary>
    public async Task SendAsync(string citizenSubject, Guid? applicationId, string templateKey, NoticeValues values, CancellationToken ct)
    {
        var language = db.Citizens.Local.FirstOrDefault(c => c.Subject == citizenSubject)?.Language
            ?? await db.Citizens.Where(c => c.Subject == citizenSubject).Select(c => c.Language).SingleOrDefaultAsync(ct)
            ?? Languages.English;
        await inbox.SendAsync(PartyRef.Citizen(citizenSubject), language, templateKey, values,
            applicationId is { } id ? new NoticeRegarding(id) : null, ct);
    }

    public Task<int> UnreadAsync(string subject, CancellationToken ct) => inbox.UnreadCountAsync(PartyRef.Citizen(subject), ct);

    /// <summary>After a commit: recounts the citizen's unread messages into the session grain.</summary>
    public async Task RefreshSessionAsync(string subject, CancellationToken ct) =>
        await grains.GetGrain<ICitizenSessionGrain>(subject).SetUnreadCountAsync(await UnreadAsync(subject, ct));
}
