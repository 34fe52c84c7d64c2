using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Packages;
using EGov.BuildingBlocks.Texts;

namespace EGov.Citizens.Domain;

/// <summary>
/// One version of a service in the catalogue, as a <see cref="ServicePackage"/> defines it. A new version is a new
/// row marked current; older versions stay, because every application keeps (and follows the lifecycle of) the
/// version it was filed against. A version never changes once published, except that a newer one supersedes it.
/// </summary>
internal sealed class CatalogueService
{
    private CatalogueService()
    {
    }

    public string Code { get; private set; } = string.Empty;

    public int Version { get; private set; }

    public bool IsCurrent { get; private set; }

    public string AgencyCode { get; private set; } = string.Empty;

    public LocalizedText TitleText { get; private set; } = LocalizedText.Empty;

    public LocalizedText DescriptionText { get; private set; } = LocalizedText.Empty;

    public decimal FeeAmount { get; private set; }

    public string FeeCurrency { get; private set; } = "EUR";

    /// <summary>Statutory deadline, in working days from submission.</summary>
    public int DeadlineDays { get; private set; }

    public IReadOnlyList<LocalizedText> RequiredDocuments { get; private set; } = [];

    public FormDefinition Form { get; private set; } = null!;

    /// <summary>The lifecycle every application filed against this version follows.</summary>
    public LifecycleDefinition Lifecycle { get; private set; } = null!;

    /// <summary>The document an approval issues; null when the lifecycle issues none.</summary>
    public DocumentTemplate? DocumentTemplate { get; private set; }

    public ServiceRoles Roles { get; private set; } = null!;

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    /// <summary>A new current version of a service from its definition.</summary>
    public static CatalogueService Publish(string code, int version, ServiceDefinition definition, DateTimeOffset at, string by)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return new CatalogueService
        {
            Code = code,
            Version = version,
            IsCurrent = true,
            AgencyCode = definition.AgencyCode,
            TitleText = definition.Title,
            DescriptionText = definition.Description,
            FeeAmount = definition.Fee.Amount,
            FeeCurrency = definition.Fee.Currency,
            DeadlineDays = definition.DeadlineDays,
            RequiredDocuments = definition.RequiredDocuments,
            Form = definition.Form,
            Lifecycle = definition.Lifecycle,
            DocumentTemplate = definition.DocumentTemplate,
            Roles = definition.Roles,
            CreatedAt = at,
            CreatedBy = by,
        };
    }

    /// <summary>A newer version took over.</summary>
    public void Supersede() => IsCurrent = false;

    public ServiceDefinition Definition => new(
        AgencyCode, TitleText, DescriptionText, new ServiceFee(FeeAmount, FeeCurrency), DeadlineDays, RequiredDocuments, Form, Lifecycle, DocumentTemplate, Roles);

    /// <summary>This version as a package (what export answers).</summary>
    public Package<ServiceDefinition> ToPackage() => new(Code, Version, Definition);

    /// <summary>The languages the service is written in: those of its title and description.</summary>
    public IReadOnlyList<string> Languages => TitleText.Keys.Union(DescriptionText.Keys).Order(StringComparer.Ordinal).ToList();

    public string Title(string language) => TitleText.In(language);

    public string Description(string language) => DescriptionText.In(language);
}
