namespace EGov.Citizens.Domain;

/// <summary>
/// One version of a service in the catalogue. An edit adds a new version and marks it current; older versions
/// stay, because every application keeps the version it was filed against.
/// </summary>
internal sealed class CatalogueService
{
    public string Code { get; set; } = string.Empty;

    public int Version { get; set; }

    public bool IsCurrent { get; set; }

    public string AgencyCode { get; set; } = string.Empty;

    public string TitleEn { get; set; } = string.Empty;

    public string? TitleFr { get; set; }

    public string DescriptionEn { get; set; } = string.Empty;

    public string? DescriptionFr { get; set; }

    public decimal FeeAmount { get; set; }

    public string FeeCurrency { get; set; } = "EUR";

    /// <summary>Statutory deadline, in working days from submission.</summary>
    public int DeadlineDays { get; set; }

    public List<string> RequiredDocuments { get; set; } = [];

    /// <summary>The <see cref="FormDefinition"/> as JSON.</summary>
    public string Form { get; set; } = "{\"fields\":[]}";

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public FormDefinition FormDefinition() => Domain.FormDefinition.FromJson(Form);

    public string Title(string language) => language == Languages.French && !string.IsNullOrWhiteSpace(TitleFr) ? TitleFr : TitleEn;

    public string Description(string language) =>
        language == Languages.French && !string.IsNullOrWhiteSpace(DescriptionFr) ? DescriptionFr : DescriptionEn;
}

/// <summary>Languages the portal speaks; English is the fallback.</summary>
internal static class Languages
{
    public const string English = "en";
    public const string French = "fr";

    public static readonly IReadOnlyList<string> All = [English, French];
}
