using System.ComponentModel.DataAnnotations;
using EGov.Citizens.Contracts;
using EGov.BuildingBlocks.Casework;
using EGov.Citizens.Domain;
using EGov.Citizens.Features.Applications;
using EGov.Citizens.Features.Documents;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EGov.Citizens.Features.BackOffice;

internal sealed record DecisionRequest([property: Required, AllowedValues("approved", "rejected")] string? Outcome, string? Reasons);

/// <summary>
/// The back office of the responsible agency: caseworkers (role <c>caseworker</c>, claim <c>agency_id</c>) see and
/// work only their own agency's applications; any other application is 404 to them. Every move goes through the
/// lifecycle of the application's service version, which says who may take it.
/// </summary>
internal static class CaseWork
{
    public static void Map(RouteGroupBuilder module)
    {
        var backOffice = module.MapGroup("/backoffice/applications")
            .RequireAccess(Access.AnyOf(PlatformRoles.Caseworker))
            .RequireStaffRecord(StaffFunction.Caseworker);

        backOffice.MapGet("/", QueueAsync)
            .WithName("BackOfficeQueue")
            .WithSummary("The agency's queue")
            .WithDescription("Applications to the caller's agency, oldest due first; filter by `status` (a state name) and `overdue`, paged.")
            .ProducesValidationProblem();

        backOffice.MapGet("/{id:guid}", async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> (Guid id, CitizensDb db, ICurrentUser user, CaseActions cases, HttpRequest request, CancellationToken ct) =>
                await FindAsync(db, user, id, ct) is { } application ? TypedResults.Ok(await cases.ViewAsync(application, request, ct)) : NotFound(id))
            .WithName("BackOfficeGetApplication")
            .WithSummary("One application of the agency, with its timeline")
            .WithDescription("An application to the caller's agency with its answers, attachments and timeline; another agency's application is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        backOffice.MapPost("/{id:guid}/assign", AssignAsync)
            .WithName("AssignApplication")
            .WithSummary("Take an application")
            .WithDescription("Assigns the open application to the caller; when the lifecycle's `start-review` transition is open to the caller, the application goes into review.")
            .Produces<ApplicationResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        backOffice.MapPost("/{id:guid}/information-requests", async Task<IResult> (Guid id, MessageRequest body, CitizensDb db, ICurrentUser user, CaseActions cases, HttpRequest request, CancellationToken ct) =>
                CaseActions.MessageMissing(body.Message) ?? await TakeAsync(id, "request-information", body.Message, "message", db, user, cases, request, ct))
            .WithName("RequestInformation")
            .WithSummary("Ask the citizen for information")
            .WithDescription("The lifecycle's `request-information` transition with the question (`message`, required); the statutory deadline pauses until the citizen answers.")
            .Produces<ApplicationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        backOffice.MapPost("/{id:guid}/decision", DecideAsync)
            .WithName("DecideApplication")
            .WithSummary("Approve or reject an application")
            .WithDescription("`outcome`: approved or rejected takes the lifecycle's transition into the final state with that outcome; `reasons` as that transition requires (a rejection, in the standard lifecycle). " +
                "An approval that issues a document signs it in the same transaction. When the transition needs four eyes, the first approval is recorded and answered with 202 and `pendingApproval`; a second member of staff decides; the same one again is 409.")
            .Produces<ApplicationResponse>()
            .Produces<ApplicationResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        backOffice.MapPost("/{id:guid}/transitions/{transition}", (Guid id, [MaxLength(40)] string transition, MessageRequest body, CitizensDb db, ICurrentUser user, CaseActions cases, HttpRequest request, CancellationToken ct) =>
                TakeAsync(id, transition, body.Message, "message", db, user, cases, request, ct))
            .WithName("TakeApplicationTransition")
            .WithSummary("Take a transition of an application")
            .WithDescription("Any transition the service's lifecycle gives the agency's staff (see `allowedTransitions`), with `message` when the transition takes one; four-eyes transitions answer 202 on the first approval.")
            .Produces<ApplicationResponse>()
            .Produces<ApplicationResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<PagedList<ApplicationSummary>>, ValidationProblem>> QueueAsync(
        [AsParameters] PageQuery pageQuery, [MaxLength(40)] string? status, bool? overdue, CitizensDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors().MaxLength("status", status, 40);
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.Applications.AsNoTracking().Where(a => a.AgencyCode == user.AgencyId);
        if (status is not null)
        {
            query = query.Where(a => a.State == status);
        }

        if (overdue is { } o)
        {
            query = query.Where(a => a.Overdue == o);
        }

        return TypedResults.Ok(await query.OrderBy(a => a.DueDate).ThenBy(a => a.SubmittedAt)
            .Select(a => new ApplicationSummary(a.Id, a.Reference, a.ServiceCode, a.AgencyCode, a.State, a.SubmittedAt, a.DueDate, a.Overdue, a.AssignedTo))
            .ToPagedListAsync(paging, ct));
    }

    private static async Task<Results<Ok<ApplicationResponse>, Accepted<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        Guid id, CitizensDb db, ICurrentUser user, CaseActions cases, HttpRequest request, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, user, id, ct) is not { } application)
        {
            return NotFound(id);
        }

