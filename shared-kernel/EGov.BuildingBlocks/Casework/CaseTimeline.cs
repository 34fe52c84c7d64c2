using System.Text.Json.Serialization;

namespace EGov.BuildingBlocks.Casework;

/// <summary>What a timeline entry records (written by name: <c>Submitted</c>, <c>Transition</c>, …).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TimelineKind>))]
public enum TimelineKind
{
    /// <summary>The applicant filed the case.</summary>
    Submitted,

    /// <summary>A lifecycle transition was taken; the entry names it.</summary>
    Transition,

    /// <summary>A first member of staff approved a four-eyes transition; a second one must take it.</summary>
    ApprovalRecorded,

    Assigned,

    AttachmentAdded,

    Overdue,
}

/// <summary>Who acted, as the timeline shows it: never a personal identifier.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActorKind>))]
public enum ActorKind
{
    Applicant,

    Staff,

    System,
}

/// <summary>One entry of a case's timeline, shown to the applicant and to staff. Written only by <see cref="CaseRecord"/>.</summary>
public sealed class CaseTimelineEntry
{
    private CaseTimelineEntry()
    {
    }

    internal CaseTimelineEntry(Guid caseId, TimelineKind kind, string? transition, string state, ActorKind actor, string? message, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7(at);
        CaseId = caseId;
        Kind = kind;
        Transition = transition;
        State = state;
        Actor = actor;
        Message = message;
        OccurredAt = at;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public TimelineKind Kind { get; private set; }

    /// <summary>The transition taken (or approved, for four eyes); null for other kinds.</summary>
    public string? Transition { get; private set; }

    /// <summary>The case's state after the entry.</summary>
    public string State { get; private set; } = string.Empty;

    public ActorKind Actor { get; private set; }

    public string? Message { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }
}
