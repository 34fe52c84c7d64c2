using System.Security.Cryptography;
using System.Text.Json;
using EGov.BuildingBlocks.Calendar;
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
using Microsoft.Extensions.Options;

namespace EGov.Businesses.Features.Procurement;

internal sealed record PeriodResponse(DateTimeOffset StartDate, DateTimeOffset EndDate);

internal sealed record TenderResponse(
    string Ocid, string AgencyCode, TenderStatus Status, string Title, string Description, IReadOnlyList<string> CpvCodes, string Currency,
    decimal EstimatedValue, IReadOnlyList<TenderLot> Lots, IReadOnlyList<AwardCriterion> AwardCriteria, PeriodResponse EnquiryPeriod,
    PeriodResponse TenderPeriod, DateTimeOffset PublishedAt, IReadOnlyList<OpeningApproval> Openings, DateTimeOffset? OpenedAt,
    int? NumberOfTenderers, IReadOnlyList<TenderAward> Awards, IReadOnlyList<TenderContract> Contracts, IReadOnlyList<EnquiryView> Enquiries,
    IReadOnlyList<TenderAmendment> Amendments, IReadOnlyList<TenderComplaint> Complaints, IReadOnlyList<ContractAmendment> ContractAmendments)
{
    public static TenderResponse From(Tender t) => new(
        t.Ocid, t.AgencyCode, t.Status, t.Title, t.Description, t.CpvCodes, t.Currency, t.EstimatedValue, t.Lots, t.Criteria,
        new PeriodResponse(t.EnquiryStart, t.EnquiryEnd), new PeriodResponse(t.TenderStart, t.TenderEnd), t.PublishedAt, t.Openings,
        t.OpenedAt, t.NumberOfTenderers, t.Awards, t.Contracts, [.. t.Enquiries.Select(EnquiryView.From)], t.Amendments, t.Complaints, t.ContractAmendments);
}

internal sealed record OpenedBidResponse(
    Guid Id, string LotId, string BusinessNumber, decimal Amount, string Currency, string Proposal, string Sha256, DateTimeOffset SubmittedAt,
    int Revision, decimal? Score);

internal sealed record OpeningResponse(string Ocid, TenderStatus Status, IReadOnlyList<OpeningApproval> Approvals, int? NumberOfTenderers);

/// <summary>
/// The procurement officers' routes, <c>/procurement/tenders/…</c>: an officer of an agency (role
/// <c>procurement-officer</c>, claim <c>agency_id</c>) publishes tenders of their agency and, after the deadline,
/// opens the bids with a second officer, evaluates them, awards the lots and signs the contracts. A tender of another
/// agency is not shown to exist (404).
/// </summary>
internal static class Tenders
{
    public static readonly Access Officers = Access.AnyOf(PlatformRoles.ProcurementOfficer);

