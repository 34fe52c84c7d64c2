namespace EGov.Businesses.Domain;

/// <summary>
/// A question a business asked during the enquiry period, and the officer's public answer. The question is
/// published with its answer; who asked it is not (the asking business is known to the platform only).
/// </summary>
internal sealed record TenderEnquiry(
    string Id, string? LotId, string Question, string AskedBy, DateTimeOffset AskedAt, string? Answer, DateTimeOffset? AnsweredAt, string? AnsweredBy)
{
    public bool Answered => Answer is not null;
}

/// <summary>A change to a published tender: which period moved, why, and from what to what.</summary>
internal sealed record TenderAmendment(string Id, DateTimeOffset Date, string Rationale, DateTimeOffset PreviousTenderEnd, DateTimeOffset TenderEnd);

/// <summary>Where a complaint about an award stands.</summary>
internal enum ComplaintStatus
{
    /// <summary>Filed during the standstill; the contract of the award waits for the answer.</summary>
    Claim,

    /// <summary>The officer answered; the complainant may accept the answer.</summary>
    Answered,

    /// <summary>The complainant accepted the answer.</summary>
    Resolved,

    /// <summary>The officer declined the complaint as unfounded, with reasons.</summary>
    Declined,
}

/// <summary>A bidder's complaint about an award, filed during its standstill.</summary>
internal sealed record TenderComplaint(
    string Id, string AwardId, string BusinessNumber, string Claim, DateTimeOffset FiledAt, string FiledBy, ComplaintStatus Status,
    string? Answer, DateTimeOffset? AnsweredAt, string? AnsweredBy, DateTimeOffset? ClosedAt);

/// <summary>A change to a signed contract: a new value and/or end date, with its rationale.</summary>
internal sealed record ContractAmendment(
    string Id, string ContractId, DateTimeOffset Date, string Rationale, decimal? Amount, DateOnly? EndDate, string AmendedBy);

/// <summary>How a step of the tender's dialogue with bidders went.</summary>
internal enum DialogueStep
{
    Done,
    NotFound,
    Closed,
    AlreadySettled,
    NotAllowed,
    Unchanged,
}

/// <summary>Enquiries, complaints and amendments: the tender's dialogue with the businesses that bid.</summary>
internal sealed partial class Tender
{
    public const int MaxEnquiries = 500;
    public const int MaxComplaintsPerAward = 20;
    public const int MaxContractAmendments = 50;

    /// <summary>By default an amendment may raise a contract's value by at most half of its value as signed (more is a new procurement).</summary>
    public const int DefaultMaxValueIncreasePercent = 50;

    public List<TenderEnquiry> Enquiries { get; private set; } = [];

    public List<TenderAmendment> Amendments { get; private set; } = [];

    public List<TenderComplaint> Complaints { get; private set; } = [];

    public List<ContractAmendment> ContractAmendments { get; private set; } = [];

    /// <summary>
    /// The tender is held while the enquiry period is over and a question asked in it is unanswered: bids are still
    /// taken and the bids stay sealed, whatever the tender period says, until the last answer moves the deadline.
    /// </summary>
    public bool Held(DateTimeOffset now) => Status == TenderStatus.Active && now >= EnquiryEnd && Enquiries.Any(e => !e.Answered);

    /// <summary>A business asks a question (about the whole tender or one lot) during the enquiry period.</summary>
    public DialogueStep Ask(string? lotId, string question, string businessNumber, DateTimeOffset now, out TenderEnquiry? enquiry)
    {
        enquiry = null;
        if (Status != TenderStatus.Active || now < EnquiryStart || now >= EnquiryEnd)
        {
            return DialogueStep.Closed;
        }

        if (lotId is not null && Lot(lotId) is null)
        {
            return DialogueStep.NotFound;
        }

        if (Enquiries.Count >= MaxEnquiries)
        {
            return DialogueStep.NotAllowed;
        }

        enquiry = new TenderEnquiry($"enquiry-{Enquiries.Count + 1}", lotId, question, businessNumber, now, null, null, null);
        Enquiries = [.. Enquiries, enquiry];
        return DialogueStep.Done;
    }

    /// <summary>
    /// The officer answers an enquiry publicly. When the enquiry period is over and this was the last open question,
    /// the tender period ends no sooner than <paramref name="extendedEnd"/> (the answer plus the extension): the
    /// amendment is returned so that the key and the publication follow.
    /// </summary>
    public DialogueStep AnswerEnquiry(string enquiryId, string answer, string by, DateTimeOffset now, DateTimeOffset extendedEnd, out TenderAmendment? amendment)
    {
        amendment = null;
        var enquiry = Enquiries.SingleOrDefault(e => e.Id == enquiryId);
        if (enquiry is null)
        {
            return DialogueStep.NotFound;
        }

        if (enquiry.Answered)
        {
            return DialogueStep.AlreadySettled;
        }

        if (Status != TenderStatus.Active)
        {
            return DialogueStep.Closed;
        }

        var late = Held(now);
        Enquiries = [.. Enquiries.Select(e => e.Id == enquiryId ? e with { Answer = answer, AnsweredAt = now, AnsweredBy = by } : e)];
        if (late && !Held(now) && extendedEnd > TenderEnd)
        {
            amendment = new TenderAmendment(
                $"{Ocid}-amendment-{Amendments.Count + 1}", now,
                "An enquiry was answered after the enquiry period ended: bidders get the extension after the last answer.", TenderEnd, extendedEnd);
            Amendments = [.. Amendments, amendment];
            TenderEnd = extendedEnd;
        }

        return DialogueStep.Done;
    }

