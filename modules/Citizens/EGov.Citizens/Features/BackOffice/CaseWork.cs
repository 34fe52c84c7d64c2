using System.ComponentModel.DataAnnotations;
using EGov.Citizens.Contracts;
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
/// work only their own agency's applications; any other application is 404 to them.
/// </summary>
internal static class CaseWork
{
    public static void Map(RouteGroupBuilder module)
    {
        var backOffice = module.MapGroup("/backoffice/applications")
            .RequireAccess(Access.AnyOf(PlatformRoles.Caseworker));

        backOffice.MapGet("/", QueueAsync)
            .WithName("BackOfficeQueue")
            .WithSummary("The agency's queue")
            .WithDescription("Applications to the caller's agency, oldest due first; filter by `status` and `overdue`, paged.")
            .ProducesValidationProblem();

        backOffice.MapGet("/{id:guid}", async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> (Guid id, CitizensDb db, ICurrentUser user, CancellationToken ct) =>
                await FindAsync(db, user, id, ct) is { } application ? TypedResults.Ok(ApplicationResponse.From(application)) : NotFound(id))
            .WithName("BackOfficeGetApplication")
            .WithSummary("One application of the agency, with its timeline")
            .WithDescription("An application to the caller's agency with its answers, attachments and timeline; another agency's application is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        backOffice.MapPost("/{id:guid}/assign", AssignAsync)
            .WithName("AssignApplication")
            .WithSummary("Take an application")
            .WithDescription("Assigns the application to the caller; a submitted application goes into review.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        backOffice.MapPost("/{id:guid}/information-requests", RequestInformationAsync)
            .WithName("RequestInformation")
            .WithSummary("Ask the citizen for information")
            .WithDescription("The statutory deadline pauses until the citizen answers.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        backOffice.MapPost("/{id:guid}/decision", DecideAsync)
            .WithName("DecideApplication")
            .WithSummary("Approve or reject an application")
            .WithDescription("`outcome`: approved or rejected; `reasons` is required for a rejection. An approval issues the signed document (certificate) in the same transaction.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<PagedList<ApplicationSummary>>, ValidationProblem>> QueueAsync(
        [AsParameters] PageQuery pageQuery, ApplicationStatus? status, bool? overdue, CitizensDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.Applications.AsNoTracking().Where(a => a.AgencyCode == user.AgencyId);
        if (status is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        if (overdue is { } o)
        {
            query = query.Where(a => a.Overdue == o);
        }

        return TypedResults.Ok(await query.OrderBy(a => a.DueDate).ThenBy(a => a.SubmittedAt)
            .Select(a => new ApplicationSummary(a.Id, a.Reference, a.ServiceCode, a.AgencyCode, a.Status, a.SubmittedAt, a.DueDate, a.Overdue, a.AssignedTo))
            .ToPagedListAsync(paging, ct));
    }

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> AssignAsync(
        Guid id, CitizensDb db, ICurrentUser user, Transitions transitions, CitizenNotifier notifier, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, user, id, ct) is not { } application)
        {
            return NotFound(id);
        }

        if (!Lifecycle.IsOpen(application.Status))
        {
            return Transitions.NotAllowed(application, ApplicationStatus.InReview);
        }

        var now = clock.GetUtcNow();
        application.AssignedTo = user.Username ?? user.Actor;
        application.UpdatedAt = now;
        application.Record("assigned", "caseworker", now);
        db.Audit(user, "application.assigned", "application", application.Id.ToString(), new { application.Reference, assignee = application.AssignedTo }, onBehalfOf: user.AgencyId);
        if (application.Status == ApplicationStatus.Submitted)
        {
            await transitions.MoveAsync(application, ApplicationStatus.InReview, "review-started", "caseworker", user, null, ct);
        }

        if (await SaveAsync(db, notifier, application, ct) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Ok(ApplicationResponse.From(application));
    }

    private static async Task<Results<Ok<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> RequestInformationAsync(
        Guid id, MessageRequest request, CitizensDb db, ICurrentUser user, Transitions transitions, CitizenNotifier notifier, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("message", request.Message).MaxLength("message", request.Message, MyApplications.MaxMessageLength);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await FindAsync(db, user, id, ct) is not { } application)
        {
            return NotFound(id);
        }

        if (!Lifecycle.CanMove(application.Status, ApplicationStatus.InformationRequested))
        {
            return Transitions.NotAllowed(application, ApplicationStatus.InformationRequested);
        }

        await transitions.MoveAsync(application, ApplicationStatus.InformationRequested, "information-requested", "caseworker", user, request.Message!.Trim(), ct);
        if (await SaveAsync(db, notifier, application, ct) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Ok(ApplicationResponse.From(application));
    }

    private static async Task<Results<Ok<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, DecisionRequest request, CitizensDb db, ICurrentUser user, Transitions transitions, CitizenNotifier notifier,
        DocumentIssuer documents, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var outcome = request.Outcome?.Trim().ToLowerInvariant();
        if (outcome is not ("approved" or "rejected"))
        {
            errors.Add("outcome", "'outcome' is approved or rejected.");
        }

        if (outcome == "rejected")
        {
            errors.Required("reasons", request.Reasons);
        }

        errors.MaxLength("reasons", request.Reasons, MyApplications.MaxMessageLength);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await FindAsync(db, user, id, ct) is not { } application)
        {
            return NotFound(id);
        }

        var to = outcome == "approved" ? ApplicationStatus.Approved : ApplicationStatus.Rejected;
        if (!Lifecycle.CanMove(application.Status, to))
        {
            return Transitions.NotAllowed(application, to);
        }

        var now = clock.GetUtcNow();
        application.DecidedAt = now;
        application.DecisionReasons = string.IsNullOrWhiteSpace(request.Reasons) ? null : request.Reasons.Trim();
        await transitions.MoveAsync(application, to, outcome!, "caseworker", user, application.DecisionReasons, ct);
        db.Publish(new ApplicationDecided(application.Id, application.Reference, application.ServiceCode, application.AgencyCode, application.CitizenSubject, outcome!, now));
        if (to == ApplicationStatus.Approved)
        {
            // The certificate is part of the approval: saved in the same transaction or not at all.
            await documents.IssueAsync(application, user, ct);
        }

        if (await SaveAsync(db, notifier, application, ct) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Ok(ApplicationResponse.From(application));
    }

    /// <summary>Saves; a conflict when someone changed the application meanwhile, otherwise null (and the session's unread count is refreshed).</summary>
    private static async Task<ProblemHttpResult?> SaveAsync(CitizensDb db, CitizenNotifier notifier, Application application, CancellationToken ct)
    {
        try
        {
            if (!await MyApplications.TrySaveAsync(db, ct))
            {
                return Problems.Conflict("The application changed at the same time; read it again.");
            }
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_documents_application_id" })
        {
            // Two approvals at the same instant: the first one issued the document.
            return Problems.Conflict("The application was decided at the same time; read it again.");
        }

        await notifier.RefreshSessionAsync(application.CitizenSubject, ct);
        return null;
    }

    private static async Task<Application?> FindAsync(CitizensDb db, ICurrentUser user, Guid id, CancellationToken ct) =>
        user.AgencyId is null
            ? null
            : await db.Applications.Include(a => a.Timeline).SingleOrDefaultAsync(a => a.Id == id && a.AgencyCode == user.AgencyId, ct);

    private static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"Your agency has no application {id}.");
}
