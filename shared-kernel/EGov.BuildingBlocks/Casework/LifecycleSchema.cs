using System.Text.Json.Nodes;
using EGov.BuildingBlocks.Texts;

namespace EGov.BuildingBlocks.Casework;

/// <summary>
/// The JSON Schema (2020-12) of a <see cref="LifecycleDefinition"/>, from its own patterns and limits. It states
/// the shape; what a schema cannot say (states named in transitions exist, every state reachable, four eyes only
/// for staff) is checked by <see cref="LifecycleDefinition.Validate"/>.
/// </summary>
public static class LifecycleSchema
{
    public const string Reference = "#/$defs/lifecycle";

    /// <summary>The <c>$defs</c> a lifecycle needs: <c>lifecycle</c>, <c>lifecycleState</c>, <c>lifecycleTransition</c>.</summary>
    public static JsonObject Definitions() => new()
    {
        ["lifecycle"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The states a case goes through, the transitions between them and who may take each.",
            ["required"] = new JsonArray("initialState", "states", "transitions"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["initialState"] = new JsonObject { ["type"] = "string", ["pattern"] = LifecycleDefinition.StateNamePattern },
                ["states"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["maxItems"] = LifecycleDefinition.MaxStates,
                    ["items"] = new JsonObject { ["$ref"] = "#/$defs/lifecycleState" },
                },
                ["transitions"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["maxItems"] = LifecycleDefinition.MaxTransitions,
                    ["items"] = new JsonObject { ["$ref"] = "#/$defs/lifecycleTransition" },
                },
            },
        },
        ["lifecycleState"] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("name", "title"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["name"] = new JsonObject { ["type"] = "string", ["pattern"] = LifecycleDefinition.StateNamePattern },
                ["title"] = LocalizedTextSchema.Of(LifecycleDefinition.MaxTitleLength),
                ["final"] = new JsonObject { ["type"] = "boolean" },
                ["outcome"] = Choices<CaseOutcome>(),
                ["deadlinePaused"] = new JsonObject { ["type"] = "boolean", ["description"] = "The deadline stands still while a case is in this state." },
            },
        },
        ["lifecycleTransition"] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("name", "from", "to", "by"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["name"] = new JsonObject { ["type"] = "string", ["pattern"] = LifecycleDefinition.TransitionNamePattern },
                ["from"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["uniqueItems"] = true,
                    ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = LifecycleDefinition.StateNamePattern },
                },
                ["to"] = new JsonObject { ["type"] = "string", ["pattern"] = LifecycleDefinition.StateNamePattern },
                ["by"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["maxItems"] = 10,
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray("role", "relation"),
                        ["additionalProperties"] = false,
                        ["properties"] = new JsonObject
                        {
                            ["role"] = new JsonObject { ["type"] = "string", ["pattern"] = LifecycleDefinition.RolePattern },
                            ["relation"] = Choices<CaseRelation>(),
                        },
                    },
                },
                ["message"] = Choices<MessageRule>(),
                ["fourEyes"] = new JsonObject { ["type"] = "boolean", ["description"] = "Two different members of staff must take it." },
                ["issuesDocument"] = new JsonObject { ["type"] = "boolean" },
            },
        },
    };

    private static JsonObject Choices<T>()
        where T : struct, Enum => new()
        {
            ["enum"] = new JsonArray(System.Enum.GetValues<T>()
                .Select(v => (JsonNode)JsonValue.Create(System.Text.Json.JsonSerializer.Serialize(v).Trim('"')))
                .ToArray()),
        };
}