    /// <summary>The key wrapped anew with the moved deadline as its not-before time.</summary>
    public void ResealKey(byte[] sealedPrivateKey) => SealedPrivateKey = sealedPrivateKey;

    /// <summary>The end of the tender period as it was published at <paramref name="date"/>.</summary>
    public DateTimeOffset TenderEndAt(DateTimeOffset date) =>
        Amendments.Where(a => a.Date > date).OrderBy(a => a.Date).FirstOrDefault()?.PreviousTenderEnd ?? TenderEnd;

    /// <summary>
    /// A bidder of the awarded lot files a complaint about the award during its standstill (up to and including its
    /// last day). The award's contract waits until every claim about it is answered or declined.
    /// </summary>
    public DialogueStep FileComplaint(string awardId, string businessNumber, string claim, DateOnly today, string by, DateTimeOffset now, out TenderComplaint? complaint)
    {
        complaint = null;
        var award = Awards.SingleOrDefault(a => a.Id == awardId);
        if (award is null)
        {
            return DialogueStep.NotFound;
        }

        if (today > award.StandstillEndsOn || Contracts.Any(c => c.AwardId == awardId))
        {
            return DialogueStep.Closed;
        }

        if (Complaints.Count(c => c.AwardId == awardId) >= MaxComplaintsPerAward)
        {
            return DialogueStep.NotAllowed;
        }

        complaint = new TenderComplaint(
            $"{awardId}-complaint-{Complaints.Count + 1}", awardId, businessNumber, claim, now, by, ComplaintStatus.Claim, null, null, null, null);
        Complaints = [.. Complaints, complaint];
        return DialogueStep.Done;
    }

    /// <summary>The officer answers a claim (it stops holding the contract) or declines it as unfounded.</summary>
    public DialogueStep SettleComplaint(string complaintId, bool decline, string text, string by, DateTimeOffset now)
    {
        var complaint = Complaints.SingleOrDefault(c => c.Id == complaintId);
        if (complaint is null)
        {
            return DialogueStep.NotFound;
        }

        if (complaint.Status != ComplaintStatus.Claim)
        {
            return DialogueStep.AlreadySettled;
        }

        var settled = complaint with
        {
            Status = decline ? ComplaintStatus.Declined : ComplaintStatus.Answered,
            Answer = text,
            AnsweredAt = now,
            AnsweredBy = by,
            ClosedAt = decline ? now : null,
        };
        Complaints = [.. Complaints.Select(c => c.Id == complaintId ? settled : c)];
        return DialogueStep.Done;
    }

    /// <summary>The complainant accepts the officer's answer: the complaint is resolved.</summary>
    public DialogueStep AcceptComplaintAnswer(string complaintId, string businessNumber, DateTimeOffset now)
    {
        var complaint = Complaints.SingleOrDefault(c => c.Id == complaintId && c.BusinessNumber == businessNumber);
        if (complaint is null)
        {
            return DialogueStep.NotFound;
        }

        if (complaint.Status != ComplaintStatus.Answered)
        {
            return complaint.Status == ComplaintStatus.Claim ? DialogueStep.NotAllowed : DialogueStep.AlreadySettled;
        }

        Complaints = [.. Complaints.Select(c => c.Id == complaintId ? c with { Status = ComplaintStatus.Resolved, ClosedAt = now } : c)];
        return DialogueStep.Done;
    }

    /// <summary>Whether a claim about the award is still unanswered (its contract waits).</summary>
    public bool HoldsContract(string awardId) => Complaints.Any(c => c.AwardId == awardId && c.Status == ComplaintStatus.Claim);

    /// <summary>The value and end date of a contract as they stand at <paramref name="date"/> (after its amendments up to then).</summary>
    public (decimal Amount, DateOnly EndDate) ContractTermsAt(TenderContract contract, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var amount = contract.Amount;
        var end = contract.EndDate;
        foreach (var amendment in ContractAmendments.Where(a => a.ContractId == contract.Id && a.Date <= date).OrderBy(a => a.Date))
        {
            amount = amendment.Amount ?? amount;
            end = amendment.EndDate ?? end;
        }

        return (amount, end);
    }

    /// <summary>
    /// Amends a signed contract: a new value (at most <paramref name="maxIncreasePercent"/> per cent above the value as
    /// signed, the procurement law's modification threshold) and/or a new end date (on or after its start), with a
    /// rationale. A change to nothing is refused.
    /// </summary>
    public DialogueStep AmendContract(
        string contractId, string rationale, decimal? amount, DateOnly? endDate, int maxIncreasePercent, string by, DateTimeOffset now, out ContractAmendment? amendment)
    {
        amendment = null;
        var contract = Contracts.SingleOrDefault(c => c.Id == contractId);
        if (contract is null)
        {
            return DialogueStep.NotFound;
        }

        if (ContractAmendments.Count(a => a.ContractId == contractId) >= MaxContractAmendments)
        {
            return DialogueStep.Closed;
        }

        if (amount > contract.Amount * (1 + (maxIncreasePercent / 100m)) || endDate < contract.StartDate)
        {
            return DialogueStep.NotAllowed;
        }

        var (currentAmount, currentEnd) = ContractTermsAt(contract, now);
        if ((amount is null || amount == currentAmount) && (endDate is null || endDate == currentEnd))
        {
            return DialogueStep.Unchanged;
        }

        amendment = new ContractAmendment(
            $"{contractId}-amendment-{ContractAmendments.Count(a => a.ContractId == contractId) + 1}", contractId, now, rationale,
            amount == currentAmount ? null : amount, endDate == currentEnd ? null : endDate, by);
        ContractAmendments = [.. ContractAmendments, amendment];
        return DialogueStep.Done;
    }
}
