namespace EGov.BuildingBlocks.Casework;

/// <summary>The result of asking a case to take a transition; the endpoint maps it to HTTP.</summary>
public abstract record CaseMove
{
    private CaseMove()
    {
    }

    /// <summary>The case moved from <see cref="From"/> to <see cref="To"/>; <see cref="Closed"/> when the new state is final.</summary>
    public sealed record Moved(TransitionDefinition Transition, string From, string To, bool Closed) : CaseMove;

    /// <summary>A first member of staff approved a four-eyes transition: the case waits for a second one.</summary>
    public sealed record ApprovalRecorded(TransitionDefinition Transition) : CaseMove;

    /// <summary>The lifecycle does not allow the transition from the current state (409, naming the allowed ones).</summary>
    public sealed record NotAllowed(string Transition, string CurrentState, IReadOnlyList<string> Allowed) : CaseMove;

    /// <summary>The caller lacks the role or the relation the transition needs (403).</summary>
    public sealed record NotPermitted(string Transition) : CaseMove;

    /// <summary>The member of staff who recorded the first approval tried to give the second one (409).</summary>
    public sealed record SecondApproverRequired(string Transition) : CaseMove;

    /// <summary>The message does not fit the transition: missing when required, given when it takes none (400).</summary>
    public sealed record InvalidMessage(string Detail) : CaseMove;
}
