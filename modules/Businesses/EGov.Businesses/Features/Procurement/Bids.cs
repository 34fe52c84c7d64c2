using System.Security.Cryptography;
using System.Text.Json;
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

namespace EGov.Businesses.Features.Procurement;

internal enum BidState
{
    Submitted,
    Withdrawn,
}

/// <summary>The receipt of a sealed bid: no content, only its SHA-256 and when it was received.</summary>
internal sealed record BidReceipt(Guid BidId, string Ocid, string LotId, string BusinessNumber, BidState State, string Sha256, DateTimeOffset ReceivedAt, int Revision, DateTimeOffset? WithdrawnAt)
{
    public static BidReceipt From(Bid b, string ocid) =>
        new(b.Id, ocid, b.LotId, b.BusinessNumber, b.Active ? BidState.Submitted : BidState.Withdrawn, b.Sha256, b.SubmittedAt, b.Revision, b.WithdrawnAt);
}

/// <summary>
/// A business's sealed bids, <c>/businesses/{number}/tenders/{ocid}/lots/{lotId}/bid</c>: an officer in office or a
/// holder of a mandate with scope <c>Procurement</c> submits, replaces and withdraws the bid before the deadline. The
/// content is sealed on arrival with the tender's public key; the platform keeps no clear copy until the opening.
/// </summary>
internal static class Bids
{
    public static void Map(RouteGroupBuilder business)
    {
        var bid = business.MapGroup("/tenders/{ocid}/lots/{lotId}/bid");

        bid.MapPut("/", SubmitAsync)
            .WithName("SubmitBid")
            .WithSummary("Submit or replace a sealed bid for a lot")
            .WithDescription(
                "Before the end of the tender period: the price and proposal are sealed at once with the tender's key (only the platform can open them, " +
                "and only after the deadline). 201 with a receipt (SHA-256 of the submitted content, the time) for a first bid, 200 when it replaces the " +
                "standing one or resubmits a withdrawn one. 409 after the deadline. Scope Procurement.")
            .Produces<BidReceipt>(StatusCodes.Status201Created)
            .Produces<BidReceipt>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        bid.MapGet("/", GetAsync)
            .WithName("GetBidReceipt")
            .WithSummary("The receipt of the business's bid for a lot")
            .WithDescription("The receipt only (SHA-256, time, revision, state): a sealed bid is not read back. Scope Procurement.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        bid.MapDelete("/", WithdrawAsync)
            .WithName("WithdrawBid")
            .WithSummary("Withdraw the bid for a lot")
            .WithDescription("Before the end of the tender period; the bid is not opened. Withdrawing twice keeps the first withdrawal. 409 after the deadline. Scope Procurement.")
            .Produces<BidReceipt>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    internal static ProblemHttpResult OutOfScope() => Problems.Forbidden("Your power for this business does not cover procurement.");

    private static ProblemHttpResult Closed(Tender tender) =>
        Problems.Conflict($"The tender period ended at {OcdsReleases.Date(tender.TenderEnd)}: bids are no longer taken, replaced or withdrawn.");

    private static async Task<Results<Created<BidReceipt>, Ok<BidReceipt>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        string number, string ocid, string lotId, BidRequest request, HttpContext http, BusinessesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Procurement))
        {
            return OutOfScope();
        }

        var tender = await FindAsync(db, ocid, lotId, ct);
        if (tender is null)
        {
            return Problems.NotFound("There is no such tender or lot.");
        }

        var errors = new ValidationErrors();
        var amount = ProcurementInput.Amount(request.Amount, "amount", errors);
        var currency = ProcurementInput.Currency(request.Currency, "currency", errors);
        if (currency is not null && currency != tender.Currency)
        {
            errors.Add("currency", "Bids are in the tender's currency.");
        }

