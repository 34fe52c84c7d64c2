using System.Text.Json.Nodes;

namespace EGov.BuildingBlocks.Texts;

/// <summary>The JSON Schema (2020-12) of a <see cref="LocalizedText"/>: an object of language code to non-blank text.</summary>
public static class LocalizedTextSchema
{
    public static JsonObject Of(int maxLength, string? description = null)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["minProperties"] = 1,
            ["maxProperties"] = LocalizedText.MaxLanguages,
            ["propertyNames"] = new JsonObject { ["pattern"] = LocalizedText.LanguagePattern },
            ["additionalProperties"] = new JsonObject
            {
                ["type"] = "string",
                ["minLength"] = 1,
                ["maxLength"] = maxLength,
                ["pattern"] = "\\S",
            },
        };
        if (description is not null)
        {
            schema["description"] = description;
        }

        return schema;
    }
}
