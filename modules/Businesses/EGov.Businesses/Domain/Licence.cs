using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Packages;
using EGov.BuildingBlocks.Parties;

namespace EGov.Businesses.Domain;

/// <summary>One published version of a licence type: its package as canonical JSON, read back through <see cref="LicenceTypePackage"/>.</summary>
internal sealed class LicenceType
{
    private LicenceTypeDefinition? _definition;

    private LicenceType()
    {
    }

    public LicenceType(string code, int version, LicenceTypeDefinition definition, string publishedBy, DateTimeOffset now)
    {
        Code = code;
        Version = version;
        AgencyCode = definition.AgencyCode;
        PackageJson = LicenceTypePackage.Kind.Write(new Package<LicenceTypeDefinition>(code, null, definition), indented: false);
        PublishedBy = publishedBy;
        PublishedAt = now;
        _definition = definition;
    }

    public string Code { get; private set; } = string.Empty;

    public int Version { get; private set; }

    public string AgencyCode { get; private set; } = string.Empty;

    public string PackageJson { get; private set; } = string.Empty;

    public string PublishedBy { get; private set; } = string.Empty;

    public DateTimeOffset PublishedAt { get; private set; }

    /// <summary>The package read back (once per distinct package text in the process: versions never change).</summary>
    public LicenceTypeDefinition Definition =>
        _definition ??= Parsed.GetOrAdd(PackageJson, json => LicenceTypePackage.Kind.ReadTrusted(json, $"licence type {Code} version {Version}").Content);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, LicenceTypeDefinition> Parsed = new(StringComparer.Ordinal);
}

/// <summary>What an application is for: a first licence, or the renewal of one the business holds.</summary>
internal enum LicencePurpose
{
    New,
    Renewal,
}

/// <summary>
/// A business's application for a licence, worked as a case of the issuing agency under the lifecycle of the licence
/// type version it was filed against. The answers are fixed when it is filed.
/// </summary>
internal sealed class LicenceApplication : CaseRecord
{
    private LicenceApplication()
    {
    }

    public LicenceApplication(
        Guid id, string reference, LicenceType type, Guid businessId, string businessNumber, LicencePurpose purpose, Guid? licenceId,
        string answers, string filedBy, WorkingDays calendar, DateTimeOffset now)
        : base(id, reference, type.AgencyCode, type.Definition.Lifecycle, type.Definition.DeadlineDays, calendar, now)
    {
        if (purpose == LicencePurpose.Renewal && licenceId is null)
        {
            throw new ArgumentException("A renewal names the licence it renews.", nameof(licenceId));
        }

        BusinessId = businessId;
        BusinessNumber = businessNumber;
        LicenceTypeCode = type.Code;
        LicenceTypeVersion = type.Version;
        Purpose = purpose;
        LicenceId = licenceId;
        Answers = answers;
        FiledBy = filedBy;
    }

    public Guid BusinessId { get; private set; }

    public string BusinessNumber { get; private set; } = string.Empty;

    public string LicenceTypeCode { get; private set; } = string.Empty;

    public int LicenceTypeVersion { get; private set; }

    public LicencePurpose Purpose { get; private set; }

    /// <summary>The licence renewed, or (a first licence) the one issued on approval.</summary>
    public Guid? LicenceId { get; private set; }

    /// <summary>The accepted answers as one JSON object in form order.</summary>
    public string Answers { get; private set; } = "{}";

    /// <summary>Who filed it (a token subject or a system user's client), as in the audit trail.</summary>
    public string FiledBy { get; private set; } = string.Empty;

    public override PartyRef Applicant => PartyRef.Business(BusinessNumber);

    /// <summary>Records the licence a first application's approval issued.</summary>
    public void Issued(Guid licenceId)
    {
        if (Purpose != LicencePurpose.New || LicenceId is not null || Outcome != CaseOutcome.Approved)
        {
            throw new InvalidOperationException($"Application {Reference} does not issue a licence now.");
        }

        LicenceId = licenceId;
    }
}

/// <summary>Where a licence stands. Suspended and active licences expire on their day; revoked and expired ones are final.</summary>
internal enum LicenceStatus
{
    Active,
    Suspended,
    Revoked,
    Expired,
}

/// <summary>What happened to a licence, in its own history.</summary>
internal enum LicenceAction
{
    Issued,
    Renewed,
    Suspended,
    Reinstated,
    Revoked,
    Expired,
    RenewalReminded,
}

/// <summary>One entry of a licence's history: what, when, by whom, why.</summary>
internal sealed record LicenceHistoryEntry(LicenceAction Action, DateTimeOffset At, string By, string? Reason, DateOnly? ValidUntil);

/// <summary>Why a licence refused a change.</summary>
internal sealed record LicenceRefusal(string Detail);

