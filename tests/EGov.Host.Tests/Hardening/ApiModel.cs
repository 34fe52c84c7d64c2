using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EGov.Host.Tests.Hardening;

/// <summary>One OpenAPI document the host serves, as JSON, with its name (the file name without <c>.json</c>).</summary>
public sealed record ApiDocument(string Name, string Url, JsonObject Root)
{
    /// <summary>Follows local <c>$ref</c>s (<c>#/components/...</c>) until a node without one; null when unresolvable.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        for (var hops = 0; hops < 32 && node is JsonObject obj && obj["$ref"] is JsonValue reference; hops++)
        {
            node = At(reference.GetValue<string>());
        }

        return node;
    }

    /// <summary>The node a local JSON pointer (<c>#/a/b</c>) names in this document.</summary>
    public JsonNode? At(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonNode? node = Root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node is JsonObject obj ? obj[segment] : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}

public sealed record ApiParameter(string Name, string In, bool Required, JsonNode? Schema);

/// <summary>A request body: the media types it accepts with their schemas, and whether it is required.</summary>
public sealed record ApiRequestBody(bool Required, IReadOnlyDictionary<string, JsonNode?> Content);

/// <summary>A declared response: its key (<c>200</c>, <c>4XX</c>, <c>default</c>) and media types with schemas.</summary>
public sealed record ApiResponse(string Key, IReadOnlyDictionary<string, JsonNode?> Content);

/// <summary>
/// Who may call an operation, from the <c>x-egov-access</c> extension when the document carries it:
/// anonymous callers allowed, or the roles allowed (none listed and not anonymous: any signed-in caller).
/// </summary>
public sealed record ApiAccess(bool Anonymous, IReadOnlyList<string> Roles);

public sealed record ApiOperation(
    ApiDocument Document,
    string Method,
    string Path,
    IReadOnlyList<ApiParameter> Parameters,
    ApiRequestBody? Body,
    IReadOnlyDictionary<string, ApiResponse> Responses,
    bool Secured,
    ApiAccess? Access)
{
    public string Key => $"{Method} {Path}";

    public override string ToString() => Key;

    /// <summary>The declared response for a status: the exact code, then its range (<c>4XX</c>), then <c>default</c>.</summary>
    public ApiResponse? ResponseFor(int status)
    {
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Responses.TryGetValue(code, out var exact))
        {
            return exact;
        }

        if (Responses.TryGetValue($"{code[0]}XX", out var range) || Responses.TryGetValue($"{code[0]}xx", out range))
        {
            return range;
        }

        return Responses.TryGetValue("default", out var fallback) ? fallback : null;
    }
}

/// <summary>Reads the operations of an OpenAPI 3.x document (path-level parameters merged, <c>$ref</c>s followed).</summary>
public static class ApiDocumentReader
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    /// <summary>
    /// The documents the host serves: the platform document, and the document of each module the module list
    /// (<c>GET /api/platform/modules</c>) says is on, so a new module's document is fuzzed without changing this suite
    /// and a module switched off (<c>Modules:&lt;Name&gt;:Enabled=false</c>) is left out. The module codes are also
    /// their database schemas.
    /// </summary>
    public static async Task<(List<ApiDocument> Documents, List<string> Schemas)> DiscoverAsync(HttpClient client, CancellationToken ct)
    {
        var urls = new List<string> { "/openapi/platform.json" };
        var modules = await client.GetFromJsonAsync<JsonElement>("/api/platform/modules", ct);
        var schemas = new List<string>();
        foreach (var module in modules.EnumerateArray().Where(m => m.GetProperty("enabled").GetBoolean()))
        {
            schemas.Add(module.GetProperty("code").GetString()!);
            urls.Add(module.GetProperty("openApi").GetString()!);
        }

        var documents = new List<ApiDocument>();
        foreach (var url in urls.Distinct(StringComparer.Ordinal))
        {
            var root = JsonNode.Parse(await client.GetStringAsync(url, ct))!.AsObject();
            documents.Add(new ApiDocument(Path.GetFileNameWithoutExtension(url), url, root));
        }

        return (documents.OrderBy(d => d.Name, StringComparer.Ordinal).ToList(), schemas);
    }

    public static IReadOnlyList<ApiOperation> Operations(ApiDocument document)
    {
        var operations = new List<ApiOperation>();
        if (document.Root["paths"] is not JsonObject paths)
        {
            return operations;
        }

        var globalSecurity = document.Root["security"] is JsonArray { Count: > 0 };
        foreach (var (path, item) in paths)
        {
            if (document.Resolve(item) is not JsonObject pathItem)
            {
                continue;
            }

            var shared = ReadParameters(document, pathItem["parameters"]);
            foreach (var method in Methods)
            {
                if (pathItem[method] is not JsonObject operation)
                {
                    continue;
                }

                var parameters = shared
                    .Where(s => !ReadParameters(document, operation["parameters"]).Any(p => p.Name == s.Name && p.In == s.In))
                    .Concat(ReadParameters(document, operation["parameters"]))
                    .ToList();
                var secured = operation["security"] is JsonArray security ? security.Count > 0 : globalSecurity;
                operations.Add(new ApiOperation(
                    document,
                    method.ToUpperInvariant(),
                    path,
                    parameters,
                    ReadBody(document, operation["requestBody"]),
                    ReadResponses(document, operation["responses"]),
                    secured,
                    ReadAccess(operation["x-egov-access"])));
            }
        }

        return operations;
    }

    private static List<ApiParameter> ReadParameters(ApiDocument document, JsonNode? node)
    {
        var parameters = new List<ApiParameter>();
        foreach (var entry in node as JsonArray ?? [])
        {
            if (document.Resolve(entry) is JsonObject p && p["name"]?.GetValue<string>() is { } name && p["in"]?.GetValue<string>() is { } location)
            {
                var required = location == "path" || (p["required"] is JsonValue r && r.GetValue<bool>());
                parameters.Add(new ApiParameter(name, location, required, p["schema"] ?? FirstSchema(p["content"])));
            }
        }

        return parameters;
    }

    private static ApiRequestBody? ReadBody(ApiDocument document, JsonNode? node) =>
        document.Resolve(node) is JsonObject body
            ? new ApiRequestBody(body["required"] is JsonValue r && r.GetValue<bool>(), ReadContent(body["content"]))
            : null;

    private static Dictionary<string, ApiResponse> ReadResponses(ApiDocument document, JsonNode? node)
    {
        var responses = new Dictionary<string, ApiResponse>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in node as JsonObject ?? [])
        {
            var response = document.Resolve(value) as JsonObject;
            responses[key] = new ApiResponse(key, ReadContent(response?["content"]));
        }

        return responses;
    }

    private static Dictionary<string, JsonNode?> ReadContent(JsonNode? node)
    {
        var content = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (mediaType, value) in node as JsonObject ?? [])
        {
            content[mediaType] = value?["schema"];
        }

        return content;
    }

    private static JsonNode? FirstSchema(JsonNode? content) =>
        content is JsonObject obj ? obj.Select(kv => kv.Value?["schema"]).FirstOrDefault() : null;

    private static ApiAccess? ReadAccess(JsonNode? node) =>
        node is JsonObject access
            ? new ApiAccess(
                access["anonymous"] is JsonValue a && a.GetValue<bool>(),
                (access["roles"] as JsonArray ?? []).Select(r => r?.GetValue<string>()).OfType<string>().ToList())
            : null;
}
