using EGov.BuildingBlocks.Calendar;
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
using Microsoft.Extensions.Options;

namespace EGov.Businesses.Features.Procurement;

/// <summary>An enquiry as the procurement officers and the public see it: the question and the answer, never who asked.</summary>
internal sealed record EnquiryView(string Id, string? LotId, string Question, DateTimeOffset AskedAt, string? Answer, DateTimeOffset? AnsweredAt)
{
    public static EnquiryView From(TenderEnquiry e) => new(e.Id, e.LotId, e.Question, e.AskedAt, e.Answer, e.AnsweredAt);
}

/// <summary>The answer to an enquiry and, when it moved the deadline, the tender's new end of the tender period.</summary>
internal sealed record EnquiryAnswerResponse(EnquiryView Enquiry, DateTimeOffset TenderPeriodEnd, TenderAmendment? Amendment);

/// <summary>
/// The tender's dialogue with businesses. Businesses ask enquiries during the enquiry period and complain about an
/// award during its standstill (<c>/businesses/{number}/tenders/{ocid}/…</c>, scope Procurement); the procurement
/// officers of the buying agency answer enquiries publicly, answer or decline complaints, and amend signed contracts
/// (<c>/procurement/tenders/{ocid}/…</c>). Every public change is an OCDS release.
/// </summary>
internal static class Dialogue
{
    public static void MapOfficers(IEndpointRouteBuilder module)
    {
        var tenders = module.MapGroup("/procurement/tenders/{ocid}").RequireAccess(Tenders.Officers);

        tenders.MapPost("/enquiries/{enquiryId}/answer", AnswerEnquiryAsync)
            .WithName("AnswerTenderEnquiry")
            .WithSummary("Answer an enquiry publicly")
            .WithDescription(
                "Publishes the question with its answer (OCDS `tenderUpdate`). The question's author is not published nor shown to the officers. " +
                "An enquiry still unanswered when the enquiry period ends holds the tender (bids are taken and stay sealed); answering the last one " +
                "moves the end of the tender period to no sooner than Businesses:Procurement:EnquiryExtensionWorkingDays working days after the answer " +
                "(OCDS `tenderAmendment`). 409 when answered already or once the bids are opened.")
            .Produces<EnquiryAnswerResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        tenders.MapPost("/complaints/{complaintId}/answer", AnswerComplaintAsync)
            .WithName("AnswerTenderComplaint")
            .WithSummary("Answer a complaint about an award")
            .WithDescription("The claim becomes Answered: it no longer holds the award's contract, and the complainant may accept the answer. 409 unless it is a Claim.")
            .Produces<TenderComplaint>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        tenders.MapPost("/complaints/{complaintId}/decline", DeclineComplaintAsync)
            .WithName("DeclineTenderComplaint")
            .WithSummary("Decline a complaint as unfounded")
            .WithDescription("The claim becomes Declined, with reasons; it no longer holds the award's contract. 409 unless it is a Claim.")
            .Produces<TenderComplaint>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        tenders.MapPost("/contracts/{contractId}/amendments", AmendContractAsync)
            .WithName("AmendTenderContract")
            .WithSummary("Amend a signed contract")
            .WithDescription(
                "A new value and/or end date with a rationale (OCDS `contractAmendment`). The value may rise at most `Businesses:Procurement:MaxContractValueIncreasePercent` (default 50) per cent above the value as signed " +
                "(a larger change is a new procurement); the end date stays on or after the start. 409 when it changes nothing or breaks those limits.")
            .Produces<ContractAmendment>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static void MapBusinesses(RouteGroupBuilder business)
    {
        var tender = business.MapGroup("/tenders/{ocid}");

        tender.MapPost("/enquiries", AskAsync)
            .WithName("AskTenderEnquiry")
            .WithSummary("Ask a question about a tender")
            .WithDescription(
                "During the enquiry period, about the whole tender or one lot. The answer is published with the question (never who asked). " +
                "409 outside the enquiry period. Scope Procurement.")
            .Produces<TenderEnquiry>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        tender.MapGet("/enquiries", EnquiriesAsync)
            .WithName("ListOwnTenderEnquiries")
            .WithSummary("The business's enquiries about a tender")
            .WithDescription("Its questions, answered or not. Scope Procurement.")
            .Produces<List<TenderEnquiry>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        tender.MapPost("/complaints", ComplainAsync)
            .WithName("FileTenderComplaint")
            .WithSummary("Complain about an award")
            .WithDescription(
                "A business that bid for the awarded lot files a claim during the award's standstill (up to its last day); the award's contract waits " +
                "until the claim is answered or declined. 409 after the standstill or once the contract is signed. Scope Procurement.")
            .Produces<TenderComplaint>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        tender.MapGet("/complaints", ComplaintsAsync)
            .WithName("ListOwnTenderComplaints")
            .WithSummary("The business's complaints about a tender's awards")
            .Produces<List<TenderComplaint>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        tender.MapPost("/complaints/{complaintId}/acceptance", AcceptAsync)
            .WithName("AcceptTenderComplaintAnswer")
            .WithSummary("Accept the answer to a complaint")
            .WithDescription("The complaint becomes Resolved. 409 before it is answered or once it is closed. Scope Procurement.")
            .Produces<TenderComplaint>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<EnquiryAnswerResponse>, ValidationProblem, ProblemHttpResult>> AnswerEnquiryAsync(
        string ocid, string enquiryId, AnswerRequest request, BusinessesDb db, ICurrentUser user, TenderKeys keys, IWorkingCalendar calendar,
        IOptions<ProcurementOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var tender = await Tenders.FindAsync(db, ocid, user, track: true, ct);
        if (tender is null)
        {
            return Tenders.NotFound(ocid);
        }

        var errors = new ValidationErrors();
        var answer = ProcurementInput.Text(request.Answer, "answer", ProcurementInput.MaxDialogue, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        var extensionDay = calendar.For(tender.AgencyCode).Add(Register.Today(clock), options.Value.EnquiryExtensionWorkingDays);
        var extendedEnd = new DateTimeOffset(extensionDay.ToDateTime(TimeOnly.FromTimeSpan(tender.TenderEnd.UtcDateTime.TimeOfDay)), TimeSpan.Zero);
        switch (tender.AnswerEnquiry(enquiryId, answer!, user.Actor, now, extendedEnd, out var amendment))
        {
            case DialogueStep.NotFound:
                return Problems.NotFound("The tender has no such enquiry.");
            case DialogueStep.AlreadySettled:
                return Problems.Conflict("The enquiry is answered already.");
            case DialogueStep.Closed:
                return Problems.Conflict("The bids are opened: the enquiries are closed.");
        }

        if (amendment is not null)
        {
            tender.ResealKey(keys.Postpone(tender, tender.TenderEnd));
        }

        var enquiry = tender.Enquiries.Single(e => e.Id == enquiryId);
        db.ProcurementReleases.Add(OcdsReleases.EnquiryAnswered(tender, await Tenders.BuyerNameAsync(db, tender, ct), enquiry, amendment));
        db.Audit(user, "tender.enquiry-answered", "tender", tender.Ocid, new { enquiry.Id, Extended = amendment?.TenderEnd });
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The tender changed meanwhile: read it again.");
        }

        return TypedResults.Ok(new EnquiryAnswerResponse(EnquiryView.From(enquiry), tender.TenderEnd, amendment));
    }

    private static Task<Results<Ok<TenderComplaint>, ValidationProblem, ProblemHttpResult>> AnswerComplaintAsync(
        string ocid, string complaintId, AnswerRequest request, BusinessesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct) =>
        SettleAsync(ocid, complaintId, request.Answer, "answer", decline: false, db, user, clock, ct);

    private static Task<Results<Ok<TenderComplaint>, ValidationProblem, ProblemHttpResult>> DeclineComplaintAsync(
        string ocid, string complaintId, DeclineRequest request, BusinessesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct) =>
        SettleAsync(ocid, complaintId, request.Reasons, "reasons", decline: true, db, user, clock, ct);

    private static async Task<Results<Ok<TenderComplaint>, ValidationProblem, ProblemHttpResult>> SettleAsync(
        string ocid, string complaintId, string? text, string field, bool decline, BusinessesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var tender = await Tenders.FindAsync(db, ocid, user, track: true, ct);
        if (tender is null)
        {
            return Tenders.NotFound(ocid);
        }

        var errors = new ValidationErrors();
        var value = ProcurementInput.Text(text, field, ProcurementInput.MaxDialogue, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        switch (tender.SettleComplaint(complaintId, decline, value!, user.Actor, clock.GetUtcNow()))
        {
            case DialogueStep.NotFound:
                return Problems.NotFound("The tender has no such complaint.");
            case DialogueStep.AlreadySettled:
                return Problems.Conflict("The complaint is answered already.");
        }

        db.Audit(user, decline ? "tender.complaint-declined" : "tender.complaint-answered", "tender", tender.Ocid, new { Complaint = complaintId });
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The tender changed meanwhile: read it again.");
        }

        return TypedResults.Ok(tender.Complaints.Single(c => c.Id == complaintId));
    }

    private static async Task<Results<Created<ContractAmendment>, ValidationProblem, ProblemHttpResult>> AmendContractAsync(
        string ocid, string contractId, ContractAmendmentRequest request, BusinessesDb db, ICurrentUser user, IOptions<ProcurementOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var tender = await Tenders.FindAsync(db, ocid, user, track: true, ct);
        if (tender is null)
        {
            return Tenders.NotFound(ocid);
        }

        var errors = new ValidationErrors();
        var rationale = ProcurementInput.Text(request.Rationale, "rationale", ProcurementInput.MaxDialogue, errors);
        if (request.Amount is not null)
        {
            ProcurementInput.Amount(request.Amount, "amount", errors);
        }

        if (request.Amount is null && request.EndDate is null)
        {
            errors.Add("amount", "An amendment changes 'amount', 'endDate' or both.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var cap = options.Value.MaxContractValueIncreasePercent;
        switch (tender.AmendContract(contractId, rationale!, request.Amount, request.EndDate, cap, user.Actor, clock.GetUtcNow(), out var amendment))
        {
            case DialogueStep.NotFound:
                return Problems.NotFound("The tender has no such contract.");
            case DialogueStep.Closed:
                return Problems.Conflict($"A contract takes at most {Tender.MaxContractAmendments} amendments.");
            case DialogueStep.NotAllowed:
                return Problems.Conflict($"The amendment raises the value more than {cap} % above the value as signed, or ends the contract before its start: that is a new procurement.");
            case DialogueStep.Unchanged:
                return Problems.Conflict("The amendment changes nothing: the contract has that value and end date.");
        }

        db.ProcurementReleases.Add(OcdsReleases.ContractAmended(tender, await Tenders.BuyerNameAsync(db, tender, ct), amendment!));
        db.Audit(user, "tender.contract-amended", "tender", tender.Ocid, new { amendment!.Id, amendment.Amount, amendment.EndDate });
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The tender changed meanwhile: read it again.");
        }

        return TypedResults.Created($"{BusinessesModule.Descriptor.RoutePrefix}/procurement/tenders/{tender.Ocid}", amendment);
    }

    private static async Task<Results<Created<TenderEnquiry>, ValidationProblem, ProblemHttpResult>> AskAsync(
        string number, string ocid, EnquiryRequest request, HttpContext http, BusinessesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Procurement))
        {
            return Bids.OutOfScope();
        }

        var tender = await FindAsync(db, ocid, ct);
        if (tender is null)
        {
            return Problems.NotFound("There is no such tender.");
        }

        var errors = new ValidationErrors();
        var question = ProcurementInput.Text(request.Question, "question", ProcurementInput.MaxDialogue, errors);
        if (request.LotId is not null && tender.Lot(request.LotId) is null)
        {
            errors.Add("lotId", "'lotId' names a lot of the tender, or is left out.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        switch (tender.Ask(request.LotId, question!, power.Number, clock.GetUtcNow(), out var enquiry))
        {
            case DialogueStep.Closed:
                return Problems.Conflict($"Enquiries are taken from {OcdsReleases.Date(tender.EnquiryStart)} to {OcdsReleases.Date(tender.EnquiryEnd)}.");
            case DialogueStep.NotAllowed:
                return Problems.Conflict($"The tender has the most enquiries it takes ({Tender.MaxEnquiries}).");
        }

        db.Audit(user, "tender.enquiry-asked", "tender", tender.Ocid, new { enquiry!.Id, enquiry.LotId }, onBehalfOf: power.Number);
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The tender changed meanwhile: ask again.");
        }

        return TypedResults.Created($"{BusinessesModule.Descriptor.RoutePrefix}/businesses/{power.Number}/tenders/{tender.Ocid}/enquiries", enquiry);
    }

    private static async Task<Results<Ok<List<TenderEnquiry>>, ProblemHttpResult>> EnquiriesAsync(
        string number, string ocid, HttpContext http, BusinessesDb db, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Procurement))
        {
            return Bids.OutOfScope();
        }

        var tender = await FindAsync(db, ocid, ct, track: false);
        return tender is null
            ? Problems.NotFound("There is no such tender.")
            : TypedResults.Ok(tender.Enquiries.Where(e => e.AskedBy == power.Number).ToList());
    }

