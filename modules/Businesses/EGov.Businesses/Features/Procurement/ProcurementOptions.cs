namespace EGov.Businesses.Features.Procurement;

/// <summary>Settings of public procurement (section <c>Businesses:Procurement</c>).</summary>
internal sealed class ProcurementOptions
{
    public const string Section = "Businesses:Procurement";

    /// <summary>The publisher's OCDS prefix: <c>ocds-</c> and 6 characters (registered with the Open Contracting Partnership).</summary>
    public string OcidPrefix { get; set; } = "ocds-egovpl";

    /// <summary>The name published as the OCDS publisher.</summary>
    public string PublisherName { get; set; } = "EGov.Platform public procurement";

    /// <summary>Working days between an award and the earliest day its contract may be signed (the standstill).</summary>
    public int StandstillWorkingDays { get; set; } = 10;

    /// <summary>
    /// Working days bidders get after the last answer when an enquiry was answered after the enquiry period ended:
    /// the tender period then ends no sooner (same time of day).
    /// </summary>
    public int EnquiryExtensionWorkingDays { get; set; } = 5;

    /// <summary>How far a contract amendment may raise the value as signed, in per cent (beyond it, a new procurement).</summary>
    public int MaxContractValueIncreasePercent { get; set; } = Domain.Tender.DefaultMaxValueIncreasePercent;

    internal static bool Valid(ProcurementOptions o) =>
        System.Text.RegularExpressions.Regex.IsMatch(o.OcidPrefix, "^ocds-[a-z0-9]{6}$")
        && o.StandstillWorkingDays is >= 1 and <= 60
        && o.EnquiryExtensionWorkingDays is >= 1 and <= 60
        && o.MaxContractValueIncreasePercent is >= 0 and <= 100
        && !string.IsNullOrWhiteSpace(o.PublisherName);
}
