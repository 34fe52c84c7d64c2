namespace EGov.Citizens.Domain;

/// <summary>
/// A citizen's request for information held by an agency, answered (and possibly published) by its caseworkers. Its
/// full-text search vector is PostgreSQL's business, not the domain's: a generated column that Persistence maps as a
/// shadow property (<c>CitizensDb.SearchVector</c>).
/// </summary>
internal sealed class DisclosureRequest
{
    private DisclosureRequest()
    {
    }

    /// <summary>A new request, due <paramref name="dueDate"/> (the statutory deadline in working days after the submission day).</summary>
    public DisclosureRequest(Guid id, string citizenSubject, string agencyCode, string title, string question, DateTimeOffset now, DateOnly dueDate)
    {
        Id = id;
        CitizenSubject = citizenSubject;
        AgencyCode = agencyCode;
        Title = title.Trim();
        Question = question.Trim();
        SubmittedAt = now;
        DueDate = dueDate;
    }

    public Guid Id { get; private set; }

    public string CitizenSubject { get; private set; } = string.Empty;

    public string AgencyCode { get; private set; } = string.Empty;

    public string Title { get; private set; } = string.Empty;

    public string Question { get; private set; } = string.Empty;

    public DisclosureStatus Status { get; private set; } = DisclosureStatus.Open;

    public DateTimeOffset SubmittedAt { get; private set; }

    /// <summary>Statutory deadline: <c>Citizens:DisclosureDeadlineDays</c> working days after the submission day.</summary>
    public DateOnly DueDate { get; private set; }

    public string? Answer { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public string? AnsweredBy { get; private set; }

    public bool Published { get; private set; }

    public uint RowVersion { get; private set; }

    /// <summary>Answers an open request, published for anyone to search or not; false when it is already answered.</summary>
    public bool AnswerWith(string answer, bool publish, string answeredBy, DateTimeOffset now)
    {
        if (Status != DisclosureStatus.Open)
        {
            return false;
        }

        Status = DisclosureStatus.Answered;
        Answer = answer.Trim();
        AnsweredAt = now;
        AnsweredBy = answeredBy;
        Published = publish;
        return true;
    }
}

/// <summary>Where a disclosure request is.</summary>
internal enum DisclosureStatus
{
    Open,
    Answered,
}
