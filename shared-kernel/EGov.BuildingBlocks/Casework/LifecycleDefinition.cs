using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Casework;

/// <summary>How a final state ended the case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseOutcome>))]
public enum CaseOutcome
{
    [JsonStringEnumMemberName("approved")]
    Approved,

    [JsonStringEnumMemberName("rejected")]
    Rejected,

    [JsonStringEnumMemberName("withdrawn")]
    Withdrawn,

    /// <summary>Ended without a decision on the merits (lapsed, closed as duplicate, …).</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,
}

/// <summary>How the caller taking a transition must relate to the case, on top of holding the role.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseRelation>))]
public enum CaseRelation
{
    /// <summary>The party the case belongs to (the applicant, or someone acting for that party).</summary>
    [JsonStringEnumMemberName("applicant")]
    Applicant,

    /// <summary>Staff of the agency responsible for the case.</summary>
    [JsonStringEnumMemberName("agency-staff")]
    AgencyStaff,
}

/// <summary>Whether a transition takes a message (a reason, a question, an answer).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageRule>))]
public enum MessageRule
{
    [JsonStringEnumMemberName("none")]
    None,

    [JsonStringEnumMemberName("optional")]
    Optional,

    [JsonStringEnumMemberName("required")]
    Required,
}

/// <summary>One state of a lifecycle.</summary>
public sealed record StateDefinition(
    string Name,
    LocalizedText Title,
    bool Final = false,
    CaseOutcome? Outcome = null,
    bool DeadlinePaused = false);

/// <summary>Who may take a transition: a role, and how the holder relates to the case.</summary>
public sealed record TransitionActor(string Role, CaseRelation Relation);

/// <summary>
/// One allowed move. <see cref="FourEyes"/>: two different members of staff must take it; the first records an
/// approval, the second moves the case. <see cref="IssuesDocument"/>: the move issues the case's document.
/// </summary>
public sealed record TransitionDefinition(
    string Name,
    IReadOnlyList<string> From,
    string To,
    IReadOnlyList<TransitionActor> By,
    MessageRule Message = MessageRule.None,
    bool FourEyes = false,
    bool IssuesDocument = false);

/// <summary>
/// A case lifecycle as data: its states, its transitions and who may take each. A service (or licence type,
/// grant programme, leave type) carries one in its package; every case follows the lifecycle of the version it
/// was filed against. Immutable; build it with <see cref="Validate"/> (input) or <see cref="FromJson"/> (stored).
/// </summary>
[JsonConverter(typeof(LifecycleDefinitionJsonConverter))]
public sealed partial class LifecycleDefinition
{
    public const int MaxStates = 30;
    public const int MaxTransitions = 60;
    public const int MaxTitleLength = 100;
    public const string StateNamePattern = "^[A-Z][A-Za-z0-9]{0,39}$";
    public const string TransitionNamePattern = "^[a-z][a-z0-9-]{0,39}$";
    public const string RolePattern = "^[a-z][a-z0-9-]{0,63}$";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly Dictionary<string, StateDefinition> _states;
    private readonly Dictionary<string, TransitionDefinition> _transitions;

