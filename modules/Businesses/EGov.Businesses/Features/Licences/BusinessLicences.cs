using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Notices;
using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Features.Representation;
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

/// <summary>A new application: the licence type's code and the answers to its form (field name → value).</summary>
internal sealed record LicenceApplicationRequest(string? LicenceType, JsonElement? Answers);

/// <summary>A renewal: the answers to the form of the licence type's current version.</summary>
internal sealed record LicenceRenewalRequest(JsonElement? Answers);

/// <summary>A transition's message (the information asked for, a reason).</summary>
internal sealed record LicenceMessageRequest(string? Message);

/// <summary>
/// A business's licences and applications, <c>/businesses/{number}/licence-applications</c> and <c>/licences</c>: an
/// officer in office or a holder of a mandate with scope <c>Licences</c> applies, answers the agency's questions,
/// withdraws, reads the licences and applies for their renewal. The power is read from the register on every request.
/// </summary>
internal static class BusinessLicences
{
    public const int MaxReferenceLength = 24;

    public static void Map(RouteGroupBuilder business)
    {
        var applications = business.MapGroup("/licence-applications");

        applications.MapPost("/", ApplyAsync)
            .WithName("ApplyForLicence")
            .WithSummary("Apply for a licence")
            .WithDescription("Files an application for the current version of licence type `licenceType` with `answers` to its form, checked in full (field errors under `answers.<field>`). " +
                "The issuing agency's statutory deadline starts today. 409 when the business already holds a running licence of that type (apply for its renewal) " +
                "or has an open application for it. Scope Licences.")
            .Produces<LicenceApplicationResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        applications.MapGet("/", ListAsync)
            .WithName("ListLicenceApplications")
            .WithSummary("The business's licence applications")
            .WithDescription("Newest first, paged. Scope Licences.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        applications.MapGet("/{reference}", GetAsync)
            .WithName("GetLicenceApplication")
            .WithSummary("One licence application with its timeline")
            .WithDescription("The answers as filed, the status, the deadline, the transitions the business may take, the timeline. Scope Licences.")
            .Produces<LicenceApplicationResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        applications.MapPost("/{reference}/transitions/{transition}", TakeAsync)
            .WithName("TakeLicenceApplicationTransition")
            .WithSummary("Take a transition of the business's application")
            .WithDescription("A transition the lifecycle gives the applicant: `provide-information` (with `message`, the answer; the deadline runs again) or `withdraw`. Scope Licences.")
            .Produces<LicenceApplicationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var licences = business.MapGroup("/licences");

        licences.MapGet("/", HeldAsync)
            .WithName("ListBusinessLicences")
            .WithSummary("The business's licences")
            .WithDescription("Every licence the business holds or held, with its status today, validity, reasons and history. Paged. Scope Licences.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        licences.MapGet("/{licenceNumber}", HeldOneAsync)
            .WithName("GetBusinessLicence")
            .WithSummary("One of the business's licences")
            .WithDescription("Status today, validity, the verification code of its signed document, the first day of renewal and the history. Scope Licences.")
            .Produces<LicenceResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        licences.MapPost("/{licenceNumber}/renewal", RenewAsync)
            .WithName("ApplyForLicenceRenewal")
            .WithSummary("Apply for the renewal of a licence")
            .WithDescription("From `renewalOpensOn` (the type's renewal window before expiry) for an active licence: files a renewal application with `answers` to the current form. " +
                "Approved, it extends the licence by the type's validity from its last day, under a new signed document. 409 outside the window, for a licence that is not active, " +
                "or when a renewal is already open. Scope Licences.")
            .Produces<LicenceApplicationResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    internal static ProblemHttpResult OutOfScope() => Problems.Forbidden("Your power for this business does not cover licences.");

    private static async Task<IResult> ApplyAsync(
        string number, LicenceApplicationRequest request, HttpContext http, BusinessesDb db, LicenceFiling filing, TimeProvider clock, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Licences))
        {
            return OutOfScope();
        }

        var errors = new ValidationErrors().Required("licenceType", request.LicenceType).MaxLength("licenceType", request.LicenceType, 64);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await LicenceCatalogue.CurrentAsync(db, request.LicenceType!, ct) is not { } type)
        {
            return Problems.Validation(errors.Add("licenceType", $"There is no licence type {LicenceCatalogue.Shown(request.LicenceType)}; see GET /api/g2b/licence-types."));
        }

        var today = Register.Today(clock);
        if (await db.Licences.AsNoTracking()
                .Where(l => l.BusinessId == power.BusinessId && l.LicenceTypeCode == type.Code)
                .Where(l => (l.Status == LicenceStatus.Active || l.Status == LicenceStatus.Suspended) && l.ValidUntil >= today)
                .Select(l => l.Number).FirstOrDefaultAsync(ct) is { } held)
        {
            return Problems.Conflict($"The business holds licence {held} of this type: apply for its renewal.", new Dictionary<string, object?> { ["licenceNumber"] = held });
        }

        return await filing.FileAsync(power, type, LicencePurpose.New, null, request.Answers, http, ct);
    }

