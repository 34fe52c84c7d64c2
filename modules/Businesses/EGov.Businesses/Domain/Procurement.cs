namespace EGov.Businesses.Domain;

/// <summary>Where a tender stands.</summary>
internal enum TenderStatus
{
    /// <summary>Published: enquiries and bids until the tender period ends.</summary>
    Active,

    /// <summary>Two officers opened the bids after the deadline: evaluation and awards.</summary>
    Opened,

    /// <summary>Every lot has a signed contract.</summary>
    Complete,
}

/// <summary>A lot of a tender; bids are per lot.</summary>
internal sealed record TenderLot(string Id, string Title, decimal EstimatedValue);

/// <summary>An award criterion and its weight in per cent (the weights of a tender sum to 100).</summary>
internal sealed record AwardCriterion(string Id, string Name, int Weight);

/// <summary>An officer's approval to open the bids.</summary>
internal sealed record OpeningApproval(string Officer, DateTimeOffset At);

/// <summary>The scores (0 to 100 per criterion) a bid got, and its weighted total.</summary>
internal sealed record BidEvaluation(Guid BidId, string LotId, Dictionary<string, int> Scores, decimal Total, string EvaluatedBy, DateTimeOffset At);

/// <summary>An award of a lot to the best-scored bid, with reasons; the standstill runs to its last day.</summary>
internal sealed record TenderAward(
    string Id, string LotId, Guid BidId, string SupplierNumber, string SupplierName, decimal Amount, string Currency, string Reasons,
    DateTimeOffset Date, DateOnly StandstillEndsOn, string AwardedBy);

/// <summary>The contract signed after the standstill: value, supplier and period.</summary>
internal sealed record TenderContract(
    string Id, string AwardId, string SupplierNumber, string SupplierName, decimal Amount, string Currency,
    DateOnly StartDate, DateOnly EndDate, DateTimeOffset SignedAt, string SignedBy);

/// <summary>How an officer's approval to open the bids went.</summary>
internal enum OpeningStep
{
    /// <summary>The first approval: a second, different officer must approve too.</summary>
    AwaitingSecondOfficer,

    /// <summary>The quorum of two is met: the bids are opened now.</summary>
    QuorumMet,

    TooEarly,
    SameOfficer,
    AlreadyOpened,
}

/// <summary>
/// A call for tenders of an agency: what is bought (title, description, CPV codes, lots, estimated value), how bids
/// are weighed (criteria whose weights sum to 100), when questions and bids are taken, and the key pair that seals
/// its bids (the private half wrapped by the platform until the tender period ends). It then records its opening by
/// two officers, the evaluation, the awards with their standstill, and the contracts.
/// </summary>
internal sealed partial class Tender
{
    public const int MaxLots = 50;
    public const int MaxCriteria = 20;
    public const int MaxCpvCodes = 20;
    public const int Quorum = 2;

    private Tender()
    {
    }

    public Tender(
        Guid id, string ocid, string agencyCode, string title, string description, IReadOnlyList<string> cpvCodes, string currency, decimal estimatedValue,
        IReadOnlyList<(string Title, decimal Value)> lots, IReadOnlyList<(string Name, int Weight)> criteria,
        DateTimeOffset enquiryStart, DateTimeOffset enquiryEnd, DateTimeOffset tenderStart, DateTimeOffset tenderEnd,
        byte[] publicKey, byte[] sealedPrivateKey, string publishedBy, DateTimeOffset now)
    {
        if (lots.Count is 0 or > MaxLots)
        {
            throw new ArgumentException($"A tender has 1 to {MaxLots} lots.", nameof(lots));
        }

        if (criteria.Count is 0 or > MaxCriteria || criteria.Sum(c => c.Weight) != 100 || criteria.Any(c => c.Weight <= 0))
        {
            throw new ArgumentException("The weights of the award criteria are positive and sum to 100.", nameof(criteria));
        }

        if (!(enquiryStart < enquiryEnd && enquiryEnd <= tenderEnd && tenderStart < tenderEnd && tenderEnd > now))
        {
            throw new ArgumentException("The periods are in order: enquiries end no later than the tender period, which ends in the future.", nameof(tenderEnd));
        }

        Id = id;
        Ocid = ocid;
        AgencyCode = agencyCode;
        Title = title;
        Description = description;
        CpvCodes = [.. cpvCodes];
        Currency = currency;
        EstimatedValue = estimatedValue;
        Lots = [.. lots.Select((l, i) => new TenderLot($"lot-{i + 1}", l.Title, l.Value))];
        Criteria = [.. criteria.Select((c, i) => new AwardCriterion($"criterion-{i + 1}", c.Name, c.Weight))];
        EnquiryStart = enquiryStart;
        EnquiryEnd = enquiryEnd;
        TenderStart = tenderStart;
        TenderEnd = tenderEnd;
        PublicKey = publicKey;
        SealedPrivateKey = sealedPrivateKey;
        PublishedBy = publishedBy;
        PublishedAt = now;
        Status = TenderStatus.Active;
    }