    private LifecycleDefinition(string initialState, IReadOnlyList<StateDefinition> states, IReadOnlyList<TransitionDefinition> transitions)
    {
        InitialState = initialState;
        States = states;
        Transitions = transitions;
        _states = states.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _transitions = transitions.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public string InitialState { get; }

    public IReadOnlyList<StateDefinition> States { get; }

    public IReadOnlyList<TransitionDefinition> Transitions { get; }

    public StateDefinition? State(string name) => _states.GetValueOrDefault(name);

    public TransitionDefinition? Transition(string name) => _transitions.GetValueOrDefault(name);

    /// <summary>The transitions the lifecycle allows from <paramref name="state"/>, in definition order.</summary>
    public IReadOnlyList<TransitionDefinition> AllowedFrom(string state) =>
        Transitions.Where(t => t.From.Contains(state, StringComparer.Ordinal)).ToList();

    public bool IsFinal(string state) => State(state)?.Final ?? false;

    /// <summary>Whether some transition of the lifecycle issues a document (the package must then name one).</summary>
    public bool IssuesDocuments => Transitions.Any(t => t.IssuesDocument);

    /// <summary>The languages the state titles are written in.</summary>
    public IReadOnlyList<string> Languages => States.SelectMany(s => s.Title.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The transition out of <paramref name="state"/> into a final state with <paramref name="outcome"/>, if the lifecycle has one.</summary>
    public TransitionDefinition? Deciding(string state, CaseOutcome outcome) =>
        AllowedFrom(state).FirstOrDefault(t => State(t.To) is { Final: true } target && target.Outcome == outcome);

    /// <summary>Every role some transition names.</summary>
    public IReadOnlySet<string> Roles => Transitions.SelectMany(t => t.By).Select(b => b.Role).ToHashSet(StringComparer.Ordinal);

    public string ToJson() => JsonSerializer.Serialize(Model.From(this), Json);

    public JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(Model.From(this), Json);

    /// <summary>A stored lifecycle (validated when it was stored); throws when it is not a valid one.</summary>
    public static LifecycleDefinition FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new ValidationErrors();
        return Validate(document.RootElement, "lifecycle", errors)
            ?? throw new InvalidOperationException($"The stored lifecycle is not valid: {string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
    }

    /// <summary>
    /// Checks a lifecycle given as JSON and records every problem under <paramref name="path"/>
    /// (<c>lifecycle.transitions[2].to</c>). Returns the lifecycle when it is valid, else null.
    /// </summary>
    public static LifecycleDefinition? Validate(JsonElement json, string path, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "A lifecycle is an object with initialState, states and transitions.");
            return null;
        }

        Model? model;
        try
        {
            model = json.Deserialize<Model>(Json);
        }
        catch (JsonException ex)
        {
            errors.Add(ex.Path is { Length: > 1 } where ? $"{path}{where[1..]}" : path, $"Not a lifecycle: {Describe(ex)}");
            return null;
        }

        return model is null ? null : Check(model, path, errors);
    }

    private static string Describe(JsonException ex) =>
        ex.Message.Split(" Path:", 2)[0].Replace("System.Text.Json.", string.Empty, StringComparison.Ordinal);

