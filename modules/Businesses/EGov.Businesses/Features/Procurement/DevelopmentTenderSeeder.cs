using System.Text.Json;
using EGov.BuildingBlocks.Calendar;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EGov.Businesses.Features.Procurement;

/// <summary>
/// Development only (with the development registry): tenders of NTA at every stage, so that every procurement screen
/// and every OCDS release type has data — one open for bids, one past its deadline awaiting the opening, one awarded
/// and in its standstill, one contracted and amended. Each goes through the tender's own methods as the API's would,
/// dated days ago, with sealed bids from companies of the registry. Runs once, after the registry.
/// </summary>
internal sealed class DevelopmentTenderSeeder(
    BusinessesDb db, IOptions<BusinessesOptions> options, IOptions<ProcurementOptions> procurement, TenderKeys keys, IWorkingCalendar calendar, TimeProvider clock)
    : IModuleSeeder
{
    private const string Agency = "NTA";
    private const string Officer = "development-seed";
    private const string SecondOfficer = "development-seed-second-officer";

    private enum Stage
    {
        OpenForBids,
        AwaitingOpening,
        InStandstill,
        Contracted,
    }

    private sealed record SeedBid(string Company, string LotId, decimal Amount, string Proposal, int Score);

    public string Name => "g2b development tenders";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SeedDevelopmentRegistry != true)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.LockForSeedingAsync(Name, cancellationToken);
        if (await db.Tenders.AnyAsync(cancellationToken))
        {
            return;
        }

        await SeedAsync(Stage.OpenForBids, "Service desk for the tax portal", "72253000-3", publishedDaysAgo: 5, tenderEndsInDays: 20,
            [("Service desk, first line", 240_000m), ("Second-line support", 160_000m)],
            [new("Atlântico Software SA", "lot-1", 228_500m, "A 24/7 service desk staffed from Lisbon and Porto.", 0)], cancellationToken);
        await SeedAsync(Stage.AwaitingOpening, "Cleaning of the tax offices", "90911200-8", publishedDaysAgo: 40, tenderEndsInDays: -2,
            [("Cleaning of the Lisbon offices", 90_000m)],
            [new("Duarte & Filhos Contabilidade Lda", "lot-1", 84_000m, "Daily cleaning with certified products.", 0),
             new("Ribeiro & Associados Arquitetos", "lot-1", 88_750m, "Daily cleaning and a monthly deep clean.", 0)], cancellationToken);
        await SeedAsync(Stage.InStandstill, "Audit of the VAT refund process", "79212000-3", publishedDaysAgo: 60, tenderEndsInDays: -15,
            [("Process audit", 120_000m)],
            [new("Duarte & Filhos Contabilidade Lda", "lot-1", 112_000m, "Audit by a team of four over ten weeks.", 85),
             new("Atlântico Software SA", "lot-1", 99_000m, "Data-driven audit with process mining.", 78)], cancellationToken);
        await SeedAsync(Stage.Contracted, "Resurfacing of the customs yard", "45233222-1", publishedDaysAgo: 150, tenderEndsInDays: -100,
            [("Resurfacing works", 450_000m)],
            [new("Construções Beira Alta Lda", "lot-1", 431_200m, "Works in two phases to keep the yard open.", 90),
             new("Ribeiro & Associados Arquitetos", "lot-1", 445_000m, "Works with a subcontracted paving company.", 70)], cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task SeedAsync(
        Stage stage, string title, string cpv, int publishedDaysAgo, int tenderEndsInDays, IReadOnlyList<(string Title, decimal Value)> lots,
        IReadOnlyList<SeedBid> bids, CancellationToken ct)
    {
        var now = WholeSeconds(clock.GetUtcNow());
        var published = now.AddDays(-publishedDaysAgo);
        var tenderEnd = now.AddDays(tenderEndsInDays);
        var enquiryEnd = published.AddDays(Math.Max(1, (tenderEnd - published).Days / 2));
        var id = Guid.CreateVersion7(published);
        var (publicKey, sealedKey) = keys.Create(id, tenderEnd);
        var tender = new Tender(
            id, $"{procurement.Value.OcidPrefix}-{id:N}", Agency, title, $"{title}: a development tender of the National Tax Agency.", [cpv], "EUR",
            lots.Sum(l => l.Value), lots, [("Quality", 60), ("Price", 40)], published, enquiryEnd, published, tenderEnd, publicKey, sealedKey, Officer, published);
        db.Tenders.Add(tender);
        var buyer = await Tenders.BuyerNameAsync(db, tender, ct);
        db.ProcurementReleases.Add(OcdsReleases.Tender(tender, buyer));

        var placed = new List<(Bid Bid, SeedBid Seed, Business Business)>();
        var bidAt = published.AddDays(1);
        foreach (var seed in bids)
        {
            var business = await db.Businesses.AsNoTracking().SingleAsync(b => b.Name == seed.Company, ct);
            var plain = JsonSerializer.SerializeToUtf8Bytes(new BidContent(seed.Amount, "EUR", seed.Proposal), Register.Json);
            var bidId = Guid.CreateVersion7(bidAt);
            var bid = new Bid(bidId, tender.Id, seed.LotId, business.Id, business.Number,
                TenderKeys.Seal(tender.PublicKey, plain, TenderKeys.AssociatedData(tender.Id, seed.LotId, bidId)),
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(plain)), Officer, bidAt);
            db.Bids.Add(bid);
            placed.Add((bid, seed, business));
            bidAt = bidAt.AddHours(3);
        }

        if (stage is Stage.OpenForBids or Stage.AwaitingOpening)
        {
            return;
        }

        var opened = tenderEnd.AddHours(2);
        tender.ApproveOpening(Officer, opened);
        tender.ApproveOpening(SecondOfficer, opened.AddMinutes(30));
        if (!Tenders.Unseal(tender, [.. placed.Select(p => p.Bid)], keys))
        {
            throw new InvalidOperationException($"The development tender '{title}' could not be opened.");
        }

        tender.MarkOpened(placed.Select(p => p.Business.Id).Distinct().Count(), opened.AddMinutes(30));
        foreach (var (bid, seed, _) in placed)
        {
            tender.Evaluate(bid, tender.Criteria.ToDictionary(c => c.Id, _ => seed.Score, StringComparer.Ordinal), Officer, opened.AddDays(1));
        }

        var awardAt = stage == Stage.InStandstill ? now.AddDays(-2) : opened.AddDays(3);
        var awardDay = DateOnly.FromDateTime(awardAt.UtcDateTime);
        var lotBids = placed.Where(p => p.Bid.LotId == "lot-1").Select(p => p.Bid).ToList();
        var winner = tender.BestBid("lot-1", lotBids)!;
        var award = tender.Award("lot-1", lotBids, placed.Single(p => p.Bid.Id == winner.Id).Business.Name, "Best weighted score on quality and price.",
            calendar.For(Agency).Add(awardDay, procurement.Value.StandstillWorkingDays), Officer, awardAt);
        db.ProcurementReleases.Add(OcdsReleases.Award(tender, buyer, award));
        if (stage == Stage.InStandstill)
        {
            return;
        }

        var signedAt = WholeSeconds(new DateTimeOffset(award.StandstillEndsOn.AddDays(2).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero));
        var signedOn = DateOnly.FromDateTime(signedAt.UtcDateTime);
        var contract = tender.SignContract(award.Id, signedOn.AddDays(10), signedOn.AddMonths(12), signedOn, Officer, signedAt);
        db.ProcurementReleases.Add(OcdsReleases.Contract(tender, buyer, contract));
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
