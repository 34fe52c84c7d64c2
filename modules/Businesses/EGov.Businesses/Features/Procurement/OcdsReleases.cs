using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.Businesses.Domain;

namespace EGov.Businesses.Features.Procurement;

/// <summary>
/// Writes the OCDS 1.1 releases of a tender at its stages: <c>tender</c> when published, <c>tenderUpdate</c> per
/// answered enquiry (<c>tenderAmendment</c> when the answer moved the deadline), <c>award</c> per award, <c>contract</c>
/// per signed contract, <c>contractAmendment</c> per contract amendment. Every release is a full snapshot of what is public at that moment (never a
/// bid's content before the award, never a losing bid's content), so the compiled release is the latest one.
/// </summary>
internal static class OcdsReleases
{
    public const string Version = "1.1";
    public const string LotsExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json";
    public const string EnquiriesExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/v1.1.5/extension.json";
    public const string BrnScheme = "XX-BRN";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static ProcurementRelease Tender(Tender tender, string buyerName) =>
        Release(tender, buyerName, $"{tender.Ocid}-tender", "tender", tender.PublishedAt);

    public static ProcurementRelease Award(Tender tender, string buyerName, TenderAward award) =>
        Release(tender, buyerName, $"{award.Id}", "award", award.Date);

    public static ProcurementRelease Contract(Tender tender, string buyerName, TenderContract contract) =>
        Release(tender, buyerName, $"{contract.Id}", "contract", contract.SignedAt);

    /// <summary>An answered enquiry: <c>tenderUpdate</c>, or <c>tenderAmendment</c> when the answer moved the deadline.</summary>
    public static ProcurementRelease EnquiryAnswered(Tender tender, string buyerName, TenderEnquiry enquiry, TenderAmendment? amendment) =>
        Release(tender, buyerName, $"{tender.Ocid}-{enquiry.Id}", amendment is null ? "tenderUpdate" : "tenderAmendment", enquiry.AnsweredAt!.Value);

    public static ProcurementRelease ContractAmended(Tender tender, string buyerName, ContractAmendment amendment) =>
        Release(tender, buyerName, amendment.Id, "contractAmendment", amendment.Date);

    /// <summary>The record of one contracting process: its releases (oldest first) and the compiled release.</summary>
    public static JsonObject Record(string ocid, IReadOnlyList<ProcurementRelease> releases)
    {
        var compiled = JsonNode.Parse(releases[^1].Json)!.AsObject();
        compiled["id"] = $"{ocid}-compiled";
        compiled["tag"] = new JsonArray("compiled");
        return new JsonObject
        {
            ["ocid"] = ocid,
            ["releases"] = new JsonArray([.. releases.Select(r => JsonNode.Parse(r.Json))]),
            ["compiledRelease"] = compiled,
        };
    }

    public static JsonObject Package(string uri, DateTimeOffset publishedDate, string publisherName, string? next, string? prev)
    {
        var package = new JsonObject
        {
            ["uri"] = uri,
            ["version"] = Version,
            ["extensions"] = new JsonArray(LotsExtension, EnquiriesExtension),
            ["publishedDate"] = Date(publishedDate),
            ["publisher"] = new JsonObject { ["name"] = publisherName },
            ["license"] = "https://creativecommons.org/licenses/by/4.0/",
        };
        if (next is not null || prev is not null)
        {
            var links = new JsonObject();
            if (next is not null)
            {
                links["next"] = next;
            }

            if (prev is not null)
            {
                links["prev"] = prev;
            }

            package["links"] = links;
        }

        return package;
    }