    public static void Map(IEndpointRouteBuilder module)
    {
        var tenders = module.MapGroup("/procurement/tenders").RequireAccess(Officers);

        tenders.MapPost("/", PublishAsync)
            .WithName("PublishTender")
            .WithSummary("Publish a tender")
            .WithDescription(
                "A procurement officer publishes a tender of their agency: title, description, CPV codes, lots, estimated value, award criteria " +
                "(weights summing to 100), enquiry period and tender period. The platform makes the tender's key pair (the bids are sealed with its public half) " +
                "and publishes the OCDS `tender` release. 403 without an `agency_id` claim.")
            .Produces<TenderResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        tenders.MapGet("/{ocid}", GetAsync)
            .WithName("GetTender")
            .WithSummary("A tender of the officer's agency")
            .WithDescription("Everything about the tender but the bids: lots, criteria, periods, opening approvals, awards and contracts. 404 for a tender of another agency.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        tenders.MapPost("/{ocid}/opening", OpenAsync)
            .WithName("OpenTenderBids")
            .WithSummary("Approve opening the bids")
            .WithDescription(
                "After the tender period, two different procurement officers of the agency approve the opening (quorum of two): the first approval waits " +
                "(status stays Active), the second unseals every standing bid (status Opened). 409 before the deadline (an unanswered enquiry holds it), for the same officer twice, or once opened.")
            .Produces<OpeningResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        tenders.MapGet("/{ocid}/bids", BidsAsync)
            .WithName("ListTenderBids")
            .WithSummary("The opened bids")
            .WithDescription("The standing bids with their content and score, by lot. 409 while the bids are sealed (before two officers opened them). Paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        tenders.MapPost("/{ocid}/evaluation", EvaluateAsync)
            .WithName("EvaluateTenderBids")
            .WithSummary("Score bids on the award criteria")
            .WithDescription(
                "Scores opened bids from 0 to 100 on every criterion; a bid's total is the weighted sum (weights in per cent). Scoring a bid again replaces its score. " +
                "409 before the opening or once the bid's lot is awarded.")
            .Produces<List<BidEvaluation>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        tenders.MapPost("/{ocid}/awards", AwardAsync)
            .WithName("AwardTenderLot")
            .WithSummary("Award a lot")
            .WithDescription(
                "Awards a lot to its best-scored bid (every standing bid of the lot must be scored; a tie goes to the earlier receipt), with reasons. " +
                "The standstill runs for the configured working days (Businesses:Procurement:StandstillWorkingDays) on the platform's working calendar; " +
                "publishes the OCDS `award` release. 409 before evaluation or when the lot is awarded already.")
            .Produces<TenderAward>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        tenders.MapPost("/{ocid}/contracts", ContractAsync)
            .WithName("SignTenderContract")
            .WithSummary("Record the signed contract of an award")
            .WithDescription(
                "After the award's standstill (from the working day after its last day), records the contract: value and supplier of the award, and the period. " +
                "Publishes the OCDS `contract` release. 409 during the standstill, while a complaint about the award is unanswered, or when the award has its contract.")
            .Produces<TenderContract>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<TenderResponse>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        PublishTenderRequest request, BusinessesDb db, ICurrentUser user, TenderKeys keys, IOptions<ProcurementOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        var input = Read(request, now, errors);
        if (errors.Any || input is null)
        {
            return Problems.Validation(errors);
        }

        if (user.AgencyId is not { Length: > 0 } agency)
        {
            return Problems.Forbidden("Only procurement officers of an agency (claim agency_id) publish tenders.");
        }

        var id = Guid.CreateVersion7(now);
        var (publicKey, sealedKey) = keys.Create(id, input.TenderEnd);
        var tender = new Tender(
            id, $"{options.Value.OcidPrefix}-{id:N}", agency.ToUpperInvariant(), input.Title, input.Description, input.CpvCodes, input.Currency, input.EstimatedValue,
            input.Lots, input.Criteria, input.EnquiryStart, input.EnquiryEnd, input.TenderStart, input.TenderEnd, publicKey, sealedKey, user.Actor, now);
        db.Tenders.Add(tender);
        db.ProcurementReleases.Add(OcdsReleases.Tender(tender, await BuyerNameAsync(db, tender, ct)));
        db.Audit(user, "tender.published", "tender", tender.Ocid, new { tender.AgencyCode, Lots = tender.Lots.Count, tender.TenderEnd });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"{BusinessesModule.Descriptor.RoutePrefix}/procurement/tenders/{tender.Ocid}", TenderResponse.From(tender));
    }

    private static async Task<Results<Ok<TenderResponse>, ProblemHttpResult>> GetAsync(string ocid, BusinessesDb db, ICurrentUser user, CancellationToken ct) =>
        await FindAsync(db, ocid, user, track: false, ct) is { } tender ? TypedResults.Ok(TenderResponse.From(tender)) : NotFound(ocid);

    private static async Task<Results<Ok<OpeningResponse>, ProblemHttpResult>> OpenAsync(
        string ocid, BusinessesDb db, ICurrentUser user, TenderKeys keys, TimeProvider clock, CancellationToken ct)
    {
        var tender = await FindAsync(db, ocid, user, track: true, ct);
        if (tender is null)
        {
            return NotFound(ocid);
        }

        var now = clock.GetUtcNow();
        switch (tender.ApproveOpening(user.Actor, now))
        {
            case OpeningStep.TooEarly:
                return Problems.Conflict($"The bids stay sealed until the tender period ends ({OcdsReleases.Date(tender.TenderEnd)}).");
            case OpeningStep.SameOfficer:
                return Problems.Conflict("You approved the opening already: a second, different officer of the agency approves it.");
            case OpeningStep.AlreadyOpened:
                return Problems.Conflict("The bids are opened already.");
            case OpeningStep.QuorumMet:
                var bids = await db.Bids.Where(b => b.TenderId == tender.Id && b.WithdrawnAt == null).ToListAsync(ct);
                if (!Unseal(tender, bids, keys))
                {
                    return Problems.Conflict("A bid could not be unsealed; the opening was not recorded. Tell the platform operator.");
                }

                tender.MarkOpened(bids.Select(b => b.BusinessId).Distinct().Count(), now);
                db.Audit(user, "tender.opened", "tender", tender.Ocid, new { Bids = bids.Count, Approvals = tender.Openings.Select(o => o.Officer) });
                break;
            default:
                db.Audit(user, "tender.opening-approved", "tender", tender.Ocid);
                break;
        }

        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The tender changed meanwhile: read it again.");
        }

        return TypedResults.Ok(new OpeningResponse(tender.Ocid, tender.Status, tender.Openings, tender.NumberOfTenderers));
    }