    private static LifecycleDefinition? Check(Model model, string path, ValidationErrors errors)
    {
        var before = errors.Count;
        var states = new List<StateDefinition>();
        var stateNames = new HashSet<string>(StringComparer.Ordinal);
        var stateModels = model.States ?? [];
        if (stateModels.Count is 0 or > MaxStates)
        {
            errors.Add($"{path}.states", $"A lifecycle has 1 to {MaxStates} states.");
        }

        for (var i = 0; i < Math.Min(stateModels.Count, MaxStates); i++)
        {
            var at = $"{path}.states[{i}]";
            var s = stateModels[i];
            if (s is null)
            {
                errors.Add(at, "A state is an object.");
                continue;
            }

            if (s.Name is null || !StateName().IsMatch(s.Name))
            {
                errors.Add($"{at}.name", "A state name is an upper-case letter followed by up to 39 letters or digits (InReview).");
            }
            else if (!stateNames.Add(s.Name))
            {
                errors.Add($"{at}.name", $"State '{s.Name}' appears twice.");
            }

            var title = LocalizedText.Validate(s.Title, $"{at}.title", errors, MaxTitleLength);
            if (s.Final != true && s.Outcome is not null)
            {
                errors.Add($"{at}.outcome", "Only a final state has an outcome.");
            }

            if (s.Final == true && s.Outcome is null)
            {
                errors.Add($"{at}.outcome", "A final state says how it ends the case: approved, rejected, withdrawn or closed.");
            }

            if (s.Final == true && s.DeadlinePaused == true)
            {
                errors.Add($"{at}.deadlinePaused", "A final state has no deadline to pause.");
            }

            if (s.Name is not null && title is not null)
            {
                states.Add(new StateDefinition(s.Name, title, s.Final ?? false, s.Outcome, s.DeadlinePaused ?? false));
            }
        }

        if (model.InitialState is null || !stateNames.Contains(model.InitialState))
        {
            errors.Add($"{path}.initialState", "'initialState' names one of the states.");
        }

        var transitions = new List<TransitionDefinition>();
        var transitionNames = new HashSet<string>(StringComparer.Ordinal);
        var transitionModels = model.Transitions ?? [];
        if (transitionModels.Count is 0 or > MaxTransitions)
        {
            errors.Add($"{path}.transitions", $"A lifecycle has 1 to {MaxTransitions} transitions.");
        }

        var finals = states.Where(s => s.Final).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(transitionModels.Count, MaxTransitions); i++)
        {
            var at = $"{path}.transitions[{i}]";
            var t = transitionModels[i];
            if (t is null)
            {
                errors.Add(at, "A transition is an object.");
                continue;
            }

            var ok = true;
            if (t.Name is null || !TransitionName().IsMatch(t.Name))
            {
                errors.Add($"{at}.name", "A transition name is a lower-case letter followed by up to 39 lower-case letters, digits or '-' (request-information).");
                ok = false;
            }
            else if (!transitionNames.Add(t.Name))
            {
                errors.Add($"{at}.name", $"Transition '{t.Name}' appears twice.");
                ok = false;
            }

            var from = t.From ?? [];
            if (from.Count == 0)
            {
                errors.Add($"{at}.from", "'from' lists the states the transition leaves.");
                ok = false;
            }

            for (var j = 0; j < from.Count; j++)
            {
                if (from[j] is not { } f || !stateNames.Contains(f))
                {
                    errors.Add($"{at}.from[{j}]", "Not a state of the lifecycle.");
                    ok = false;
                }
                else if (finals.Contains(f))
                {
                    errors.Add($"{at}.from[{j}]", $"'{f}' is final: no transition leaves it.");
                    ok = false;
                }
            }

            if (from.Distinct(StringComparer.Ordinal).Count() != from.Count)
            {
                errors.Add($"{at}.from", "Each state once.");
                ok = false;
            }

            if (t.To is null || !stateNames.Contains(t.To))
            {
                errors.Add($"{at}.to", "'to' names a state of the lifecycle.");
                ok = false;
            }
            else if (t.To == model.InitialState)
            {
                errors.Add($"{at}.to", "No transition returns a case to its initial state.");
                ok = false;
            }

            var by = t.By ?? [];
            if (by.Count is 0 or > 10)
            {
                errors.Add($"{at}.by", "'by' lists 1 to 10 {role, relation} who may take the transition.");
                ok = false;
            }

            for (var j = 0; j < by.Count; j++)
            {
                if (by[j] is not { } actor)
                {
                    errors.Add($"{at}.by[{j}]", "An object {role, relation}.");
                    ok = false;
                    continue;
                }

                if (actor.Role is null || !Role().IsMatch(actor.Role))
                {
                    errors.Add($"{at}.by[{j}].role", "A role is a lower-case name such as caseworker or citizen.");
                    ok = false;
                }

                if (actor.Relation is null)
                {
                    errors.Add($"{at}.by[{j}].relation", "'relation' is applicant or agency-staff.");
                    ok = false;
                }
            }

            if (t.FourEyes == true && by.Any(b => b?.Relation == CaseRelation.Applicant))
            {
                errors.Add($"{at}.fourEyes", "Four eyes are two members of staff: only agency-staff may take such a transition.");
                ok = false;
            }

            if (t.IssuesDocument == true && t.To is not null && states.FirstOrDefault(s => s.Name == t.To) is { } target
                && (!target.Final || target.Outcome != CaseOutcome.Approved))
            {
                errors.Add($"{at}.issuesDocument", "Only a transition into a final, approved state issues a document.");
                ok = false;
            }

            if (ok)
            {
                transitions.Add(new TransitionDefinition(
                    t.Name!, [.. from!], t.To!, by.Select(b => new TransitionActor(b!.Role!, b.Relation!.Value)).ToList(),
                    t.Message ?? MessageRule.None, t.FourEyes ?? false, t.IssuesDocument ?? false));
            }
        }

