namespace EGov.Citizens.Domain;

/// <summary>Where an application is in its lifecycle.</summary>
internal enum ApplicationStatus
{
    Submitted,
    InReview,
    InformationRequested,
    Approved,
    Rejected,
    Withdrawn,
}

/// <summary>The allowed moves of an application; anything else is refused with the allowed ones named.</summary>
internal static class Lifecycle
{
    private static readonly Dictionary<ApplicationStatus, ApplicationStatus[]> Allowed = new()
    {
        [ApplicationStatus.Submitted] = [ApplicationStatus.InReview, ApplicationStatus.Withdrawn],
        [ApplicationStatus.InReview] = [ApplicationStatus.InformationRequested, ApplicationStatus.Approved, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn],
        [ApplicationStatus.InformationRequested] = [ApplicationStatus.InReview, ApplicationStatus.Withdrawn],
        [ApplicationStatus.Approved] = [],
        [ApplicationStatus.Rejected] = [],
        [ApplicationStatus.Withdrawn] = [],
    };

    public static IReadOnlyList<ApplicationStatus> AllowedFrom(ApplicationStatus status) => Allowed[status];

    public static bool CanMove(ApplicationStatus from, ApplicationStatus to) => Allowed[from].Contains(to);

    public static bool IsOpen(ApplicationStatus status) => Allowed[status].Length > 0;
}

/// <summary>A citizen's application to a service: a case with a statutory deadline.</summary>
internal sealed class Application
{
    public Guid Id { get; set; }

    /// <summary>Human reference, <c>G2C-&lt;year&gt;-&lt;6 digits&gt;</c>, separate from the id.</summary>
    public string Reference { get; set; } = string.Empty;

    public string CitizenSubject { get; set; } = string.Empty;

    public string ServiceCode { get; set; } = string.Empty;

    public int ServiceVersion { get; set; }

    public string AgencyCode { get; set; } = string.Empty;

    /// <summary>Field values as submitted (JSON object).</summary>
    public string Fields { get; set; } = "{}";

    public ApplicationStatus Status { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateOnly DueDate { get; set; }

    /// <summary>Set while information is requested: the deadline is paused with this many working days left.</summary>
    public int? RemainingDaysAtPause { get; set; }

    public DateOnly? PausedOn { get; set; }

    public bool Overdue { get; set; }

    public string? AssignedTo { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionReasons { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency (PostgreSQL <c>xmin</c>).</summary>
    public uint RowVersion { get; set; }

    public List<ApplicationEvent> Timeline { get; set; } = [];

    public void Record(string kind, string actorRole, DateTimeOffset at, string? message = null) =>
        Timeline.Add(new ApplicationEvent
        {
            Id = Guid.CreateVersion7(at),
            ApplicationId = Id,
            Kind = kind,
            Status = Status,
            ActorRole = actorRole,
            Message = message,
            OccurredAt = at,
        });

    /// <summary>Moves to <paramref name="to"/>, pausing or resuming the deadline as the move requires.</summary>
    public void MoveTo(ApplicationStatus to, WorkingDays calendar, DateTimeOffset now)
    {
        if (!Lifecycle.CanMove(Status, to))
        {
            throw new InvalidOperationException($"{Status} → {to} is not an allowed transition.");
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (to == ApplicationStatus.InformationRequested)
        {
            RemainingDaysAtPause = Math.Max(0, calendar.Between(today, DueDate));
            PausedOn = today;
        }
        else if (Status == ApplicationStatus.InformationRequested && RemainingDaysAtPause is { } remaining)
        {
            DueDate = calendar.Add(today, remaining);
            RemainingDaysAtPause = null;
            PausedOn = null;
        }

        Status = to;
        UpdatedAt = now;
    }

    /// <summary>Open, not paused, and past its due date.</summary>
    public bool IsPastDue(DateOnly today) =>
        Lifecycle.IsOpen(Status) && Status != ApplicationStatus.InformationRequested && today > DueDate;
}

/// <summary>One entry of an application's timeline, shown to the citizen and the back office.</summary>
internal sealed class ApplicationEvent
{
    public Guid Id { get; set; }

    public Guid ApplicationId { get; set; }

    public string Kind { get; set; } = string.Empty;

    public ApplicationStatus Status { get; set; }

    /// <summary>citizen, caseworker or system — never a personal identifier.</summary>
    public string ActorRole { get; set; } = string.Empty;

    public string? Message { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
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
