using System.Text.Json;
using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.Citizens.Sessions;
using EGov.SharedKernel.Identity;
using Microsoft.EntityFrameworkCore;
using Orleans;
using LocalizedText = EGov.BuildingBlocks.Texts.LocalizedText;

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

/// <summary>
/// Notices to citizens on application changes, rendered from G2C's templates in the citizen's language, and the
/// session's unread count.
/// </summary>
internal sealed class CitizenNotifier(CitizensDb db, NoticeInbox<CitizensDb> inbox, NoticeTemplateSource<CitizensDb> templates, IGrainFactory grains)
{
    /// <summary>The name of a status in every language of G2C's template file (a plain text value for a template).</summary>
    public LocalizedText StatusText(ApplicationStatus status) => templates.File.Term("application-status", status.ToString());

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