/// <summary>
/// A licence or permit a business holds: valid from its issue to <see cref="ValidUntil"/> (inclusive), renewed by a
/// decided renewal application, suspended and reinstated, revoked, expired by date. Its signed document is the one
/// of its last issue or renewal; a revocation withdraws it. It changes only through its methods, each recorded in its history.
/// </summary>
internal sealed class Licence
{
    public const int MaxReasonLength = 2000;

    private Licence()
    {
    }

    private Licence(Guid id, string number, LicenceApplication application, DateOnly validFrom, DateOnly validUntil, int reminderDays, Guid documentId, string documentCode, string by, DateTimeOffset now)
    {
        Id = id;
        Number = number;
        LicenceTypeCode = application.LicenceTypeCode;
        AgencyCode = application.AgencyCode;
        BusinessId = application.BusinessId;
        BusinessNumber = application.BusinessNumber;
        Status = LicenceStatus.Active;
        IssuedAt = now;
        ValidFrom = validFrom;
        ValidUntil = validUntil;
        RemindOn = validUntil.AddDays(-reminderDays);
        DocumentId = documentId;
        DocumentCode = documentCode;
        StatusSince = now;
        History.Add(new LicenceHistoryEntry(LicenceAction.Issued, now, by, null, validUntil));
    }

    public Guid Id { get; private set; }

    /// <summary>The public licence number (<c>LIC-2026-000123</c>).</summary>
    public string Number { get; private set; } = string.Empty;

    public string LicenceTypeCode { get; private set; } = string.Empty;

    public string AgencyCode { get; private set; } = string.Empty;

    public Guid BusinessId { get; private set; }

    public string BusinessNumber { get; private set; } = string.Empty;

