using System.Linq.Expressions;
using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Parties;

namespace EGov.BuildingBlocks.Casework;

/// <summary>
/// The part every case type shares: reference, responsible agency, lifecycle state, statutory deadline,
/// assignment, four-eyes approval, outcome and timeline. A module's case (G2C's <c>Application</c>, a licence
/// application, a leave request) derives from it and adds what it files; the methods here are the only way the
/// shared part changes, and each records its timeline entry.
/// </summary>
public abstract class CaseRecord
{
    public const int MaxMessageLength = 4000;

    private readonly List<CaseTimelineEntry> _timeline = [];

    /// <summary>For the persistence layer.</summary>
    protected CaseRecord()
    {
    }

    /// <summary>Opens a case in the lifecycle's initial state, due <paramref name="deadlineDays"/> working days after today.</summary>
    protected CaseRecord(
        Guid id, string reference, string agencyCode, LifecycleDefinition lifecycle, int deadlineDays, WorkingDays calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(calendar);
        Id = id;
        Reference = reference;
        AgencyCode = agencyCode;
        State = lifecycle.InitialState;
        SubmittedAt = now;
        UpdatedAt = now;
        Deadline = CaseDeadline.Start(Today(now), deadlineDays, calendar);
        Record(TimelineKind.Submitted, null, ActorKind.Applicant, null, now);
    }

    public Guid Id { get; private set; }

    /// <summary>Human reference (<c>G2C-2026-000123</c>), separate from the id.</summary>
    public string Reference { get; private set; } = string.Empty;

    /// <summary>The agency responsible for the case; its staff work it.</summary>
    public string AgencyCode { get; private set; } = string.Empty;

    /// <summary>The party the case belongs to.</summary>
    public abstract PartyRef Applicant { get; }

    /// <summary>The lifecycle state (a state name of the lifecycle the case follows).</summary>
    public string State { get; private set; } = string.Empty;

    public DateTimeOffset SubmittedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateOnly DueDate { get; private set; }

    public int? RemainingDaysAtPause { get; private set; }

    public DateOnly? PausedOn { get; private set; }

    public bool Overdue { get; private set; }

    /// <summary>The statutory deadline as one value.</summary>
    public CaseDeadline Deadline
    {
        get => CaseDeadline.Restore(DueDate, RemainingDaysAtPause, PausedOn, Overdue);
        private set
        {
            DueDate = value.DueDate;
            RemainingDaysAtPause = value.RemainingAtPause;
            PausedOn = value.PausedOn;
            Overdue = value.Overdue;
        }
    }

    /// <summary>The member of staff who took the case, by username.</summary>
    public string? AssignedTo { get; private set; }

    /// <summary>Set when the case reached a final state.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public CaseOutcome? Outcome { get; private set; }

    /// <summary>The message of the transition that closed the case (the reasons of a decision).</summary>
    public string? DecisionReasons { get; private set; }

    /// <summary>A four-eyes transition a first member of staff approved, waiting for a second one.</summary>
    public string? PendingTransition { get; private set; }

    /// <summary>The staff id of the first approver.</summary>
    public string? PendingApprovedBy { get; private set; }

    public DateTimeOffset? PendingApprovedAt { get; private set; }

    /// <summary>Optimistic concurrency (PostgreSQL <c>xmin</c>).</summary>
    public uint RowVersion { get; private set; }

    public IReadOnlyList<CaseTimelineEntry> Timeline => _timeline;

    public bool IsOpen => ClosedAt is null;