        if (errors.Count != before)
        {
            return null;
        }

        // Every non-final state can be left, and every state can be reached from the initial one.
        foreach (var state in states.Where(s => !s.Final && !transitions.Any(t => t.From.Contains(s.Name))))
        {
            errors.Add($"{path}.states[{states.IndexOf(state)}]", $"'{state.Name}' is not final but no transition leaves it: a case there could never end.");
        }

        var reached = new HashSet<string>(StringComparer.Ordinal) { model.InitialState! };
        var queue = new Queue<string>(reached);
        while (queue.TryDequeue(out var current))
        {
            foreach (var t in transitions.Where(t => t.From.Contains(current) && reached.Add(t.To)))
            {
                queue.Enqueue(t.To);
            }
        }

        foreach (var state in states.Where(s => !reached.Contains(s.Name)))
        {
            errors.Add($"{path}.states[{states.IndexOf(state)}]", $"'{state.Name}' cannot be reached from '{model.InitialState}'.");
        }

        if (!states.Any(s => s.Final))
        {
            errors.Add($"{path}.states", "A lifecycle has at least one final state.");
        }

        return errors.Count == before ? new LifecycleDefinition(model.InitialState!, states, transitions) : null;
    }

    [GeneratedRegex(StateNamePattern)]
    private static partial Regex StateName();

    [GeneratedRegex(TransitionNamePattern)]
    private static partial Regex TransitionName();

    [GeneratedRegex(RolePattern)]
    private static partial Regex Role();

    /// <summary>The JSON shape: every member optional so that validation, not the reader, names what is missing.</summary>
    internal sealed class Model
    {
        public string? InitialState { get; set; }

        public List<StateModel?>? States { get; set; }

        public List<TransitionModel?>? Transitions { get; set; }

        public static Model From(LifecycleDefinition lifecycle) => new()
        {
            InitialState = lifecycle.InitialState,
            States = lifecycle.States.Select(s => (StateModel?)new StateModel
            {
                Name = s.Name,
                Title = s.Title.ToDictionary(t => t.Key, t => (string?)t.Value),
                Final = s.Final ? true : null,
                Outcome = s.Outcome,
                DeadlinePaused = s.DeadlinePaused ? true : null,
            }).ToList(),
            Transitions = lifecycle.Transitions.Select(t => (TransitionModel?)new TransitionModel
            {
                Name = t.Name,
                From = [.. t.From],
                To = t.To,
                By = t.By.Select(b => (ActorModel?)new ActorModel { Role = b.Role, Relation = b.Relation }).ToList(),
                Message = t.Message == MessageRule.None ? null : t.Message,
                FourEyes = t.FourEyes ? true : null,
                IssuesDocument = t.IssuesDocument ? true : null,
            }).ToList(),
        };
    }

    internal sealed class StateModel
    {
        public string? Name { get; set; }

        public Dictionary<string, string?>? Title { get; set; }

        public bool? Final { get; set; }

        public CaseOutcome? Outcome { get; set; }

        public bool? DeadlinePaused { get; set; }
    }

    internal sealed class TransitionModel
    {
        public string? Name { get; set; }

        public List<string?>? From { get; set; }

        public string? To { get; set; }

        public List<ActorModel?>? By { get; set; }

        public MessageRule? Message { get; set; }

        public bool? FourEyes { get; set; }

        public bool? IssuesDocument { get; set; }
    }

    internal sealed class ActorModel
    {
        public string? Role { get; set; }

        public CaseRelation? Relation { get; set; }
    }
}

/// <summary>Reads (validating) and writes a <see cref="LifecycleDefinition"/> as its JSON shape.</summary>
public sealed class LifecycleDefinitionJsonConverter : JsonConverter<LifecycleDefinition>
{
    public override LifecycleDefinition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var errors = new ValidationErrors();
        return LifecycleDefinition.Validate(document.RootElement, "lifecycle", errors)
            ?? throw new JsonException(string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    public override void Write(Utf8JsonWriter writer, LifecycleDefinition value, JsonSerializerOptions options) =>
        value.ToJsonElement().WriteTo(writer);
}
