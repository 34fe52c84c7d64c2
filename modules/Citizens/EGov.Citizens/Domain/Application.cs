using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Parties;

namespace EGov.Citizens.Domain;

/// <summary>
/// A citizen's application to a service: a case (reference, lifecycle state, statutory deadline, timeline) that
/// follows the lifecycle of the service version it was filed against. It changes only through the methods of
/// <see cref="CaseRecord"/>; what it adds (the service and the answers as filed) is fixed when it is filed.
/// </summary>
internal sealed class Application : CaseRecord
{
    private Application()
    {
    }

    public Application(
        Guid id, string reference, string citizenSubject, string serviceCode, int serviceVersion, string agencyCode, int deadlineDays,
        string fields, LifecycleDefinition lifecycle, WorkingDays calendar, DateTimeOffset now)
        : base(id, reference, agencyCode, lifecycle, deadlineDays, calendar, now)
    {
        CitizenSubject = citizenSubject;
        ServiceCode = serviceCode;
        ServiceVersion = serviceVersion;
        Fields = fields;
    }

    public string CitizenSubject { get; private set; } = string.Empty;

    public string ServiceCode { get; private set; } = string.Empty;

    public int ServiceVersion { get; private set; }

    /// <summary>Field values as submitted (JSON object).</summary>
    public string Fields { get; private set; } = "{}";

    public override PartyRef Applicant => PartyRef.Citizen(CitizenSubject);
}

/// <summary>A file attached to an application; the content is stored with its SHA-256.</summary>
internal sealed class Attachment
{
    public Guid Id { get; set; }

    public Guid ApplicationId { get; set; }

    public string FileName { get; set; } = string.Empty;

    public string ContentType { get; set; } = string.Empty;

    public long Size { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    public byte[] Content { get; set; } = [];

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>A citizen's profile, created from the token on the first visit.</summary>
internal sealed class CitizenProfile
{
    public string Subject { get; set; } = string.Empty;

    public string? NationalId { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public string? Email { get; set; }

    public string Language { get; set; } = Languages.English;

    public List<string> ContactChannels { get; set; } = ["inbox"];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string DisplayName => string.Join(' ', new[] { GivenName, FamilyName }.Where(p => !string.IsNullOrWhiteSpace(p)));
}