    public Guid Id { get; private set; }

    /// <summary>The open contracting id: <c>ocds-</c>, the publisher's prefix, and the tender's own id.</summary>
    public string Ocid { get; private set; } = string.Empty;

    /// <summary>The buying agency (the officers' <c>agency_id</c>).</summary>
    public string AgencyCode { get; private set; } = string.Empty;

    public string Title { get; private set; } = string.Empty;

    public string Description { get; private set; } = string.Empty;

    public List<string> CpvCodes { get; private set; } = [];

    public string Currency { get; private set; } = string.Empty;

    public decimal EstimatedValue { get; private set; }

    public List<TenderLot> Lots { get; private set; } = [];

    public List<AwardCriterion> Criteria { get; private set; } = [];

    public DateTimeOffset EnquiryStart { get; private set; }

    public DateTimeOffset EnquiryEnd { get; private set; }

    public DateTimeOffset TenderStart { get; private set; }

    /// <summary>The deadline for bids: before it the bids stay sealed.</summary>
    public DateTimeOffset TenderEnd { get; private set; }

    /// <summary>The public half of the tender's key pair (SubjectPublicKeyInfo): bids are sealed with it.</summary>
    public byte[] PublicKey { get; private set; } = [];

    /// <summary>The private half, wrapped by the platform's data protection with its not-before time inside.</summary>
    public byte[] SealedPrivateKey { get; private set; } = [];

    public string PublishedBy { get; private set; } = string.Empty;

    public DateTimeOffset PublishedAt { get; private set; }

    public TenderStatus Status { get; private set; }

    public List<OpeningApproval> Openings { get; private set; } = [];

    public DateTimeOffset? OpenedAt { get; private set; }

    public int? NumberOfTenderers { get; private set; }

    public List<BidEvaluation> Evaluations { get; private set; } = [];

    public List<TenderAward> Awards { get; private set; } = [];

    public List<TenderContract> Contracts { get; private set; } = [];

    public uint Version { get; private set; }

    public TenderLot? Lot(string lotId) => Lots.FirstOrDefault(l => l.Id == lotId);

    /// <summary>
    /// Bids are taken, replaced and withdrawn from the start of the tender period up to (not including) its end, and
    /// for as long as the tender is held by an enquiry left unanswered (see <see cref="Held"/>).
    /// </summary>
    public bool TakesBids(DateTimeOffset now) => Status == TenderStatus.Active && now >= TenderStart && (now < TenderEnd || Held(now));

    /// <summary>The deadline for bids is behind: the tender period ended and no unanswered enquiry holds it.</summary>
    public bool DeadlinePassed(DateTimeOffset now) => now >= TenderEnd && !Held(now);

    /// <summary>An officer approves opening; the second distinct officer's approval meets the quorum.</summary>
    public OpeningStep ApproveOpening(string officer, DateTimeOffset now)
    {
        if (Status != TenderStatus.Active)
        {
            return OpeningStep.AlreadyOpened;
        }

        if (!DeadlinePassed(now))
        {
            return OpeningStep.TooEarly;
        }

        if (Openings.Any(o => o.Officer == officer))
        {
            return OpeningStep.SameOfficer;
        }

        Openings = [.. Openings, new OpeningApproval(officer, now)];
        return Openings.Count >= Quorum ? OpeningStep.QuorumMet : OpeningStep.AwaitingSecondOfficer;
    }

    /// <summary>Records that the bids were unsealed (after the quorum was met).</summary>
    public void MarkOpened(int tenderers, DateTimeOffset now)
    {
        if (Openings.Count < Quorum || Status != TenderStatus.Active)
        {
            throw new InvalidOperationException("Bids are opened once, after two officers approved.");
        }

        Status = TenderStatus.Opened;
        OpenedAt = now;
        NumberOfTenderers = tenderers;
    }

