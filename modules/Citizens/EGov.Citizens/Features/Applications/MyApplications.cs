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

/// <summary>Body of a citizen's answer to a request for information.</summary>
internal sealed record MessageRequest(string? Message);

/// <summary>The citizen's own applications: list, read with timeline, withdraw, answer a request for information.</summary>
internal static class MyApplications
{
    public const int MaxMessageLength = 4000;

    public static void Map(RouteGroupBuilder applications)
    {
        applications.MapGet("/", ListAsync)
            .WithName("ListMyApplications")
            .WithSummary("My applications")
            .WithDescription("The caller's applications, newest first, paged; `status` filters.")
            .ProducesValidationProblem();

        applications.MapGet("/{id:guid}", GetAsync)
            .WithName("GetMyApplication")
            .WithSummary("One of my applications, with its timeline")
            .WithDescription("Status, due date, the answers as filed, attachments and every step of the case; another citizen's application is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        applications.MapPost("/{id:guid}/withdraw", WithdrawAsync)
            .WithName("WithdrawApplication")
            .WithSummary("Withdraw an application")
            .WithDescription("Possible while the application is open; otherwise 409 naming the allowed transitions.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        applications.MapPost("/{id:guid}/responses", RespondAsync)
            .WithName("RespondToInformationRequest")
            .WithSummary("Answer a request for information")
            .WithDescription("Sends the citizen's answer; the application returns to review and its deadline runs again.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<PagedList<ApplicationSummary>>, ValidationProblem>> ListAsync(
        [AsParameters] PageQuery pageQuery, ApplicationStatus? status, CitizensDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.Applications.AsNoTracking().Where(a => a.CitizenSubject == user.Subject);
        if (status is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        return TypedResults.Ok(await query.OrderByDescending(a => a.SubmittedAt)
            .Select(a => new ApplicationSummary(a.Id, a.Reference, a.ServiceCode, a.AgencyCode, a.Status, a.SubmittedAt, a.DueDate, a.Overdue, null))
            .ToPagedListAsync(paging, ct));
    }

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> GetAsync(Guid id, CitizensDb db, ICurrentUser user, CancellationToken ct) =>
        await FindOwnAsync(db, user, id, ct) is { } application
            ? TypedResults.Ok(ApplicationResponse.From(application))
            : NotFound(id);

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> WithdrawAsync(
        Guid id, CitizensDb db, ICurrentUser user, Transitions transitions, CitizenNotifier notifier, CancellationToken ct)
    {
        if (await FindOwnAsync(db, user, id, ct) is not { } application)
        {
            return NotFound(id);
        }

        if (!Lifecycle.CanMove(application.Status, ApplicationStatus.Withdrawn))
        {
            return Transitions.NotAllowed(application, ApplicationStatus.Withdrawn);
        }

        await transitions.MoveAsync(application, ApplicationStatus.Withdrawn, "withdrawn", "citizen", user, null, ct);
        if (!await TrySaveAsync(db, ct))
        {
            return Problems.Conflict("The application changed at the same time; read it again.");
        }

        await notifier.RefreshSessionAsync(application.CitizenSubject, ct);
        return TypedResults.Ok(ApplicationResponse.From(application));
    }

    private static async Task<Results<Ok<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> RespondAsync(
        Guid id, MessageRequest request, CitizensDb db, ICurrentUser user, Transitions transitions, CitizenNotifier notifier, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("message", request.Message).MaxLength("message", request.Message, MaxMessageLength);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await FindOwnAsync(db, user, id, ct) is not { } application)
        {
            return NotFound(id);
        }

        if (application.Status != ApplicationStatus.InformationRequested)
        {
            return Problems.Conflict(
                $"The agency has not requested information (status {application.Status}).",
                new Dictionary<string, object?> { ["currentStatus"] = application.Status.ToString(), ["allowedTransitions"] = Lifecycle.AllowedFrom(application.Status).Select(s => s.ToString()).ToArray() });
        }

        await transitions.MoveAsync(application, ApplicationStatus.InReview, "information-provided", "citizen", user, request.Message!.Trim(), ct);
        if (!await TrySaveAsync(db, ct))
        {
            return Problems.Conflict("The application changed at the same time; read it again.");
        }

        await notifier.RefreshSessionAsync(application.CitizenSubject, ct);
        return TypedResults.Ok(ApplicationResponse.From(application));
    }

    public static async Task<Application?> FindOwnAsync(CitizensDb db, ICurrentUser user, Guid id, CancellationToken ct) =>
        await db.Applications.Include(a => a.Timeline).SingleOrDefaultAsync(a => a.Id == id && a.CitizenSubject == user.Subject, ct);

    public static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"You have no application {id}.");

    public static async Task<bool> TrySaveAsync(CitizensDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