        var lifecycle = await cases.LifecycleOfAsync(application, ct);
        if (!application.Assign(user.Username ?? user.Actor, clock.GetUtcNow()))
        {
            return CaseProblems.NotAllowed(new CaseMove.NotAllowed("assign", application.State, []));
        }

        db.Audit(user, "application.assigned", "application", application.Id.ToString(), new { application.Reference, assignee = application.AssignedTo }, onBehalfOf: user.AgencyId);
        var staff = CaseParticipant.Staff(user);
        if (lifecycle.Transition(StartReview) is { } start && start.From.Contains(application.State) && staff.May(start, application.Applicant, application.AgencyCode))
        {
            return await cases.TakeAsync(application, StartReview, staff, user, null, "message", request, ct);
        }

        if (await cases.SaveAsync(application, ct) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Ok(await cases.ViewAsync(application, request, ct));
    }

    private static async Task<Results<Ok<ApplicationResponse>, Accepted<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, DecisionRequest body, CitizensDb db, ICurrentUser user, CaseActions cases, HttpRequest request, CancellationToken ct)
    {
        var outcome = body.Outcome?.Trim().ToLowerInvariant() switch
        {
            "approved" => CaseOutcome.Approved,
            "rejected" => CaseOutcome.Rejected,
            _ => (CaseOutcome?)null,
        };
        var errors = new ValidationErrors().MaxLength("reasons", body.Reasons, MyApplications.MaxMessageLength);
        if (outcome is null)
        {
            errors.Add("outcome", "'outcome' is approved or rejected.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await FindAsync(db, user, id, ct) is not { } application)
        {
            return NotFound(id);
        }

        var lifecycle = await cases.LifecycleOfAsync(application, ct);
        if (lifecycle.Deciding(application.State, outcome!.Value) is not { } transition)
        {
            return CaseProblems.NotAllowed(new CaseMove.NotAllowed(
                outcome == CaseOutcome.Approved ? "approve" : "reject", application.State, lifecycle.AllowedFrom(application.State).Select(t => t.Name).ToList()));
        }

        return await cases.TakeAsync(application, transition.Name, CaseParticipant.Staff(user), user, body.Reasons, "reasons", request, ct);
    }

    private static async Task<Results<Ok<ApplicationResponse>, Accepted<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> TakeAsync(
        Guid id, string transition, string? message, string messageField, CitizensDb db, ICurrentUser user, CaseActions cases, HttpRequest request, CancellationToken ct) =>
        await FindAsync(db, user, id, ct) is { } application
            ? await cases.TakeAsync(application, transition, CaseParticipant.Staff(user), user, message, messageField, request, ct)
            : NotFound(id);

    private const string StartReview = "start-review";

    private static async Task<Application?> FindAsync(CitizensDb db, ICurrentUser user, Guid id, CancellationToken ct) =>
        user.AgencyId is null
            ? null
            : await db.Applications.Include(a => a.Timeline).SingleOrDefaultAsync(a => a.Id == id && a.AgencyCode == user.AgencyId, ct);

    private static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"Your agency has no application {id}.");
}
