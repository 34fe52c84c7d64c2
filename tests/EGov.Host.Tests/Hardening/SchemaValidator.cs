using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace EGov.Host.Tests.Hardening;

/// <summary>
/// Validates JSON against schemas of an OpenAPI 3.1 document (JSON Schema 2020-12). Each schema is wrapped with the
/// document's <c>components/schemas</c> as <c>$defs</c> and its <c>#/components/schemas/X</c> references rewritten
/// to <c>#/$defs/X</c>, so every reference resolves inside one self-contained schema.
/// </summary>
public sealed class SchemaValidator
{
    private const string ComponentsPrefix = "#/components/schemas/";

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, EvaluateAs = SpecVersion.Draft202012 };

    private readonly ConcurrentDictionary<string, JsonSchema> _cache = new(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="instance"/> is valid; otherwise the first few errors, one line.</summary>
    public string? Validate(ApiDocument document, JsonNode schema, JsonNode? instance)
    {
        var text = schema.ToJsonString();
        var compiled = _cache.GetOrAdd($"{document.Name}\n{text}", _ => Build(document, schema));
        EvaluationResults results;
        try
        {
            results = compiled.Evaluate(instance, Options);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            // The validator reads numbers as decimal: 1E+400 and the like cannot be evaluated at all.
            return Unevaluable;
        }

        if (results.IsValid)
        {
            return null;
        }

        var errors = results.Details
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{Normalise(d.InstanceLocation.ToString())}: {e.Key} {e.Value}"))
            .Distinct(StringComparer.Ordinal)
            .Take(3)
            .ToList();
        return errors.Count > 0 ? string.Join("; ", errors) : "does not match the schema";
    }

    /// <summary>What <see cref="Validate"/> answers for an instance the validator cannot read (a number beyond decimal).</summary>
    public const string Unevaluable = "cannot be evaluated (a number beyond the validator's range)";

    /// <summary>True only when the instance certainly fails the schema.</summary>
    public bool IsInvalid(ApiDocument document, JsonNode schema, JsonNode? instance) =>
        Validate(document, schema, instance) is { } error && error != Unevaluable;

    private static JsonSchema Build(ApiDocument document, JsonNode schema)
    {
        var root = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema" };
        var definitions = new JsonObject();
        foreach (var (name, component) in document.Root["components"]?["schemas"] as JsonObject ?? [])
        {
            definitions[name] = Rewrite(component);
        }

        root["$defs"] = definitions;
        root["allOf"] = new JsonArray(Rewrite(schema));
        return JsonSchema.FromText(root.ToJsonString());
    }

    private static JsonNode? Rewrite(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(kv => KeyValuePair.Create(
            kv.Key,
            kv.Key == "$ref" && kv.Value is JsonValue v && v.GetValue<string>().StartsWith(ComponentsPrefix, StringComparison.Ordinal)
                ? JsonValue.Create("#/$defs/" + v.GetValue<string>()[ComponentsPrefix.Length..])
                : Rewrite(kv.Value)))),
        JsonArray array => new JsonArray(array.Select(Rewrite).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    /// <summary>Array indices out of instance locations, so one fault in every item reads as one fault.</summary>
    private static string Normalise(string location) =>
        System.Text.RegularExpressions.Regex.Replace(location, "/[0-9]+(?=/|$)", "/*");
}