    private static async Task<Results<Created<TenderComplaint>, ValidationProblem, ProblemHttpResult>> ComplainAsync(
        string number, string ocid, ComplaintRequest request, HttpContext http, BusinessesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Procurement))
        {
            return Bids.OutOfScope();
        }

        var tender = await FindAsync(db, ocid, ct);
        if (tender is null)
        {
            return Problems.NotFound("There is no such tender.");
        }

        var errors = new ValidationErrors();
        var claim = ProcurementInput.Text(request.Claim, "claim", ProcurementInput.MaxDialogue, errors);
        var award = tender.Awards.SingleOrDefault(a => a.Id == request.AwardId);
        var bidder = award is not null
            && await db.Bids.AnyAsync(b => b.TenderId == tender.Id && b.LotId == award.LotId && b.BusinessId == power.BusinessId && b.WithdrawnAt == null, ct);
        if (!bidder)
        {
            errors.Add("awardId", "'awardId' names an award of a lot the business bid for.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        switch (tender.FileComplaint(award!.Id, power.Number, claim!, Register.Today(clock), user.Actor, clock.GetUtcNow(), out var complaint))
        {
            case DialogueStep.Closed:
                return Problems.Conflict($"Complaints about the award are filed up to the last day of its standstill ({award.StandstillEndsOn:yyyy-MM-dd}), before the contract.");
            case DialogueStep.NotAllowed:
                return Problems.Conflict($"The award has the most complaints it takes ({Tender.MaxComplaintsPerAward}).");
        }

        db.Audit(user, "tender.complaint-filed", "tender", tender.Ocid, new { complaint!.Id, complaint.AwardId }, onBehalfOf: power.Number);
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The tender changed meanwhile: file again.");
        }

        return TypedResults.Created($"{BusinessesModule.Descriptor.RoutePrefix}/businesses/{power.Number}/tenders/{tender.Ocid}/complaints", complaint);
    }

    private static async Task<Results<Ok<List<TenderComplaint>>, ProblemHttpResult>> ComplaintsAsync(
        string number, string ocid, HttpContext http, BusinessesDb db, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Procurement))
        {
            return Bids.OutOfScope();
        }

        var tender = await FindAsync(db, ocid, ct, track: false);
        return tender is null
            ? Problems.NotFound("There is no such tender.")
            : TypedResults.Ok(tender.Complaints.Where(c => c.BusinessNumber == power.Number).ToList());
    }

    private static async Task<Results<Ok<TenderComplaint>, ProblemHttpResult>> AcceptAsync(
        string number, string ocid, string complaintId, HttpContext http, BusinessesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Procurement))
        {
            return Bids.OutOfScope();
        }

        var tender = await FindAsync(db, ocid, ct);
        if (tender is null)
        {
            return Problems.NotFound("There is no such tender.");
        }

        switch (tender.AcceptComplaintAnswer(complaintId, power.Number, clock.GetUtcNow()))
        {
            case DialogueStep.NotFound:
                return Problems.NotFound("The business has no such complaint.");
            case DialogueStep.NotAllowed:
                return Problems.Conflict("The complaint is not answered yet.");
            case DialogueStep.AlreadySettled:
                return Problems.Conflict("The complaint is closed already.");
        }

        db.Audit(user, "tender.complaint-resolved", "tender", tender.Ocid, new { Complaint = complaintId }, onBehalfOf: power.Number);
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The tender changed meanwhile: read it again.");
        }

        return TypedResults.Ok(tender.Complaints.Single(c => c.Id == complaintId));
    }

    private static async Task<Tender?> FindAsync(BusinessesDb db, string ocid, CancellationToken ct, bool track = true)
    {
        if (!ProcurementInput.IsOcid(ocid))
        {
            return null;
        }

        var query = track ? db.Tenders : db.Tenders.AsNoTracking();
        return await query.SingleOrDefaultAsync(t => t.Ocid == ocid, ct);
    }
}