    public LicenceStatus Status { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    public DateOnly ValidFrom { get; private set; }

    /// <summary>The last day the licence is valid.</summary>
    public DateOnly ValidUntil { get; private set; }

    public DateTimeOffset StatusSince { get; private set; }

    /// <summary>The reason of the current suspension or of the revocation.</summary>
    public string? StatusReason { get; private set; }

    public Guid DocumentId { get; private set; }

    /// <summary>The verification code of the current signed licence.</summary>
    public string DocumentCode { get; private set; } = string.Empty;

    /// <summary>The day the renewal reminder is due (the type's reminder days before <see cref="ValidUntil"/>).</summary>
    public DateOnly RemindOn { get; private set; }

    /// <summary>The expiry date the renewal reminder was sent for (once per expiry date).</summary>
    public DateOnly? RemindedFor { get; private set; }

    public List<LicenceHistoryEntry> History { get; private set; } = [];

    /// <summary>Optimistic concurrency (PostgreSQL <c>xmin</c>).</summary>
    public uint RowVersion { get; private set; }

    /// <summary>The licence an approved first application issues: valid from today for the type's months.</summary>
    public static Licence Issue(Guid id, string number, LicenceApplication application, LicenceValidity validity, Guid documentId, string documentCode, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(validity);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new Licence(id, number, application, today, today.AddMonths(validity.Months).AddDays(-1), validity.ReminderDaysBefore, documentId, documentCode, by, now);
    }

    /// <summary>The status on <paramref name="today"/>: a licence past its last day is expired whether or not the sweep has recorded it.</summary>
    public LicenceStatus StatusOn(DateOnly today) => Status is LicenceStatus.Active or LicenceStatus.Suspended && ValidUntil < today ? LicenceStatus.Expired : Status;

    /// <summary>The query form of <see cref="StatusOn"/> = <paramref name="status"/>, for lists and the public register.</summary>
    public static System.Linq.Expressions.Expression<Func<Licence, bool>> HavingStatusOn(LicenceStatus status, DateOnly today) => status switch
    {
        LicenceStatus.Expired => l => l.Status == LicenceStatus.Expired || ((l.Status == LicenceStatus.Active || l.Status == LicenceStatus.Suspended) && l.ValidUntil < today),
        LicenceStatus.Revoked => l => l.Status == LicenceStatus.Revoked,
        _ => l => l.Status == status && l.ValidUntil >= today,
    };

    /// <summary>The first day a renewal may be applied for.</summary>
    public DateOnly RenewalOpensOn(LicenceValidity validity) => ValidUntil.AddDays(-(validity?.RenewalWindowDays ?? 0));

    /// <summary>Whether a renewal may be applied for on <paramref name="today"/>: active, in the window, not expired.</summary>
    public LicenceRefusal? MayApplyForRenewal(LicenceValidity validity, DateOnly today) => StatusOn(today) switch
    {
        LicenceStatus.Active when today >= RenewalOpensOn(validity) => null,
        LicenceStatus.Active => new LicenceRefusal($"Renewal opens on {RenewalOpensOn(validity):yyyy-MM-dd}, {validity.RenewalWindowDays} days before the licence expires on {ValidUntil:yyyy-MM-dd}."),
        var status => new LicenceRefusal($"The licence is {status.ToString().ToLowerInvariant()}: only an active licence is renewed."),
    };

    /// <summary>
    /// An approved renewal: the validity runs on for the type's months from the day the licence would have (or has)
    /// expired, under a new document. A renewal applied for in time is decided even when the licence ran out meanwhile;
    /// a suspended or revoked licence is not renewed.
    /// </summary>
    public LicenceRefusal? Renew(LicenceValidity validity, Guid documentId, string documentCode, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(validity);
        var current = StatusOn(DateOnly.FromDateTime(now.UtcDateTime));
        if (current is not (LicenceStatus.Active or LicenceStatus.Expired) || Status is LicenceStatus.Suspended or LicenceStatus.Revoked)
        {
            return new LicenceRefusal($"The licence is {Status.ToString().ToLowerInvariant()}: a suspended or revoked licence is not renewed.");
        }

        ValidUntil = ValidUntil.AddDays(1).AddMonths(validity.Months).AddDays(-1);
        RemindOn = ValidUntil.AddDays(-validity.ReminderDaysBefore);
        if (Status != LicenceStatus.Active)
        {
            Status = LicenceStatus.Active;
            StatusSince = now;
        }

        DocumentId = documentId;
        DocumentCode = documentCode;
        History.Add(new LicenceHistoryEntry(LicenceAction.Renewed, now, by, null, ValidUntil));
        return null;
    }

    public LicenceRefusal? Suspend(string reason, string by, DateTimeOffset now) =>
        Move(LicenceAction.Suspended, LicenceStatus.Suspended, [LicenceStatus.Active], reason, by, now);

    public LicenceRefusal? Reinstate(string reason, string by, DateTimeOffset now) =>
        Move(LicenceAction.Reinstated, LicenceStatus.Active, [LicenceStatus.Suspended], reason, by, now);

    public LicenceRefusal? Revoke(string reason, string by, DateTimeOffset now) =>
        Move(LicenceAction.Revoked, LicenceStatus.Revoked, [LicenceStatus.Active, LicenceStatus.Suspended], reason, by, now);

    /// <summary>Records the expiry of a licence past its last day; false when it is not (or is already final).</summary>
    public bool Expire(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (Status is not (LicenceStatus.Active or LicenceStatus.Suspended) || ValidUntil >= today)
        {
            return false;
        }

        Status = LicenceStatus.Expired;
        StatusSince = now;
        StatusReason = null;
        History.Add(new LicenceHistoryEntry(LicenceAction.Expired, now, "system", null, ValidUntil));
        return true;
    }

    /// <summary>Whether the renewal reminder is due on <paramref name="today"/> (once per expiry date, only for a licence still running).</summary>
    public bool ReminderDue(DateOnly today) =>
        StatusOn(today) is LicenceStatus.Active or LicenceStatus.Suspended && RemindedFor != ValidUntil && today >= RemindOn;

    /// <summary>The query form of "expiry or reminder due on <paramref name="today"/>", for the sweep.</summary>
    public static System.Linq.Expressions.Expression<Func<Licence, bool>> SweepDueOn(DateOnly today) =>
        l => (l.Status == LicenceStatus.Active || l.Status == LicenceStatus.Suspended)
            && (l.ValidUntil < today || (l.RemindOn <= today && (l.RemindedFor == null || l.RemindedFor != l.ValidUntil)));

    public void Reminded(DateTimeOffset now)
    {
        RemindedFor = ValidUntil;
        History.Add(new LicenceHistoryEntry(LicenceAction.RenewalReminded, now, "system", null, ValidUntil));
    }

    private LicenceRefusal? Move(LicenceAction action, LicenceStatus to, LicenceStatus[] from, string reason, string by, DateTimeOffset now)
    {
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxReasonLength)
        {
            throw new ArgumentException($"A reason is 1 to {MaxReasonLength} characters.", nameof(reason));
        }

        var current = StatusOn(DateOnly.FromDateTime(now.UtcDateTime));
        if (!from.Contains(current))
        {
            return new LicenceRefusal($"A {current.ToString().ToLowerInvariant()} licence cannot be {action.ToString().ToLowerInvariant()}; that needs a licence that is {string.Join(" or ", from.Select(s => s.ToString().ToLowerInvariant()))}.");
        }

        Status = to;
        StatusSince = now;
        StatusReason = to == LicenceStatus.Active ? null : text;
        History.Add(new LicenceHistoryEntry(action, now, by, text, ValidUntil));
        return null;
    }
}