    private static async Task<IResult> RenewAsync(
        string number, [MaxLength(MaxReferenceLength)] string licenceNumber, LicenceRenewalRequest request, HttpContext http, BusinessesDb db, LicenceFiling filing, TimeProvider clock, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Licences))
        {
            return OutOfScope();
        }

        var licence = await db.Licences.AsNoTracking().SingleOrDefaultAsync(l => l.Number == licenceNumber && l.BusinessId == power.BusinessId, ct);
        if (licence is null)
        {
            return LicenceNotFound();
        }

        var type = (await LicenceCatalogue.CurrentAsync(db, licence.LicenceTypeCode, ct))!;
        if (licence.MayApplyForRenewal(type.Definition.Validity, Register.Today(clock)) is { } refusal)
        {
            return Problems.Conflict(refusal.Detail, new Dictionary<string, object?> { ["renewalOpensOn"] = licence.RenewalOpensOn(type.Definition.Validity).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        }

        return await filing.FileAsync(power, type, LicencePurpose.Renewal, licence, request.Answers, http, ct);
    }

    private static async Task<Results<Ok<PagedList<LicenceApplicationSummary>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string number, [AsParameters] PageQuery pageQuery, HttpContext http, BusinessesDb db, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Licences))
        {
            return OutOfScope();
        }

        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        return TypedResults.Ok(await db.LicenceApplications.AsNoTracking()
            .Where(a => a.BusinessId == power.BusinessId)
            .OrderByDescending(a => a.SubmittedAt).ThenBy(a => a.Reference)
            .Select(a => new LicenceApplicationSummary(a.Id, a.Reference, a.LicenceTypeCode, a.AgencyCode, a.BusinessNumber, a.Purpose, a.State, a.SubmittedAt, a.DueDate, a.Overdue, a.AssignedTo))
            .ToPagedListAsync(paging, ct));
    }

    private static async Task<IResult> GetAsync(
        string number, [MaxLength(MaxReferenceLength)] string reference, HttpContext http, BusinessesDb db, LicenceCases cases, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Licences))
        {
            return OutOfScope();
        }

        return await FindAsync(db, power, reference, ct) is { } application
            ? TypedResults.Ok(await cases.ViewAsync(application, LicenceCases.Representative(power.Number), http.Request, ct))
            : ApplicationNotFound();
    }

    private static async Task<IResult> TakeAsync(
        string number, [MaxLength(MaxReferenceLength)] string reference, [MaxLength(40)] string transition, LicenceMessageRequest body,
        HttpContext http, BusinessesDb db, LicenceCases cases, ICurrentUser user, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Licences))
        {
            return OutOfScope();
        }

        if (new ValidationErrors().MaxLength("message", body.Message, CaseRecord.MaxMessageLength) is { Any: true } errors)
        {
            return Problems.Validation(errors);
        }

        return await FindAsync(db, power, reference, ct) is { } application
            ? await cases.TakeAsync(application, transition, LicenceCases.Representative(power.Number), user, body.Message, power.Number, http.Request, ct)
            : ApplicationNotFound();
    }

    private static async Task<Results<Ok<PagedList<LicenceResponse>>, ValidationProblem, ProblemHttpResult>> HeldAsync(
        string number, [AsParameters] PageQuery pageQuery, HttpContext http, BusinessesDb db, TimeProvider clock, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Licences))
        {
            return OutOfScope();
        }

        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var page = await db.Licences.AsNoTracking().Where(l => l.BusinessId == power.BusinessId)
            .OrderByDescending(l => l.IssuedAt).ThenBy(l => l.Number)
            .ToPagedListAsync(paging, ct);
        var types = await LicenceCatalogue.CurrentOfAsync(db, page.Items.Select(l => l.LicenceTypeCode), ct);
        var today = Register.Today(clock);
        return TypedResults.Ok(new PagedList<LicenceResponse>(page.Items.Select(l => LicenceResponse.From(l, types[l.LicenceTypeCode].Definition.Validity, today)).ToList(), page.Total, page.Page, page.PageSize));
    }

    private static async Task<IResult> HeldOneAsync(
        string number, [MaxLength(MaxReferenceLength)] string licenceNumber, HttpContext http, BusinessesDb db, LicenceCases cases, TimeProvider clock, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Licences))
        {
            return OutOfScope();
        }

        var licence = await db.Licences.AsNoTracking().SingleOrDefaultAsync(l => l.Number == licenceNumber && l.BusinessId == power.BusinessId, ct);
        return licence is null
            ? LicenceNotFound()
            : TypedResults.Ok(LicenceResponse.From(licence, await cases.ValidityOfAsync(licence, ct), Register.Today(clock)));
    }

    private static Task<LicenceApplication?> FindAsync(BusinessesDb db, Power power, string reference, CancellationToken ct) =>
        db.LicenceApplications.Include(a => a.Timeline).SingleOrDefaultAsync(a => a.Reference == reference && a.BusinessId == power.BusinessId, ct);

    private static ProblemHttpResult ApplicationNotFound() => Problems.NotFound("The business has no licence application with that reference.");

    private static ProblemHttpResult LicenceNotFound() => Problems.NotFound("The business holds no licence with that number.");
}

