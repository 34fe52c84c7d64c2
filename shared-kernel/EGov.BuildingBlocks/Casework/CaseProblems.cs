using EGov.SharedKernel.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EGov.BuildingBlocks.Casework;

/// <summary>The HTTP answers every module gives for the same case moves.</summary>
public static class CaseProblems
{
    /// <summary>409 for a transition the lifecycle does not allow from the current state, naming the allowed ones.</summary>
    public static ProblemHttpResult NotAllowed(CaseMove.NotAllowed refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        var names = refused.Allowed.Count == 0 ? "none (the application is closed)" : string.Join(", ", refused.Allowed);
        return Problems.Conflict(
            $"An application in status {refused.CurrentState} cannot take '{refused.Transition}'. Allowed: {names}.",
            new Dictionary<string, object?> { ["currentStatus"] = refused.CurrentState, ["allowedTransitions"] = refused.Allowed.ToArray() });
    }
}