    /// <summary>Scores a bid (0 to 100 per criterion, every criterion): its total is the weighted sum. Replaces an earlier score.</summary>
    public BidEvaluation Evaluate(Bid bid, IReadOnlyDictionary<string, int> scores, string by, DateTimeOffset now)
    {
        if (Status != TenderStatus.Opened || bid.TenderId != Id || !bid.Active)
        {
            throw new InvalidOperationException("Only opened, standing bids of this tender are evaluated.");
        }

        if (Awards.Any(a => a.LotId == bid.LotId))
        {
            throw new InvalidOperationException("The lot is awarded already.");
        }

        if (scores.Count != Criteria.Count || Criteria.Any(c => !scores.TryGetValue(c.Id, out var s) || s is < 0 or > 100))
        {
            throw new ArgumentException("Every criterion is scored from 0 to 100.", nameof(scores));
        }

        var total = Criteria.Sum(c => scores[c.Id] * c.Weight) / 100m;
        var evaluation = new BidEvaluation(bid.Id, bid.LotId, new Dictionary<string, int>(scores), total, by, now);
        Evaluations = [.. Evaluations.Where(e => e.BidId != bid.Id), evaluation];
        return evaluation;
    }

    /// <summary>
    /// Awards a lot to its best-scored bid (every standing bid of the lot scored; ties go to the earlier receipt), with
    /// reasons; the standstill runs to <paramref name="standstillEndsOn"/>.
    /// </summary>
    public TenderAward Award(string lotId, IReadOnlyList<Bid> lotBids, string supplierName, string reasons, DateOnly standstillEndsOn, string by, DateTimeOffset now)
    {
        if (Status != TenderStatus.Opened)
        {
            throw new InvalidOperationException("Awards follow the opening.");
        }

        if (Awards.Any(a => a.LotId == lotId))
        {
            throw new InvalidOperationException("The lot is awarded already.");
        }

        var best = BestBid(lotId, lotBids) ?? throw new InvalidOperationException("Every standing bid of the lot is evaluated before the award.");
        var award = new TenderAward(
            $"{Ocid}-award-{lotId}", lotId, best.Id, best.BusinessNumber, supplierName, best.OpenedAmount!.Value, Currency, reasons, now, standstillEndsOn, by);
        Awards = [.. Awards, award];
        return award;
    }

    /// <summary>The best-scored standing bid of a lot (ties go to the earlier receipt); null unless every standing bid of it is scored.</summary>
    public Bid? BestBid(string lotId, IReadOnlyList<Bid> lotBids)
    {
        var standing = lotBids.Where(b => b.Active && b.LotId == lotId && b.TenderId == Id).ToList();
        if (standing.Count == 0 || standing.Any(b => Evaluations.All(e => e.BidId != b.Id)))
        {
            return null;
        }

        return standing
            .Select(b => (Bid: b, Evaluation: Evaluations.Single(e => e.BidId == b.Id)))
            .OrderByDescending(x => x.Evaluation.Total)
            .ThenBy(x => x.Bid.SubmittedAt)
            .First().Bid;
    }

    /// <summary>Signs the contract of an award once its standstill is over (from the day after its last day).</summary>
    public TenderContract SignContract(string awardId, DateOnly startDate, DateOnly endDate, DateOnly today, string by, DateTimeOffset now)
    {
        var award = Awards.SingleOrDefault(a => a.Id == awardId) ?? throw new ArgumentException("No such award.", nameof(awardId));
        if (today <= award.StandstillEndsOn)
        {
            throw new InvalidOperationException("The standstill period is not over.");
        }

        if (HoldsContract(awardId))
        {
            throw new InvalidOperationException("A complaint about the award waits for its answer.");
        }

        if (Contracts.Any(c => c.AwardId == awardId))
        {
            throw new InvalidOperationException("The award has its contract already.");
        }

        if (endDate < startDate)
        {
            throw new ArgumentException("A contract ends on or after its start.", nameof(endDate));
        }

        var contract = new TenderContract(
            $"{Ocid}-contract-{award.LotId}", award.Id, award.SupplierNumber, award.SupplierName, award.Amount, award.Currency, startDate, endDate, now, by);
        Contracts = [.. Contracts, contract];
        if (Lots.All(l => Contracts.Any(c => Awards.Any(a => a.Id == c.AwardId && a.LotId == l.Id))))
        {
            Status = TenderStatus.Complete;
        }

        return contract;
    }
}