/// <summary>
/// Files a licence application (a first licence or a renewal) for a business: checks the answers against the form of
/// the type's current version, refuses a second open application for the same licence, opens the case in the issuing
/// agency's queue and tells the business inbox, in one transaction.
/// </summary>
internal sealed class LicenceFiling(BusinessesDb db, NoticeInbox<BusinessesDb> inbox, IWorkingCalendar calendar, LicenceCases cases, ICurrentUser user, TimeProvider clock)
{
    public async Task<IResult> FileAsync(Power power, LicenceType type, LicencePurpose purpose, Licence? renewed, JsonElement? answers, HttpContext http, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Dictionary<string, JsonElement> values = [];
        if (answers is not { ValueKind: JsonValueKind.Object } given)
        {
            errors.Add("answers", "'answers' is an object of field name to value.");
        }
        else
        {
            foreach (var property in given.EnumerateObject())
            {
                values[property.Name] = property.Value;
            }
        }

        var now = clock.GetUtcNow();
        var accepted = errors.Any ? null : type.Definition.Form.CheckValues(values, FormCheck.Complete, Register.Today(clock), errors, "answers");
        if (accepted is null)
        {
            return Problems.Validation(errors);
        }

        var open = await db.LicenceApplications.AsNoTracking()
            .Where(a => a.BusinessId == power.BusinessId && a.LicenceTypeCode == type.Code && a.Purpose == purpose && a.ClosedAt == null)
            .Where(a => purpose == LicencePurpose.New || a.LicenceId == renewed!.Id)
            .Select(a => a.Reference).FirstOrDefaultAsync(ct);
        if (open is not null)
        {
            return Problems.Conflict($"Application {open} for this licence is open: follow it up, or withdraw it first.", new Dictionary<string, object?> { ["reference"] = open });
        }

        var reference = await CaseReferences.NextAsync(db, BusinessesModule.Descriptor.Schema, LicensingModel.ApplicationSequence, BusinessesModule.Descriptor.Code, now, ct);
        var application = new LicenceApplication(
            Guid.CreateVersion7(now), reference, type, power.BusinessId, power.Number, purpose, renewed?.Id,
            type.Definition.Form.AnswersToJson(accepted), user.Actor, calendar.For(type.AgencyCode), now);
        db.LicenceApplications.Add(application);
        db.Audit(user, "licence-application.submitted", "licence-application", application.Id.ToString(),
            new { application.Reference, type.Code, type.Version, purpose, licence = renewed?.Number, application.DueDate }, onBehalfOf: power.Number);
        await inbox.SendAsync(application.Applicant, null, "licence-application-submitted", new NoticeValues
        {
            { "reference", application.Reference },
            { "licenceType", type.Definition.Title },
            { "dueDate", application.DueDate },
        }, new NoticeRegarding(application.Id), ct);
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The application could not be filed at the same time as another change; try again.");
        }

        return TypedResults.Created(
            $"{BusinessesModule.Descriptor.RoutePrefix}/businesses/{power.Number}/licence-applications/{application.Reference}",
            await cases.ViewAsync(application, LicenceCases.Representative(power.Number), http.Request, ct));
    }
}