    public static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    private static ProcurementRelease Release(Tender tender, string buyerName, string id, string tag, DateTimeOffset date)
    {
        var buyer = new JsonObject { ["id"] = tender.AgencyCode, ["name"] = buyerName };
        var parties = new JsonArray(new JsonObject
        {
            ["id"] = tender.AgencyCode,
            ["name"] = buyerName,
            ["roles"] = new JsonArray("buyer", "procuringEntity"),
        });
        foreach (var supplier in tender.Awards.Where(a => a.Date <= date).GroupBy(a => a.SupplierNumber))
        {
            parties.Add(new JsonObject
            {
                ["id"] = supplier.Key,
                ["name"] = supplier.First().SupplierName,
                ["identifier"] = new JsonObject { ["scheme"] = BrnScheme, ["id"] = supplier.Key, ["legalName"] = supplier.First().SupplierName },
                ["roles"] = new JsonArray("tenderer", "supplier"),
            });
        }

        var release = new JsonObject
        {
            ["ocid"] = tender.Ocid,
            ["id"] = id,
            ["date"] = Date(date),
            ["tag"] = new JsonArray(tag),
            ["initiationType"] = "tender",
            ["language"] = "en",
            ["parties"] = parties,
            ["buyer"] = buyer,
            ["tender"] = TenderSection(tender, buyer, date),
        };
        var awards = tender.Awards.Where(a => a.Date <= date).ToList();
        if (awards.Count > 0)
        {
            release["awards"] = new JsonArray([.. awards.Select(a => (JsonNode)AwardSection(tender, a, date))]);
        }

        var contracts = tender.Contracts.Where(c => c.SignedAt <= date).ToList();
        if (contracts.Count > 0)
        {
            release["contracts"] = new JsonArray([.. contracts.Select(c => (JsonNode)ContractSection(tender, c, date))]);
        }

        return new ProcurementRelease(id, tender.Ocid, tag, date, release.ToJsonString(Json));
    }

