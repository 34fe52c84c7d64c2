using System.ComponentModel.DataAnnotations;
using EGov.BuildingBlocks.Casework;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Businesses.Features.Licences;

/// <summary>Why the issuing agency suspends, reinstates or revokes a licence (the business reads it; the public register does not).</summary>
internal sealed record LicenceMeasureRequest(string? Reason);

/// <summary>
/// The licensing back office of an issuing agency, <c>/licensing/…</c>: its caseworkers (role <c>caseworker</c>, claim
/// <c>agency_id</c>, a current caseworker post in the establishment) work the applications for its licence types and
/// suspend, reinstate and revoke its licences. Another agency's application or licence is 404 to them.
/// </summary>
internal static class LicensingBackOffice
{
    public static void Map(IEndpointRouteBuilder module)
    {
        var office = module.MapGroup("/licensing")
            .RequireAccess(Access.AnyOf(PlatformRoles.Caseworker))
            .RequireStaffRecord(StaffFunction.Caseworker);

        office.MapGet("/applications", QueueAsync)
            .WithName("LicensingQueue")
            .WithSummary("The agency's licence applications")
            .WithDescription("Applications for the caller's agency's licence types, oldest due first; filter by `status` (a state name) and `overdue`. Paged.")
            .ProducesValidationProblem();

        office.MapGet("/applications/{reference}", GetAsync)
            .WithName("LicensingGetApplication")
            .WithSummary("One licence application of the agency")
            .WithDescription("With its answers, the transitions the caller may take and the timeline.")
            .Produces<LicenceApplicationResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        office.MapPost("/applications/{reference}/assign", AssignAsync)
            .WithName("LicensingAssignApplication")
            .WithSummary("Take a licence application")
            .WithDescription("Assigns the open application to the caller; when `start-review` is open to the caller, the application goes into review.")
            .Produces<LicenceApplicationResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        office.MapPost("/applications/{reference}/transitions/{transition}", TakeAsync)
            .WithName("LicensingTakeTransition")
            .WithSummary("Take a transition of a licence application")
            .WithDescription("A transition the licence type's lifecycle gives the agency's staff, with `message` when it takes one: `request-information`, `approve` (issues the signed licence, " +
                "or for a renewal extends the licence under a new document, in the same transaction), `reject` (with the reasons).")
            .Produces<LicenceApplicationResponse>()
            .Produces<LicenceApplicationResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        office.MapGet("/licences/{licenceNumber}", LicenceAsync)
            .WithName("LicensingGetLicence")
            .WithSummary("One licence the agency issued")
            .WithDescription("Status today, validity, reasons and history.")
            .Produces<LicenceResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        Measure(office, "suspension", LicenceMeasure.Suspend, "SuspendLicence", "Suspend a licence",
            "An active licence stops being valid until reinstated (its expiry date still runs); the business inbox gets the reason. 409 for a licence that is not active.");
        Measure(office, "reinstatement", LicenceMeasure.Reinstate, "ReinstateLicence", "Reinstate a suspended licence",
            "Lifts the suspension of a licence that has not expired meanwhile. 409 for a licence that is not suspended.");
        Measure(office, "revocation", LicenceMeasure.Revoke, "RevokeLicence", "Revoke a licence",
            "Ends an active or suspended licence for good and withdraws its signed document (the public check says revoked). 409 for a revoked or expired licence.");
    }

