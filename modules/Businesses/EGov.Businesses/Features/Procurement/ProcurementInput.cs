using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using EGov.SharedKernel.Http;

namespace EGov.Businesses.Features.Procurement;

internal sealed record PeriodRequest(
    [property: Description("Start (ISO 8601 with offset); now when left out.")] DateTimeOffset? StartDate,
    [property: Description("End (ISO 8601 with offset).")] DateTimeOffset? EndDate);

internal sealed record LotRequest([property: Required, MaxLength(ProcurementInput.MaxTitle)] string? Title, [property: Description("Estimated value of the lot (> 0).")] decimal? EstimatedValue);

internal sealed record CriterionRequest(
    [property: Required, MaxLength(200)] string? Name,
    [property: Description("Weight in per cent, 1 to 100; the weights of a tender sum to 100.")] int? Weight);

internal sealed record PublishTenderRequest(
    [property: Required, MaxLength(ProcurementInput.MaxTitle)] string? Title,
    [property: Required, MaxLength(ProcurementInput.MaxDescription)] string? Description,
    [property: Description("CPV 2008 codes: 8 digits, a hyphen and a check digit (45000000-7).")] List<string?>? CpvCodes,
    [property: Description("ISO 4217 currency of every value of the tender, e.g. EUR.")] string? Currency,
    [property: Description("Estimated value of the whole tender (> 0).")] decimal? EstimatedValue,
    List<LotRequest?>? Lots,
    List<CriterionRequest?>? AwardCriteria,
    PeriodRequest? EnquiryPeriod,
    PeriodRequest? TenderPeriod);

internal sealed record BidRequest(
    [property: Description("The price offered (> 0), in the tender's currency.")] decimal? Amount,
    [property: Description("ISO 4217 currency: the tender's.")] string? Currency,
    [property: Required, MaxLength(Domain.Bid.MaxProposalLength), Description("The technical proposal.")] string? Proposal);

internal sealed record BidScoreRequest(Guid? BidId, [property: Description("Criterion id → score 0 to 100, for every criterion.")] Dictionary<string, int?>? Scores);

internal sealed record EvaluateRequest(List<BidScoreRequest?>? Bids);

internal sealed record AwardRequest([property: Required] string? LotId, [property: Required, MaxLength(2000)] string? Reasons);

internal sealed record ContractRequest([property: Required] string? AwardId, DateOnly? StartDate, DateOnly? EndDate);

internal sealed record EnquiryRequest(
    [property: Description("The lot the question is about; the whole tender when left out.")] string? LotId,
    [property: Required, MaxLength(ProcurementInput.MaxDialogue)] string? Question);

internal sealed record AnswerRequest([property: Required, MaxLength(ProcurementInput.MaxDialogue), Description("Published as written.")] string? Answer);

internal sealed record DeclineRequest([property: Required, MaxLength(ProcurementInput.MaxDialogue)] string? Reasons);

internal sealed record ComplaintRequest(
    [property: Required, Description("The award complained about (an award of a lot the business bid for).")] string? AwardId,
    [property: Required, MaxLength(ProcurementInput.MaxDialogue)] string? Claim);

internal sealed record ContractAmendmentRequest(
    [property: Required, MaxLength(ProcurementInput.MaxDialogue), Description("Why the contract changes.")] string? Rationale,
    [property: Description("The new value (> 0), at most 50 % above the value as signed; unchanged when left out.")] decimal? Amount,
    [property: Description("The new end date, on or after the start; unchanged when left out.")] DateOnly? EndDate);

/// <summary>Field checks of the procurement requests (400 with field errors; messages never repeat a value).</summary>
internal static partial class ProcurementInput
{
    public const int MaxTitle = 300;
    public const int MaxDescription = 5000;
    public const int MaxDialogue = 4000;
    public const decimal MaxAmount = 999_999_999_999_999.99m;

    public static string? Text(string? value, string field, int max, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"'{field}' is required.");
            return null;
        }

        var text = value.Trim();
        if (text.Length > max)
        {
            errors.Add(field, $"'{field}' must be at most {max} characters.");
            return null;
        }

        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add(field, $"'{field}' may not contain control characters.");
            return null;
        }

        return text;
    }

    public static decimal? Amount(decimal? value, string field, ValidationErrors errors)
    {
        if (value is null)
        {
            errors.Add(field, $"'{field}' is required.");
            return null;
        }

        if (value <= 0 || value > MaxAmount || decimal.Round(value.Value, 2) != value)
        {
            errors.Add(field, $"'{field}' is a positive amount with at most two decimals.");
            return null;
        }

        return value;
    }

    public static string? Currency(string? value, string field, ValidationErrors errors)
    {
        if (value is null || !CurrencyPattern().IsMatch(value))
        {
            errors.Add(field, $"'{field}' is an ISO 4217 code of three capital letters.");
            return null;
        }

        return value;
    }

    public static bool IsCpv(string? code) => code is not null && CpvPattern().IsMatch(code);

    public static bool IsOcid(string? value) => value is not null && OcidPattern().IsMatch(value);

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex("^[0-9]{8}-[0-9]$")]
    private static partial Regex CpvPattern();

    [GeneratedRegex("^ocds-[a-z0-9]{6}-[0-9a-f]{32}$")]
    private static partial Regex OcidPattern();
}
