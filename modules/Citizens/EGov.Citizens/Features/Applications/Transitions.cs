using EGov.BuildingBlocks.Notices;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EGov.Citizens.Features.Applications;

/// <summary>Applies a lifecycle move with its timeline entry, inbox message and audit record, or names the allowed moves.</summary>
internal sealed class Transitions(CitizensDb db, CitizenNotifier notifier, IOptions<CitizensOptions> options, TimeProvider clock)
{
    public static ProblemHttpResult NotAllowed(Application application, ApplicationStatus to)
    {
        var allowed = Lifecycle.AllowedFrom(application.Status);
        var names = allowed.Count == 0 ? "none (the application is closed)" : string.Join(", ", allowed);
        return Problems.Conflict(
            $"An application in status {application.Status} cannot become {to}. Allowed: {names}.",
            new Dictionary<string, object?> { ["currentStatus"] = application.Status.ToString(), ["allowedTransitions"] = allowed.Select(s => s.ToString()).ToArray() });
    }

    /// <summary>Moves the application (caller checked <see cref="Lifecycle.CanMove"/>), records everything; the caller saves.</summary>
    public async Task MoveAsync(Application application, ApplicationStatus to, string kind, string actorRole, ICurrentUser user, string? message, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var from = application.Status;
        application.MoveTo(to, new WorkingDays(options.Value.PublicHolidays), now);
        application.Record(kind, actorRole, now, message);
        await notifier.SendAsync(application.CitizenSubject, application.Id, "application-status-changed", new NoticeValues { { "reference", application.Reference }, { "status", notifier.StatusText(to) }, { "message", message } }, ct);
        db.Audit(user, $"application.{kind}", "application", application.Id.ToString(),
            new { application.Reference, from = from.ToString(), to = to.ToString(), application.DueDate },
            onBehalfOf: actorRole == "caseworker" ? user.AgencyId : null);
    }
}
