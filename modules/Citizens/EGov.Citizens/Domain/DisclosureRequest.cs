namespace EGov.Citizens.Domain;

/// <summary>
/// A citizen's request for information held by an agency, answered (and possibly published) by its caseworkers. Its
/// full-text search vector is PostgreSQL's business, not the domain's: a generated column that Persistence maps as a
/// shadow property (<c>CitizensDb.SearchVector</c>).
/// </summary>
internal sealed class DisclosureRequest
{
    public const string Open = "Open";
    public const string Answered = "Answered";

    public Guid Id { get; set; }

    public string CitizenSubject { get; set; } = string.Empty;

    public string AgencyCode { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string Question { get; set; } = string.Empty;

    public string Status { get; set; } = Open;

    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>Statutory deadline: <c>Citizens:DisclosureDeadlineDays</c> working days after the submission day.</summary>
    public DateOnly DueDate { get; set; }

    public string? Answer { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? AnsweredBy { get; set; }

    public bool Published { get; set; }

    public uint RowVersion { get; set; }
}