    /// <summary>
    /// Takes <paramref name="transitionName"/> for <paramref name="who"/>: checks that the lifecycle allows it from the
    /// current state, that the caller holds a role and relation it names, the message rule and four eyes; then moves
    /// the case, pausing or resuming the deadline as the states require, closing it in a final state, and records
    /// the timeline. Nothing changes unless the result is <see cref="CaseMove.Moved"/> or <see cref="CaseMove.ApprovalRecorded"/>.
    /// </summary>
    public CaseMove Take(
        string transitionName, CaseParticipant who, string? message, LifecycleDefinition lifecycle, WorkingDays calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(calendar);
        var transition = lifecycle.Transition(transitionName);
        if (transition is null || !transition.From.Contains(State, StringComparer.Ordinal))
        {
            return new CaseMove.NotAllowed(transitionName, State, lifecycle.AllowedFrom(State).Select(t => t.Name).ToList());
        }

        if (!who.May(transition, Applicant, AgencyCode))
        {
            return new CaseMove.NotPermitted(transitionName);
        }

        var text = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        switch (transition.Message)
        {
            case MessageRule.Required when text is null:
                return new CaseMove.InvalidMessage($"'{transitionName}' needs a message.");
            case MessageRule.None when text is not null:
                return new CaseMove.InvalidMessage($"'{transitionName}' takes no message.");
            case not MessageRule.None when text is { Length: > MaxMessageLength }:
                return new CaseMove.InvalidMessage($"A message is at most {MaxMessageLength} characters.");
        }

        var actor = ActorOf(transition, who);
        if (transition.FourEyes && (PendingTransition != transition.Name || PendingApprovedBy is null))
        {
            PendingTransition = transition.Name;
            PendingApprovedBy = who.StaffId;
            PendingApprovedAt = now;
            UpdatedAt = now;
            Record(TimelineKind.ApprovalRecorded, transition.Name, actor, text, now);
            return new CaseMove.ApprovalRecorded(transition);
        }

        if (transition.FourEyes && string.Equals(PendingApprovedBy, who.StaffId, StringComparison.Ordinal))
        {
            return new CaseMove.SecondApproverRequired(transition.Name);
        }

        var from = State;
        var target = lifecycle.State(transition.To)!;
        var wasPaused = lifecycle.State(from)?.DeadlinePaused ?? false;
        var today = Today(now);
        if (target.DeadlinePaused && !wasPaused)
        {
            Deadline = Deadline.Pause(today, calendar);
        }
        else if (wasPaused && !target.DeadlinePaused)
        {
            Deadline = Deadline.Resume(today, calendar);
        }

        State = target.Name;
        PendingTransition = null;
        PendingApprovedBy = null;
        PendingApprovedAt = null;
        UpdatedAt = now;
        if (target.Final)
        {
            ClosedAt = now;
            Outcome = target.Outcome;
            DecisionReasons = text;
        }

        Record(TimelineKind.Transition, transition.Name, actor, text, now);
        return new CaseMove.Moved(transition, from, target.Name, target.Final);
    }

    /// <summary>Gives the open case to a member of staff; false when the case is closed.</summary>
    public bool Assign(string assignee, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignee);
        if (!IsOpen)
        {
            return false;
        }

        AssignedTo = assignee;
        UpdatedAt = now;
        Record(TimelineKind.Assigned, null, ActorKind.Staff, null, now);
        return true;
    }

    /// <summary>Records a file added to the open case; false when the case is closed.</summary>
    public bool RecordAttachment(string fileName, ActorKind actor, DateTimeOffset now)
    {
        if (!IsOpen)
        {
            return false;
        }

        UpdatedAt = now;
        Record(TimelineKind.AttachmentAdded, null, actor, fileName, now);
        return true;
    }

    /// <summary>Flags the case overdue when it is open, running and past due on <paramref name="now"/>; true when it did.</summary>
    public bool FlagOverdue(DateTimeOffset now)
    {
        if (!IsOpen || Overdue || !Deadline.IsPastDue(Today(now)))
        {
            return false;
        }

        Deadline = Deadline.FlagOverdue();
        UpdatedAt = now;
        Record(TimelineKind.Overdue, null, ActorKind.System, null, now);
        return true;
    }

    /// <summary>The query form of <see cref="FlagOverdue"/>'s condition, for the sweep.</summary>
    public static Expression<Func<TCase, bool>> PastDueOn<TCase>(DateOnly today) where TCase : CaseRecord =>
        c => c.ClosedAt == null && !c.Overdue && c.PausedOn == null && c.DueDate < today;

    private static ActorKind ActorOf(TransitionDefinition transition, CaseParticipant who) =>
        transition.By.Any(b => b.Relation == CaseRelation.Applicant && who.Roles.Contains(b.Role) && who.Party is not null)
            ? ActorKind.Applicant
            : ActorKind.Staff;

    private void Record(TimelineKind kind, string? transition, ActorKind actor, string? message, DateTimeOffset at) =>
        _timeline.Add(new CaseTimelineEntry(Id, kind, transition, State, actor, message, at));

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);
}