    private static void Measure(RouteGroupBuilder office, string path, LicenceMeasure measure, string name, string summary, string description) =>
        office.MapPost($"/licences/{{licenceNumber}}/{path}", async Task<IResult> (
                [MaxLength(BusinessLicences.MaxReferenceLength)] string licenceNumber, LicenceMeasureRequest body, BusinessesDb db, LicenceCases cases, ICurrentUser user, CancellationToken ct) =>
            {
                var errors = new ValidationErrors().Required("reason", body.Reason).MaxLength("reason", body.Reason, Licence.MaxReasonLength);
                if (errors.Any)
                {
                    return Problems.Validation(errors);
                }

                return await FindLicenceAsync(db, user, licenceNumber, track: true, ct) is { } licence
                    ? await cases.MeasureAsync(licence, measure, body.Reason!, user, ct)
                    : LicenceNotFound();
            })
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description + " `reason`: 1 to 2000 characters.")
            .Produces<LicenceResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<PagedList<LicenceApplicationSummary>>, ValidationProblem>> QueueAsync(
        [AsParameters] PageQuery pageQuery, [MaxLength(40)] string? status, bool? overdue, BusinessesDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.LicenceApplications.AsNoTracking().Where(a => a.AgencyCode == user.AgencyId);
        if (status is not null)
        {
            query = query.Where(a => a.State == status);
        }

        if (overdue is { } o)
        {
            query = query.Where(a => a.Overdue == o);
        }

        return TypedResults.Ok(await query.OrderBy(a => a.DueDate).ThenBy(a => a.SubmittedAt)
            .Select(a => new LicenceApplicationSummary(a.Id, a.Reference, a.LicenceTypeCode, a.AgencyCode, a.BusinessNumber, a.Purpose, a.State, a.SubmittedAt, a.DueDate, a.Overdue, a.AssignedTo))
            .ToPagedListAsync(paging, ct));
    }

    private static async Task<IResult> GetAsync(
        [MaxLength(BusinessLicences.MaxReferenceLength)] string reference, BusinessesDb db, ICurrentUser user, LicenceCases cases, HttpRequest request, CancellationToken ct) =>
        await FindAsync(db, user, reference, ct) is { } application
            ? TypedResults.Ok(await cases.ViewAsync(application, CaseParticipant.Staff(user), request, ct))
            : ApplicationNotFound();

    private static async Task<IResult> AssignAsync(
        [MaxLength(BusinessLicences.MaxReferenceLength)] string reference, BusinessesDb db, ICurrentUser user, LicenceCases cases, HttpRequest request, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, user, reference, ct) is not { } application)
        {
            return ApplicationNotFound();
        }

        if (!application.Assign(user.Username ?? user.Actor, clock.GetUtcNow()))
        {
            return CaseProblems.NotAllowed(new CaseMove.NotAllowed("assign", application.State, []));
        }

        db.Audit(user, "licence-application.assigned", "licence-application", application.Id.ToString(), new { application.Reference, assignee = application.AssignedTo }, onBehalfOf: user.AgencyId);
        var staff = CaseParticipant.Staff(user);
        var lifecycle = (await LicenceCatalogue.VersionAsync(db, application.LicenceTypeCode, application.LicenceTypeVersion, ct)).Definition.Lifecycle;
        if (lifecycle.Transition(StartReview) is { } start && start.From.Contains(application.State) && staff.May(start, application.Applicant, application.AgencyCode))
        {
            return await cases.TakeAsync(application, StartReview, staff, user, null, user.AgencyId!, request, ct);
        }

        return await db.TrySaveAsync(ct) == SaveResult.Saved
            ? TypedResults.Ok(await cases.ViewAsync(application, staff, request, ct))
            : Problems.Conflict("The application changed at the same time; read it again.");
    }

    private static async Task<IResult> TakeAsync(
        [MaxLength(BusinessLicences.MaxReferenceLength)] string reference, [MaxLength(40)] string transition, LicenceMessageRequest body,
        BusinessesDb db, ICurrentUser user, LicenceCases cases, HttpRequest request, CancellationToken ct)
    {
        if (new ValidationErrors().MaxLength("message", body.Message, CaseRecord.MaxMessageLength) is { Any: true } errors)
        {
            return Problems.Validation(errors);
        }

        return await FindAsync(db, user, reference, ct) is { } application
            ? await cases.TakeAsync(application, transition, CaseParticipant.Staff(user), user, body.Message, user.AgencyId!, request, ct)
            : ApplicationNotFound();
    }

    private static async Task<IResult> LicenceAsync(
        [MaxLength(BusinessLicences.MaxReferenceLength)] string licenceNumber, BusinessesDb db, ICurrentUser user, LicenceCases cases, TimeProvider clock, CancellationToken ct) =>
        await FindLicenceAsync(db, user, licenceNumber, track: false, ct) is { } licence
            ? TypedResults.Ok(LicenceResponse.From(licence, await cases.ValidityOfAsync(licence, ct), Register.Today(clock)))
            : LicenceNotFound();

    private const string StartReview = "start-review";

    private static async Task<LicenceApplication?> FindAsync(BusinessesDb db, ICurrentUser user, string reference, CancellationToken ct) =>
        user.AgencyId is null
            ? null
            : await db.LicenceApplications.Include(a => a.Timeline).SingleOrDefaultAsync(a => a.Reference == reference && a.AgencyCode == user.AgencyId, ct);

    private static async Task<Licence?> FindLicenceAsync(BusinessesDb db, ICurrentUser user, string number, bool track, CancellationToken ct)
    {
        if (user.AgencyId is null)
        {
            return null;
        }

        var licences = track ? db.Licences : db.Licences.AsNoTracking();
        return await licences.SingleOrDefaultAsync(l => l.Number == number && l.AgencyCode == user.AgencyId, ct);
    }

    private static ProblemHttpResult ApplicationNotFound() => Problems.NotFound("Your agency has no licence application with that reference.");

    private static ProblemHttpResult LicenceNotFound() => Problems.NotFound("Your agency issued no licence with that number.");
}
