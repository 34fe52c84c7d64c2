using System.ComponentModel.DataAnnotations;
using EGov.BuildingBlocks.Casework;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Features.Applications;

/// <summary>Body of a move that takes a message: an answer, a question, reasons.</summary>
internal sealed record MessageRequest(string? Message);

/// <summary>The citizen's own applications: list, read with timeline, withdraw, answer a request for information, any other move the lifecycle gives the applicant.</summary>
internal static class MyApplications
{
    public const int MaxMessageLength = CaseRecord.MaxMessageLength;

    public static void Map(RouteGroupBuilder applications)
    {
        applications.MapGet("/", ListAsync)
            .WithName("ListMyApplications")
            .WithSummary("My applications")
            .WithDescription("The caller's applications, newest first, paged; `status` (a state name of the service's lifecycle, such as InReview) filters.")
            .ProducesValidationProblem();

        applications.MapGet("/{id:guid}", GetAsync)
            .WithName("GetMyApplication")
            .WithSummary("One of my applications, with its timeline")
            .WithDescription("Status, due date, the answers as filed, the transitions the lifecycle allows now and every step of the case; another citizen's application is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        applications.MapPost("/{id:guid}/withdraw", (Guid id, CitizensDb db, ICurrentUser user, CaseActions cases, HttpRequest request, CancellationToken ct) =>
                TakeAsync(id, "withdraw", null, "message", db, user, cases, request, ct))
            .WithName("WithdrawApplication")
            .WithSummary("Withdraw an application")
            .WithDescription("The lifecycle's `withdraw` transition: possible while the application is open; otherwise 409 naming the allowed transitions.")
            .Produces<ApplicationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        applications.MapPost("/{id:guid}/responses", async Task<IResult> (Guid id, MessageRequest body, CitizensDb db, ICurrentUser user, CaseActions cases, HttpRequest request, CancellationToken ct) =>
                CaseActions.MessageMissing(body.Message) ?? await TakeAsync(id, "provide-information", body.Message, "message", db, user, cases, request, ct))
            .WithName("RespondToInformationRequest")
            .WithSummary("Answer a request for information")
            .WithDescription("The lifecycle's `provide-information` transition with the citizen's answer (`message`, required): the application returns to review and its deadline runs again.")
            .Produces<ApplicationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        applications.MapPost("/{id:guid}/transitions/{transition}", (Guid id, [MaxLength(40)] string transition, MessageRequest body, CitizensDb db, ICurrentUser user, CaseActions cases, HttpRequest request, CancellationToken ct) =>
                TakeAsync(id, transition, body.Message, "message", db, user, cases, request, ct))
            .WithName("TakeMyApplicationTransition")
            .WithSummary("Take a transition of my application")
            .WithDescription("Any transition the service's lifecycle gives the applicant (see `allowedTransitions`), with `message` when the transition takes one. A transition the lifecycle does not allow now is 409 naming the allowed ones; one the applicant may not take is 403.")
            .Produces<ApplicationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<PagedList<ApplicationSummary>>, ValidationProblem>> ListAsync(
        [AsParameters] PageQuery pageQuery, [MaxLength(40)] string? status, CitizensDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors().MaxLength("status", status, 40);
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.Applications.AsNoTracking().Where(a => a.CitizenSubject == user.Subject);
        if (status is not null)
        {
            query = query.Where(a => a.State == status);
        }

        return TypedResults.Ok(await query.OrderByDescending(a => a.SubmittedAt)
            .Select(a => new ApplicationSummary(a.Id, a.Reference, a.ServiceCode, a.AgencyCode, a.State, a.SubmittedAt, a.DueDate, a.Overdue, null))
            .ToPagedListAsync(paging, ct));
    }

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> GetAsync(
        Guid id, CitizensDb db, ICurrentUser user, CaseActions cases, HttpRequest request, CancellationToken ct) =>
        await FindOwnAsync(db, user, id, ct) is { } application
            ? TypedResults.Ok(await cases.ViewAsync(application, request, ct))
            : NotFound(id);

    private static async Task<Results<Ok<ApplicationResponse>, Accepted<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> TakeAsync(
        Guid id, string transition, string? message, string messageField, CitizensDb db, ICurrentUser user, CaseActions cases, HttpRequest request, CancellationToken ct) =>
        await FindOwnAsync(db, user, id, ct) is { } application
            ? await cases.TakeAsync(application, transition, CaseParticipant.Citizen(user), user, message, messageField, request, ct)
            : NotFound(id);

    public static async Task<Application?> FindOwnAsync(CitizensDb db, ICurrentUser user, Guid id, CancellationToken ct) =>
        await db.Applications.Include(a => a.Timeline).SingleOrDefaultAsync(a => a.Id == id && a.CitizenSubject == user.Subject, ct);

    public static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"You have no application {id}.");
}