    private static JsonObject ContractSection(Tender tender, TenderContract contract, DateTimeOffset date)
    {
        var (amount, end) = tender.ContractTermsAt(contract, date);
        var section = new JsonObject
        {
            ["id"] = contract.Id,
            ["awardID"] = contract.AwardId,
            ["title"] = $"{tender.Title} — {tender.Lot(tender.Awards.Single(a => a.Id == contract.AwardId).LotId)!.Title}",
            ["status"] = "active",
            ["value"] = Value(amount, contract.Currency),
            ["period"] = new JsonObject { ["startDate"] = Day(contract.StartDate), ["endDate"] = Day(end) },
            ["dateSigned"] = Date(contract.SignedAt),
        };
        var amendments = tender.ContractAmendments.Where(a => a.ContractId == contract.Id && a.Date <= date).ToList();
        if (amendments.Count > 0)
        {
            section["amendments"] = new JsonArray([.. amendments.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id,
                ["date"] = Date(a.Date),
                ["rationale"] = a.Rationale,
                ["description"] = string.Join("; ", new[]
                {
                    a.Amount is { } value ? $"value {value.ToString(CultureInfo.InvariantCulture)} {contract.Currency}" : null,
                    a.EndDate is { } day ? $"end date {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : null,
                }.OfType<string>()),
                ["releaseID"] = a.Id,
            })]);
        }

        return section;
    }

    private static JsonObject TenderSection(Tender tender, JsonObject buyer, DateTimeOffset date)
    {
        var complete = tender.Contracts.Count(c => c.SignedAt <= date) == tender.Lots.Count;
        var section = new JsonObject
        {
            ["id"] = tender.Ocid,
            ["title"] = tender.Title,
            ["description"] = tender.Description,
            ["status"] = complete ? "complete" : "active",
            ["procuringEntity"] = buyer.DeepClone(),
            ["items"] = new JsonArray([.. tender.Lots.SelectMany(l => tender.CpvCodes.Select((cpv, i) => (JsonNode)new JsonObject
            {
                ["id"] = $"{l.Id}-item-{i + 1}",
                ["description"] = l.Title,
                ["classification"] = new JsonObject { ["scheme"] = "CPV", ["id"] = cpv },
                ["relatedLot"] = l.Id,
            }))]),
            ["value"] = Value(tender.EstimatedValue, tender.Currency),
            ["procurementMethod"] = "open",
            ["awardCriteria"] = "ratedCriteria",
            ["awardCriteriaDetails"] = string.Join("; ", tender.Criteria.Select(c => $"{c.Name}: {c.Weight.ToString(CultureInfo.InvariantCulture)} %")),
            ["submissionMethod"] = new JsonArray("electronicSubmission"),
            ["submissionMethodDetails"] = "Sealed electronic bids per lot; the platform opens them after the tender period, with two officers.",
            ["datePublished"] = Date(tender.PublishedAt),
            ["tenderPeriod"] = new JsonObject { ["startDate"] = Date(tender.TenderStart), ["endDate"] = Date(tender.TenderEndAt(date)) },
            ["enquiryPeriod"] = new JsonObject { ["startDate"] = Date(tender.EnquiryStart), ["endDate"] = Date(tender.EnquiryEnd) },
            ["hasEnquiries"] = tender.Enquiries.Any(e => e.AskedAt <= date),
            ["lots"] = new JsonArray([.. tender.Lots.Select(l => (JsonNode)new JsonObject
            {
                ["id"] = l.Id,
                ["title"] = l.Title,
                ["status"] = tender.Contracts.Any(c => c.SignedAt <= date && tender.Awards.Any(a => a.Id == c.AwardId && a.LotId == l.Id)) ? "complete" : "active",
                ["value"] = Value(l.EstimatedValue, tender.Currency),
            })]),
        };
        var answered = tender.Enquiries.Where(e => e.AnsweredAt <= date).ToList();
        if (answered.Count > 0)
        {
            section["enquiries"] = new JsonArray([.. answered.Select(e =>
            {
                var enquiry = new JsonObject
                {
                    ["id"] = e.Id,
                    ["date"] = Date(e.AskedAt),
                    ["title"] = e.Question.Length > 80 ? e.Question[..80] : e.Question,
                    ["description"] = e.Question,
                    ["answer"] = e.Answer,
                    ["dateAnswered"] = Date(e.AnsweredAt!.Value),
                };
                if (e.LotId is not null)
                {
                    enquiry["relatedLot"] = e.LotId;
                }

                return (JsonNode)enquiry;
            })]);
        }

        var amendments = tender.Amendments.Where(a => a.Date <= date).ToList();
        if (amendments.Count > 0)
        {
            section["amendments"] = new JsonArray([.. amendments.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id,
                ["date"] = Date(a.Date),
                ["rationale"] = a.Rationale,
                ["description"] = $"The tender period ends at {Date(a.TenderEnd)} instead of {Date(a.PreviousTenderEnd)}.",
            })]);
        }

        if (tender.OpenedAt is { } opened && opened <= date && tender.NumberOfTenderers is { } count)
        {
            section["numberOfTenderers"] = count;
        }

        var awards = tender.Awards.Where(a => a.Date <= date).ToList();
        if (awards.Count > 0)
        {
            var last = awards.MaxBy(a => a.StandstillEndsOn)!;
            section["standstillPeriod"] = new JsonObject { ["startDate"] = Date(awards.Min(a => a.Date)), ["endDate"] = Day(last.StandstillEndsOn.AddDays(1)) };
        }

        return section;
    }

    private static JsonObject AwardSection(Tender tender, TenderAward award, DateTimeOffset date) => new()
    {
        ["id"] = award.Id,
        ["title"] = $"{tender.Title} — {tender.Lot(award.LotId)!.Title}",
        ["description"] = award.Reasons,
        ["status"] = "active",
        ["date"] = Date(award.Date),
        ["value"] = Value(award.Amount, award.Currency),
        ["suppliers"] = new JsonArray(new JsonObject { ["id"] = award.SupplierNumber, ["name"] = award.SupplierName }),
        ["relatedLots"] = new JsonArray(award.LotId),
    };

    private static JsonObject Value(decimal amount, string currency) => new() { ["amount"] = amount, ["currency"] = currency };
}