    internal static bool Unseal(Tender tender, List<Bid> bids, TenderKeys keys)
    {
        try
        {
            using var key = keys.Release(tender);
            foreach (var bid in bids)
            {
                var plain = TenderKeys.Unseal(key, bid.Sealed, TenderKeys.AssociatedData(tender.Id, bid.LotId, bid.Id));
                var content = JsonSerializer.Deserialize<BidContent>(plain, Register.Json)!;
                CryptographicOperations.ZeroMemory(plain);
                bid.Open(content.Amount, content.Currency, content.Proposal);
            }

            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or TenderKeySealedException)
        {
            return false;
        }
    }

    private static async Task<Results<Ok<PagedList<OpenedBidResponse>>, ValidationProblem, ProblemHttpResult>> BidsAsync(
        string ocid, [AsParameters] PageQuery pageQuery, BusinessesDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var tender = await FindAsync(db, ocid, user, track: false, ct);
        if (tender is null)
        {
            return NotFound(ocid);
        }

        if (tender.Status == TenderStatus.Active)
        {
            return Problems.Conflict("The bids are sealed until two officers of the agency open them after the tender period.");
        }

        var page = await db.Bids.AsNoTracking().Where(b => b.TenderId == tender.Id && b.WithdrawnAt == null)
            .OrderBy(b => b.LotId).ThenBy(b => b.SubmittedAt).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page.Map(b => new OpenedBidResponse(
            b.Id, b.LotId, b.BusinessNumber, b.OpenedAmount!.Value, b.OpenedCurrency!, b.OpenedProposal!, b.Sha256, b.SubmittedAt, b.Revision,
            tender.Evaluations.FirstOrDefault(e => e.BidId == b.Id)?.Total)));
    }

    private static async Task<Results<Ok<List<BidEvaluation>>, ValidationProblem, ProblemHttpResult>> EvaluateAsync(
        string ocid, EvaluateRequest request, BusinessesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var tender = await FindAsync(db, ocid, user, track: true, ct);
        if (tender is null)
        {
            return NotFound(ocid);
        }

        var errors = new ValidationErrors();
        var items = request.Bids ?? [];
        if (items.Count is 0 or > 500)
        {
            errors.Add("bids", "'bids' has 1 to 500 scored bids.");
        }

        var ids = items.Select(i => i?.BidId).OfType<Guid>().ToList();
        var bids = await db.Bids.AsNoTracking().Where(b => b.TenderId == tender.Id && ids.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
        var scored = new List<(Bid Bid, Dictionary<string, int> Scores)>();
        for (var i = 0; i < items.Count && i < 500; i++)
        {
            var item = items[i];
            var field = $"bids[{i}]";
            if (item?.BidId is not { } bidId || !bids.TryGetValue(bidId, out var bid) || !bid.Active)
            {
                errors.Add($"{field}.bidId", "'bidId' names a standing bid of this tender.");
                continue;
            }

            if (scored.Any(s => s.Bid.Id == bidId))
            {
                errors.Add($"{field}.bidId", "A bid is scored once per request.");
                continue;
            }

            var scores = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var criterion in tender.Criteria)
            {
                if (item.Scores is null || !item.Scores.TryGetValue(criterion.Id, out var score) || score is not (>= 0 and <= 100))
                {
                    errors.Add($"{field}.scores.{criterion.Id}", $"Score '{criterion.Id}' from 0 to 100.");
                }
                else
                {
                    scores[criterion.Id] = score.Value;
                }
            }

            foreach (var unknown in (item.Scores?.Keys ?? Enumerable.Empty<string>()).Where(k => tender.Criteria.All(c => c.Id != k)))
            {
                errors.Add($"{field}.scores", $"The tender has no criterion '{(unknown.Length > 40 ? unknown[..40] : unknown)}'.");
            }

            scored.Add((bid, scores));
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (tender.Status != TenderStatus.Opened)
        {
            return Problems.Conflict(tender.Status == TenderStatus.Active ? "The bids are not opened yet." : "The tender is complete.");
        }

        if (scored.FirstOrDefault(s => tender.Awards.Any(a => a.LotId == s.Bid.LotId)) is { Bid: not null } late)
        {
            return Problems.Conflict($"Lot {late.Bid.LotId} is awarded already: its scores are final.");
        }

        var now = clock.GetUtcNow();
        var results = scored.Select(s => tender.Evaluate(s.Bid, s.Scores, user.Actor, now)).ToList();
        db.Audit(user, "tender.evaluated", "tender", tender.Ocid, new { Bids = results.Count });
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The tender changed meanwhile: read it again.");
        }

        return TypedResults.Ok(results);
    }

    private static async Task<Results<Created<TenderAward>, ValidationProblem, ProblemHttpResult>> AwardAsync(
        string ocid, AwardRequest request, BusinessesDb db, ICurrentUser user, IWorkingCalendar calendar, IOptions<ProcurementOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        var tender = await FindAsync(db, ocid, user, track: true, ct);
        if (tender is null)
        {
            return NotFound(ocid);
        }

        var errors = new ValidationErrors();
        if (request.LotId is null || tender.Lot(request.LotId) is null)
        {
            errors.Add("lotId", "'lotId' names a lot of the tender.");
        }

        var reasons = ProcurementInput.Text(request.Reasons, "reasons", 2000, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (tender.Status != TenderStatus.Opened)
        {
            return Problems.Conflict(tender.Status == TenderStatus.Active ? "The bids are not opened yet." : "The tender is complete.");
        }

        if (tender.Awards.Any(a => a.LotId == request.LotId))
        {
            return Problems.Conflict("The lot is awarded already.");
        }

        var bids = await db.Bids.AsNoTracking().Where(b => b.TenderId == tender.Id && b.LotId == request.LotId && b.WithdrawnAt == null).ToListAsync(ct);
        if (tender.BestBid(request.LotId!, bids) is not { } winner)
        {
            return Problems.Conflict(bids.Count == 0 ? "The lot has no standing bid." : "Score every standing bid of the lot before the award.");
        }

        var now = clock.GetUtcNow();
        var standstillEnds = calendar.For(tender.AgencyCode).Add(Register.Today(clock), options.Value.StandstillWorkingDays);
        var supplierName = await db.Businesses.AsNoTracking().Where(b => b.Id == winner.BusinessId).Select(b => b.Name).SingleAsync(ct);
        var award = tender.Award(request.LotId!, bids, supplierName, reasons!, standstillEnds, user.Actor, now);
        db.ProcurementReleases.Add(OcdsReleases.Award(tender, await BuyerNameAsync(db, tender, ct), award));
        db.Audit(user, "tender.awarded", "tender", tender.Ocid, new { award.LotId, award.SupplierNumber, award.StandstillEndsOn });
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The tender changed meanwhile: read it again.");
        }

        return TypedResults.Created($"{BusinessesModule.Descriptor.RoutePrefix}/procurement/tenders/{tender.Ocid}", award);
    }

    private static async Task<Results<Created<TenderContract>, ValidationProblem, ProblemHttpResult>> ContractAsync(
        string ocid, ContractRequest request, BusinessesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var tender = await FindAsync(db, ocid, user, track: true, ct);
        if (tender is null)
        {
            return NotFound(ocid);
        }

        var errors = new ValidationErrors();
        var award = tender.Awards.SingleOrDefault(a => a.Id == request.AwardId);
        if (award is null)
        {
            errors.Add("awardId", "'awardId' names an award of the tender.");
        }

        if (request.StartDate is null)
        {
            errors.Add("startDate", "'startDate' is required.");
        }

        if (request.EndDate is null)
        {
            errors.Add("endDate", "'endDate' is required.");
        }
        else if (request.StartDate is { } start && (request.EndDate < start || request.EndDate > start.AddYears(10)))
        {
            errors.Add("endDate", "'endDate' is on or after 'startDate', at most ten years later.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var today = Register.Today(clock);
        if (today <= award!.StandstillEndsOn)
        {
            return Problems.Conflict($"The standstill period runs to {award.StandstillEndsOn:yyyy-MM-dd}: the contract is signed from the next day.");
        }

        if (tender.Contracts.Any(c => c.AwardId == award.Id))
        {
            return Problems.Conflict("The award has its contract already.");
        }

        if (tender.HoldsContract(award.Id))
        {
            return Problems.Conflict("A complaint about the award waits for its answer: the contract is signed once every claim is answered or declined.");
        }

        var contract = tender.SignContract(award.Id, request.StartDate!.Value, request.EndDate!.Value, today, user.Actor, clock.GetUtcNow());
        db.ProcurementReleases.Add(OcdsReleases.Contract(tender, await BuyerNameAsync(db, tender, ct), contract));
        db.Audit(user, "tender.contract-signed", "tender", tender.Ocid, new { contract.AwardId, contract.SupplierNumber });
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The tender changed meanwhile: read it again.");
        }

        return TypedResults.Created($"{BusinessesModule.Descriptor.RoutePrefix}/procurement/tenders/{tender.Ocid}", contract);
    }

    /// <summary>A tender of the caller's agency, or null (another agency's tender is not shown to exist).</summary>
    internal static async Task<Tender?> FindAsync(BusinessesDb db, string ocid, ICurrentUser user, bool track, CancellationToken ct)
    {
        if (!ProcurementInput.IsOcid(ocid) || user.AgencyId is not { Length: > 0 } agency)
        {
            return null;
        }

        var code = agency.ToUpperInvariant();
        var query = track ? db.Tenders : db.Tenders.AsNoTracking();
        return await query.SingleOrDefaultAsync(t => t.Ocid == ocid && t.AgencyCode == code, ct);
    }

    internal static async Task<string> BuyerNameAsync(BusinessesDb db, Tender tender, CancellationToken ct) =>
        await db.Agencies.AsNoTracking().Where(a => a.Code == tender.AgencyCode).Select(a => a.Name).SingleOrDefaultAsync(ct) ?? tender.AgencyCode;

    internal static ProblemHttpResult NotFound(string ocid) =>
        Problems.NotFound($"Your agency has no tender {(ProcurementInput.IsOcid(ocid) ? ocid : "by that id")}.");

    private sealed record TenderInput(
        string Title, string Description, List<string> CpvCodes, string Currency, decimal EstimatedValue, List<(string, decimal)> Lots,
        List<(string, int)> Criteria, DateTimeOffset EnquiryStart, DateTimeOffset EnquiryEnd, DateTimeOffset TenderStart, DateTimeOffset TenderEnd);

    private static TenderInput? Read(PublishTenderRequest r, DateTimeOffset now, ValidationErrors errors)
    {
        var title = ProcurementInput.Text(r.Title, "title", ProcurementInput.MaxTitle, errors);
        var description = ProcurementInput.Text(r.Description, "description", ProcurementInput.MaxDescription, errors);
        var currency = ProcurementInput.Currency(r.Currency, "currency", errors);
        var value = ProcurementInput.Amount(r.EstimatedValue, "estimatedValue", errors);

        var cpv = new List<string>();
        if (r.CpvCodes is not { Count: > 0 and <= Tender.MaxCpvCodes })
        {
            errors.Add("cpvCodes", $"'cpvCodes' has 1 to {Tender.MaxCpvCodes} CPV codes.");
        }
        else
        {
            for (var i = 0; i < r.CpvCodes.Count; i++)
            {
                if (!ProcurementInput.IsCpv(r.CpvCodes[i]))
                {
                    errors.Add($"cpvCodes[{i}]", "A CPV code is 8 digits, a hyphen and a check digit (45000000-7).");
                }
                else if (!cpv.Contains(r.CpvCodes[i]!))
                {
                    cpv.Add(r.CpvCodes[i]!);
                }
            }
        }

        var lots = new List<(string, decimal)>();
        if (r.Lots is not { Count: > 0 and <= Tender.MaxLots })
        {
            errors.Add("lots", $"'lots' has 1 to {Tender.MaxLots} lots.");
        }
        else
        {
            for (var i = 0; i < r.Lots.Count; i++)
            {
                var lotTitle = ProcurementInput.Text(r.Lots[i]?.Title, $"lots[{i}].title", ProcurementInput.MaxTitle, errors);
                var lotValue = ProcurementInput.Amount(r.Lots[i]?.EstimatedValue, $"lots[{i}].estimatedValue", errors);
                if (lotTitle is not null && lotValue is not null)
                {
                    lots.Add((lotTitle, lotValue.Value));
                }
            }

            if (value is not null && lots.Count == r.Lots.Count && lots.Sum(l => l.Item2) > value)
            {
                errors.Add("lots", "The lots' estimated values add up to more than the tender's.");
            }
        }

        var criteria = new List<(string, int)>();
        if (r.AwardCriteria is not { Count: > 0 and <= Tender.MaxCriteria })
        {
            errors.Add("awardCriteria", $"'awardCriteria' has 1 to {Tender.MaxCriteria} criteria.");
        }
        else
        {
            for (var i = 0; i < r.AwardCriteria.Count; i++)
            {
                var name = ProcurementInput.Text(r.AwardCriteria[i]?.Name, $"awardCriteria[{i}].name", 200, errors);
                if (r.AwardCriteria[i]?.Weight is not int weight || weight is < 1 or > 100)
                {
                    errors.Add($"awardCriteria[{i}].weight", "A weight is a whole per cent from 1 to 100.");
                }
                else if (name is not null)
                {
                    criteria.Add((name, weight));
                }
            }

            if (criteria.Count == r.AwardCriteria.Count && criteria.Sum(c => c.Item2) != 100)
            {
                errors.Add("awardCriteria", "The weights of the award criteria sum to 100.");
            }
        }

        now = WholeSecond(now);
        var tenderStart = WholeSecond(r.TenderPeriod?.StartDate ?? now);
        var tenderEnd = r.TenderPeriod?.EndDate is { } te ? WholeSecond(te) : (DateTimeOffset?)null;
        var enquiryStart = WholeSecond(r.EnquiryPeriod?.StartDate ?? now);
        var enquiryEnd = r.EnquiryPeriod?.EndDate is { } ee ? WholeSecond(ee) : (DateTimeOffset?)null;
        if (tenderEnd is null)
        {
            errors.Add("tenderPeriod.endDate", "'tenderPeriod.endDate' is required.");
        }
        else if (tenderEnd <= now || tenderEnd > now.AddYears(2))
        {
            errors.Add("tenderPeriod.endDate", "'tenderPeriod.endDate' is in the future, at most two years ahead.");
        }
        else if (tenderStart >= tenderEnd || tenderStart < now.AddDays(-1))
        {
            errors.Add("tenderPeriod.startDate", "'tenderPeriod.startDate' is before its end and not in the past.");
        }

        if (enquiryEnd is null)
        {
            errors.Add("enquiryPeriod.endDate", "'enquiryPeriod.endDate' is required.");
        }
        else if (enquiryStart >= enquiryEnd || enquiryStart < now.AddDays(-1))
        {
            errors.Add("enquiryPeriod.startDate", "'enquiryPeriod.startDate' is before its end and not in the past.");
        }
        else if (tenderEnd is not null && enquiryEnd > tenderEnd)
        {
            errors.Add("enquiryPeriod.endDate", "Enquiries end no later than the tender period.");
        }

        return errors.Any
            ? null
            : new TenderInput(title!, description!, cpv, currency!, value!.Value, lots, criteria, enquiryStart, enquiryEnd!.Value, tenderStart, tenderEnd!.Value);
    }

    /// <summary>Periods are kept to the whole second, as OCDS publishes them: the deadline enforced is the one published.</summary>
    private static DateTimeOffset WholeSecond(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}

/// <summary>What a bid says, as the platform seals it (JSON, web names).</summary>
internal sealed record BidContent(decimal Amount, string Currency, string Proposal);
