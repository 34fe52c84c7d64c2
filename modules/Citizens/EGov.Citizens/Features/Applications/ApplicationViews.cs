using System.Text.Json;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.Citizens.Sessions;
using EGov.SharedKernel.Identity;
using Microsoft.EntityFrameworkCore;
using Orleans;

namespace EGov.Citizens.Features.Applications;

internal sealed record TimelineEntry(string Kind, ApplicationStatus Status, string ActorRole, string? Message, DateTimeOffset At);

internal sealed record ApplicationResponse(
    Guid Id,
    string Reference,
    string ServiceCode,
    int ServiceVersion,
    string AgencyCode,
    ApplicationStatus Status,
    IReadOnlyList<ApplicationStatus> AllowedTransitions,
    DateTimeOffset SubmittedAt,
    DateOnly DueDate,
    bool DeadlinePaused,
    bool Overdue,
    string? AssignedTo,
    string? DecisionReasons,
    JsonElement Fields,
    IReadOnlyList<TimelineEntry> Timeline)
{
    public static ApplicationResponse From(Application a) => new(
        a.Id, a.Reference, a.ServiceCode, a.ServiceVersion, a.AgencyCode, a.Status, Lifecycle.AllowedFrom(a.Status), a.SubmittedAt, a.DueDate,
        a.RemainingDaysAtPause is not null, a.Overdue, a.AssignedTo, a.DecisionReasons,
        JsonDocument.Parse(a.Fields).RootElement.Clone(),
        a.Timeline.OrderBy(t => t.OccurredAt).ThenBy(t => t.Id).Select(t => new TimelineEntry(t.Kind, t.Status, t.ActorRole, t.Message, t.OccurredAt)).ToList());
}

internal sealed record ApplicationSummary(
    Guid Id, string Reference, string ServiceCode, string AgencyCode, ApplicationStatus Status, DateTimeOffset SubmittedAt, DateOnly DueDate, bool Overdue, string? AssignedTo);

/// <summary>An actor for changes made inside a grain on a citizen's behalf (audit records name the citizen's subject).</summary>
internal sealed class CitizenActor(SubmittingCitizen citizen) : ICurrentUser
{
    public bool IsAuthenticated => true;

    public string? Subject => citizen.Subject;

    public string? Username => citizen.Username;

    public string? NationalId => citizen.NationalId;

    public string? AgencyId => null;

    public string? EmployeeId => null;

    public string? Department => null;

    public IReadOnlyList<string> Mandates => [];

    public IReadOnlyCollection<string> Roles => [PlatformRoles.Citizen];

    public bool IsInRole(string role) => role == PlatformRoles.Citizen;

    public string Actor => citizen.Subject;
}

/// <summary>Inbox messages on application changes, in the citizen's language, and the session's unread count.</summary>
internal sealed class CitizenNotifier(CitizensDb db, IGrainFactory grains, TimeProvider clock)
{
    public async Task<string> LanguageOfAsync(string subject, CancellationToken ct) =>
        await db.Citizens.Where(c => c.Subject == subject).Select(c => c.Language).SingleOrDefaultAsync(ct) ?? Languages.English;

    /// <summary>Adds a message to the context; saved with the change it reports.</summary>
    public void Add(string subject, Guid? applicationId, (string Subject, string Body) text)
    {
        var now = clock.GetUtcNow();
        db.Inbox.Add(new InboxItem
        {
            Id = Guid.CreateVersion7(now),
            CitizenSubject = subject,
            ApplicationId = applicationId,
            Subject = text.Subject,
            Body = text.Body,
            CreatedAt = now,
        });
    }

    public Task<int> UnreadAsync(string subject, CancellationToken ct) =>
        db.Inbox.CountAsync(m => m.CitizenSubject == subject && m.ReadAt == null, ct);

    /// <summary>After a commit: recounts the citizen's unread messages into the session grain.</summary>
    public async Task RefreshSessionAsync(string subject, CancellationToken ct) =>
        await grains.GetGrain<ICitizenSessionGrain>(subject).SetUnreadCountAsync(await UnreadAsync(subject, ct));
}