        var proposal = ProcurementInput.Text(request.Proposal, "proposal", Bid.MaxProposalLength, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        if (!tender.TakesBids(now))
        {
            return now < tender.TenderStart ? Problems.Conflict("The tender period has not started.") : Closed(tender);
        }

        var plain = JsonSerializer.SerializeToUtf8Bytes(new BidContent(amount!.Value, currency!, proposal!), Register.Json);
        try
        {
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(plain));
            var bid = await db.Bids.SingleOrDefaultAsync(b => b.TenderId == tender.Id && b.LotId == lotId && b.BusinessId == power.BusinessId, ct);
            var created = bid is null;
            if (bid is null)
            {
                var id = Guid.CreateVersion7(now);
                bid = new Bid(id, tender.Id, lotId, power.BusinessId, power.Number, TenderKeys.Seal(tender.PublicKey, plain, TenderKeys.AssociatedData(tender.Id, lotId, id)), sha256, user.Actor, now);
                db.Bids.Add(bid);
            }
            else
            {
                bid.Replace(TenderKeys.Seal(tender.PublicKey, plain, TenderKeys.AssociatedData(tender.Id, lotId, bid.Id)), sha256, user.Actor, now);
            }

            db.Audit(user, created ? "bid.submitted" : "bid.replaced", "bid", bid.Id.ToString(), new { tender.Ocid, lotId, bid.Revision, Sha256 = sha256 }, onBehalfOf: power.Number);
            if (await db.TrySaveAsync(ct) != SaveResult.Saved)
            {
                return Problems.Conflict("The bid changed meanwhile: read the receipt again.");
            }

            var receipt = BidReceipt.From(bid, tender.Ocid);
            return created
                ? TypedResults.Created($"{BusinessesModule.Descriptor.RoutePrefix}/businesses/{power.Number}/tenders/{tender.Ocid}/lots/{lotId}/bid", receipt)
                : TypedResults.Ok(receipt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static async Task<Results<Ok<BidReceipt>, ProblemHttpResult>> GetAsync(
        string number, string ocid, string lotId, HttpContext http, BusinessesDb db, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Procurement))
        {
            return OutOfScope();
        }

        var tender = await FindAsync(db, ocid, lotId, ct);
        var bid = tender is null
            ? null
            : await db.Bids.AsNoTracking().SingleOrDefaultAsync(b => b.TenderId == tender.Id && b.LotId == lotId && b.BusinessId == power.BusinessId, ct);
        return bid is null ? Problems.NotFound("The business has no bid for this lot.") : TypedResults.Ok(BidReceipt.From(bid, tender!.Ocid));
    }

    private static async Task<Results<Ok<BidReceipt>, ProblemHttpResult>> WithdrawAsync(
        string number, string ocid, string lotId, HttpContext http, BusinessesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        if (!power.Covers(MandateScope.Procurement))
        {
            return OutOfScope();
        }

        var tender = await FindAsync(db, ocid, lotId, ct);
        var bid = tender is null
            ? null
            : await db.Bids.SingleOrDefaultAsync(b => b.TenderId == tender.Id && b.LotId == lotId && b.BusinessId == power.BusinessId, ct);
        if (bid is null)
        {
            return Problems.NotFound("The business has no bid for this lot.");
        }

        var now = clock.GetUtcNow();
        if (!tender!.TakesBids(now))
        {
            return Closed(tender);
        }

        if (bid.Withdraw(now))
        {
            db.Audit(user, "bid.withdrawn", "bid", bid.Id.ToString(), new { tender.Ocid, lotId }, onBehalfOf: power.Number);
            if (await db.TrySaveAsync(ct) != SaveResult.Saved)
            {
                return Problems.Conflict("The bid changed meanwhile: read the receipt again.");
            }
        }

        return TypedResults.Ok(BidReceipt.From(bid, tender.Ocid));
    }

    private static async Task<Tender?> FindAsync(BusinessesDb db, string ocid, string lotId, CancellationToken ct)
    {
        if (!ProcurementInput.IsOcid(ocid))
        {
            return null;
        }

        var tender = await db.Tenders.AsNoTracking().SingleOrDefaultAsync(t => t.Ocid == ocid, ct);
        return tender?.Lot(lotId) is null ? null : tender;
    }
}
