namespace EGov.Citizens;

/// <summary>Settings of the G2C module (section <c>Citizens</c>; see docs/settings.md).</summary>
internal sealed class CitizensOptions
{
    public const string Section = "Citizens";

    /// <summary>Applications one citizen may submit per <see cref="SubmissionWindowSeconds"/>.</summary>
    public int SubmissionLimit { get; set; } = 20;

    public int SubmissionWindowSeconds { get; set; } = 3600;

    /// <summary>Largest attachment accepted, in bytes.</summary>
    public long AttachmentMaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Content types accepted for attachments.</summary>
    public List<string> AttachmentContentTypes { get; set; } = ["application/pdf", "image/jpeg", "image/png"];

    /// <summary>Interval of the overdue sweep, in seconds.</summary>
    public int OverdueSweepSeconds { get; set; } = 300;

    /// <summary>
    /// How long a node trusts its in-memory copy of a service's form when checking drafts, in seconds (0: read it
    /// every time). Edits on the same node apply at once; edits on other nodes within this time.
    /// </summary>
    public int FormCacheSeconds { get; set; } = 30;

    /// <summary>
    /// Where the QR code and the link printed on a certificate lead: the portal's document check, as
    /// <c>{VerificationPageUrl}/{code}</c> (e.g. <c>https://portal.example.gov/verify</c>). Empty: <c>/verify/{code}</c>
    /// on the address the certificate was fetched from, which is the portal in the single host.
    /// </summary>
    public string? VerificationPageUrl { get; set; }

    /// <summary>Statutory deadline of information disclosure requests, in working days.</summary>
    public int DisclosureDeadlineDays { get; set; } = 20;
}
