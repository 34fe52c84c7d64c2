using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Notices;
using TextLanguages = EGov.BuildingBlocks.Texts.Languages;
using EGov.Citizens.Contracts;
using EGov.Citizens.Domain;
using EGov.Citizens.Features.Documents;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EGov.Citizens.Features.Applications;

/// <summary>
/// Every change of an application through its lifecycle, for citizens and staff alike: asks the application to
/// take the transition, then adds what the move brings (audit record, inbox message, decision event, signed
/// document), saves once and answers. The lifecycle is the one of the service version the application was filed
/// against.
/// </summary>
internal sealed class CaseActions(
    CitizensDb db, CitizenNotifier notifier, ServiceLifecycles lifecycles, IWorkingCalendar calendar, DocumentIssuer documents, TimeProvider clock)
{
    public ValueTask<LifecycleDefinition> LifecycleOfAsync(Application application, CancellationToken ct) =>
        lifecycles.ForAsync(db, application.ServiceCode, application.ServiceVersion, ct);

    public async Task<ApplicationResponse> ViewAsync(Application application, HttpRequest request, CancellationToken ct)
    {
        var lifecycle = await LifecycleOfAsync(application, ct);
        return ApplicationResponse.From(application, lifecycle, TextLanguages.Of(request, lifecycle.Languages));
    }

    /// <summary>The application's own answer to <paramref name="transition"/>, mapped to HTTP; <paramref name="messageField"/> names the message in field errors.</summary>
    public async Task<Results<Ok<ApplicationResponse>, Accepted<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> TakeAsync(
        Application application, string transition, CaseParticipant who, ICurrentUser user, string? message, string messageField,
        HttpRequest request, CancellationToken ct)
    {
        var lifecycle = await LifecycleOfAsync(application, ct);
        var now = clock.GetUtcNow();
        var onBehalfOf = who.AgencyCode is null ? null : user.AgencyId;
        switch (application.Take(transition, who, message, lifecycle, calendar.For(application.AgencyCode), now))
        {
            case CaseMove.NotAllowed refused:
                return CaseProblems.NotAllowed(refused);
            case CaseMove.NotPermitted:
                return Problems.Forbidden($"Your role may not take '{transition}' on this application.");
            case CaseMove.SecondApproverRequired:
                return Problems.Conflict(
                    $"You already approved '{transition}'; a second member of staff must approve it too.",
                    new Dictionary<string, object?> { ["currentStatus"] = application.State, ["pendingTransition"] = transition });
            case CaseMove.InvalidMessage invalid:
                return Problems.Validation(new ValidationErrors().Add(messageField, invalid.Detail));
            case CaseMove.ApprovalRecorded recorded:
                db.Audit(user, "application.approval-recorded", "application", application.Id.ToString(),
                    new { application.Reference, transition = recorded.Transition.Name }, onBehalfOf);
                if (await SaveAsync(application, ct) is { } pendingConflict)
                {
                    return pendingConflict;
                }

                return TypedResults.Accepted(
                    $"{CitizensModule.Descriptor.RoutePrefix}/backoffice/applications/{application.Id}",
                    ApplicationResponse.From(application, lifecycle, TextLanguages.Of(request, lifecycle.Languages)));
            case CaseMove.Moved moved:
                db.Audit(user, $"application.{moved.Transition.Name}", "application", application.Id.ToString(),
                    new { application.Reference, from = moved.From, to = moved.To, application.DueDate }, onBehalfOf);
                await notifier.SendAsync(application.CitizenSubject, application.Id, "application-status-changed", new NoticeValues { { "reference", application.Reference }, { "status", lifecycle.State(moved.To)!.Title }, { "message", application.Timeline[^1].Message } }, ct);
                if (moved.Closed && application.Outcome is CaseOutcome.Approved or CaseOutcome.Rejected)
                {
                    db.Publish(new ApplicationDecided(
                        application.Id, application.Reference, application.ServiceCode, application.AgencyCode, application.CitizenSubject,
                        application.Outcome == CaseOutcome.Approved ? "approved" : "rejected", now));
                }

                if (moved.Transition.IssuesDocument)
                {
                    // The document is part of the move: saved in the same transaction or not at all.
                    await documents.IssueAsync(application, user, ct);
                }

                if (await SaveAsync(application, ct) is { } conflict)
                {
                    return conflict;
                }

                return TypedResults.Ok(ApplicationResponse.From(application, lifecycle, TextLanguages.Of(request, lifecycle.Languages)));
            default:
                throw new InvalidOperationException("Every case move has an answer.");
        }
    }

    /// <summary>Saves; a conflict when someone changed the application meanwhile, otherwise null (and the session's unread count is refreshed).</summary>
    public async Task<ProblemHttpResult?> SaveAsync(Application application, CancellationToken ct)
    {
        var subject = application.CitizenSubject;
        switch (await db.TrySaveAsync(ct))
        {
            case SaveResult.ChangedMeanwhile:
                return Problems.Conflict("The application changed at the same time; read it again.");
            case SaveResult.Duplicate:
                return Problems.Conflict("The application was decided at the same time; read it again.");
            default:
                await notifier.RefreshSessionAsync(subject, ct);
                return null;
        }
    }

    /// <summary>For a route that exists to carry a message (a question, an answer): 400 before anything is looked up when it is missing or too long.</summary>
    public static IResult? MessageMissing(string? message)
    {
        var errors = new ValidationErrors().Required("message", message).MaxLength("message", message, CaseRecord.MaxMessageLength);
        return errors.Any ? Problems.Validation(errors) : null;
    }
}