/// <summary>A bid as it is sealed: an AES-256-GCM content key wrapped with the tender's public key (RSA-OAEP-SHA256), nonce, ciphertext and tag.</summary>
internal sealed record SealedBid(byte[] WrappedKey, byte[] Nonce, byte[] Ciphertext, byte[] Tag);

/// <summary>
/// A business's bid for one lot of a tender. Until the tender's bids are opened it holds only its sealed form and
/// the receipt (SHA-256 of the submitted content, the time); the opening adds the price and proposal in clear.
/// </summary>
internal sealed class Bid
{
    public const int MaxProposalLength = 20_000;

    private Bid()
    {
    }

    public Bid(Guid id, Guid tenderId, string lotId, Guid businessId, string businessNumber, SealedBid sealedBid, string sha256, string by, DateTimeOffset now)
    {
        Id = id;
        TenderId = tenderId;
        LotId = lotId;
        BusinessId = businessId;
        BusinessNumber = businessNumber;
        Reseal(sealedBid, sha256, by, now);
        Revision = 1;
    }

    public Guid Id { get; private set; }

    public Guid TenderId { get; private set; }

    public string LotId { get; private set; } = string.Empty;

    public Guid BusinessId { get; private set; }

    public string BusinessNumber { get; private set; } = string.Empty;

    public byte[] WrappedKey { get; private set; } = [];

    public byte[] Nonce { get; private set; } = [];

    public byte[] Ciphertext { get; private set; } = [];

    public byte[] Tag { get; private set; } = [];

    /// <summary>SHA-256 (hex) of the content as submitted: the receipt's fingerprint.</summary>
    public string Sha256 { get; private set; } = string.Empty;

    /// <summary>When the standing content was received.</summary>
    public DateTimeOffset SubmittedAt { get; private set; }

    public string SubmittedBy { get; private set; } = string.Empty;

    /// <summary>1 for the first submission, one more for every replacement or resubmission.</summary>
    public int Revision { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    public bool Active => WithdrawnAt is null;

    public decimal? OpenedAmount { get; private set; }

    public string? OpenedCurrency { get; private set; }

    public string? OpenedProposal { get; private set; }

    public uint Version { get; private set; }

    public SealedBid Sealed => new(WrappedKey, Nonce, Ciphertext, Tag);

    /// <summary>Replaces the content (or resubmits a withdrawn bid) before the deadline.</summary>
    public void Replace(SealedBid sealedBid, string sha256, string by, DateTimeOffset now)
    {
        Reseal(sealedBid, sha256, by, now);
        WithdrawnAt = null;
        Revision++;
    }

    /// <summary>Withdraws the bid; false when it was withdrawn already.</summary>
    public bool Withdraw(DateTimeOffset now)
    {
        if (WithdrawnAt is not null)
        {
            return false;
        }

        WithdrawnAt = now;
        return true;
    }

    /// <summary>The opened content (after the quorum unsealed the tender's key).</summary>
    public void Open(decimal amount, string currency, string proposal)
    {
        OpenedAmount = amount;
        OpenedCurrency = currency;
        OpenedProposal = proposal;
    }

    private void Reseal(SealedBid sealedBid, string sha256, string by, DateTimeOffset now)
    {
        WrappedKey = sealedBid.WrappedKey;
        Nonce = sealedBid.Nonce;
        Ciphertext = sealedBid.Ciphertext;
        Tag = sealedBid.Tag;
        Sha256 = sha256;
        SubmittedBy = by;
        SubmittedAt = now;
    }
}

/// <summary>A published OCDS release: immutable once written (a stage of a contracting process).</summary>
internal sealed class ProcurementRelease
{
    private ProcurementRelease()
    {
    }

    public ProcurementRelease(string id, string ocid, string tag, DateTimeOffset date, string json)
    {
        Id = id;
        Ocid = ocid;
        Tag = tag;
        Date = date;
        Json = json;
    }

    /// <summary>The release id (unique within the ocid and overall).</summary>
    public string Id { get; private set; } = string.Empty;

    public string Ocid { get; private set; } = string.Empty;

    public string Tag { get; private set; } = string.Empty;

    public DateTimeOffset Date { get; private set; }

    /// <summary>The release as published (JSON text, kept byte for byte).</summary>
    public string Json { get; private set; } = string.Empty;
}
