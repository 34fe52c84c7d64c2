using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Host.Tests.Platform;

/// <summary>
/// The OpenAPI documents say what the server does, in the shapes client generators rely on: a document that lies
/// breaks every client generated from it.
/// </summary>
public sealed class OpenApiTruthTests(PlatformFixture fixture)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Dictionary<string, JsonElement>> DocumentsAsync()
    {
        using var client = fixture.Platform.CreateClient();
        var documents = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var name in new[] { "g2c", "g2b", "g2g", "g2e", "notify", "platform" })
        {
            documents[name] = await client.GetFromJsonAsync<JsonElement>($"/openapi/{name}.json", Ct);
        }

        return documents;
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => Methods.Contains(op.Name))
            .Select(op => ($"{op.Name.ToUpperInvariant()} {path.Name}", op.Value)));

    [Fact]
    public async Task Every_operation_has_an_id_an_access_rule_a_security_statement_a_400_for_its_input_and_a_503()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (documentName, document) in await DocumentsAsync())
        {
            var servers = document.GetProperty("servers");
            Assert.True(servers.GetArrayLength() == 1 && servers[0].GetProperty("url").GetString() == "/", $"{documentName} names a server address instead of the relative \"/\"");
            foreach (var (name, operation) in Operations(document))
            {
                Assert.True(operation.TryGetProperty("operationId", out var id) && ids.Add(id.GetString()!), $"{name}: missing or repeated operationId");
                var access = operation.GetProperty("x-egov-access");
                var security = operation.GetProperty("security");
                var codes = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
                if (access.GetProperty("anonymous").GetBoolean())
                {
                    Assert.True(security.GetArrayLength() == 0, $"{name} is public but does not say security: []");
                }
                else
                {
                    Assert.True(security.GetArrayLength() == 1 && codes.Contains("401") && codes.Contains("403"), $"{name}: secured without Bearer, 401 and 403");
                }

                var unavailable = operation.GetProperty("responses").GetProperty("503");
                Assert.True(unavailable.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out _), $"{name}: 503 without a problem body");
                Assert.True(unavailable.GetProperty("headers").TryGetProperty("Retry-After", out _), $"{name}: 503 without Retry-After");

                var hasInput = operation.TryGetProperty("requestBody", out _) || (operation.TryGetProperty("parameters", out var p) && p.GetArrayLength() > 0);
                if (hasInput)
                {
                    Assert.True(codes.Contains("400"), $"{name} takes input but declares no 400");
                    Assert.True(operation.GetProperty("responses").GetProperty("400").TryGetProperty("content", out _), $"{name}: 400 without a body schema");
                }
            }
        }
    }

    [Fact]
    public async Task Schemas_state_the_types_and_rules_the_server_applies()
    {
        var documents = await DocumentsAsync();
        foreach (var (name, document) in documents)
        {
            var text = document.GetRawText();
            Assert.DoesNotContain("\"integer\",\"string\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"number\",\"string\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("JsonElement", text, StringComparison.Ordinal);
            Assert.DoesNotContain("IFormFile", text, StringComparison.Ordinal);
            if (!document.TryGetProperty("components", out var components) || !components.TryGetProperty("schemas", out var schemas))
            {
                continue;
            }

            foreach (var schema in schemas.EnumerateObject())
            {
                if (schema.Value.TryGetProperty("enum", out _))
                {
                    Assert.True(schema.Value.TryGetProperty("type", out var type) && type.GetString() == "string", $"{name}: enum {schema.Name} without type string");
                }

                // A property that may be null is not also required.
                if (schema.Value.TryGetProperty("required", out var required) && schema.Value.TryGetProperty("properties", out var properties))
                {
                    foreach (var member in required.EnumerateArray().Select(r => r.GetString()!))
                    {
                        var property = properties.GetProperty(member);
                        Assert.False(AllowsNull(property), $"{name}: {schema.Name}.{member} is required and nullable");
                    }
                }
            }
        }

        var g2c = documents["g2c"];
        var g2cSchemas = g2c.GetProperty("components").GetProperty("schemas");
        Assert.Equal("decimal", g2cSchemas.GetProperty("FeeDto").GetProperty("properties").GetProperty("amount").GetProperty("format").GetString());
        Assert.False(g2cSchemas.GetProperty("PreferencesRequest").TryGetProperty("required", out var prefsRequired)
            && prefsRequired.EnumerateArray().Any(r => r.GetString() == "contactChannels"));

        var submit = Operation(g2c, "/api/g2c/applications", "post");
        var key = submit.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.True(key.GetProperty("required").GetBoolean());
        Assert.Equal(100, key.GetProperty("schema").GetProperty("maxLength").GetInt32());

        var upload = Operation(g2c, "/api/g2c/applications/{id}/attachments", "post").GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("binary", upload.GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
        Assert.Contains(upload.GetProperty("required").EnumerateArray(), r => r.GetString() == "file");

        var download = Operation(g2c, "/api/g2c/applications/{id}/attachments/{attachmentId}", "get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal("binary", download.GetProperty("application/octet-stream").GetProperty("schema").GetProperty("format").GetString());
        var pdf = Operation(g2c, "/api/g2c/documents/{id}", "get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal("binary", pdf.GetProperty("application/pdf").GetProperty("schema").GetProperty("format").GetString());
        Assert.True(pdf.TryGetProperty("application/json", out _));

        // Paths that generated clients turn into namespaces must not hide their own types (Kiota's RequestInformation).
        Assert.DoesNotContain(g2c.GetProperty("paths").EnumerateObject(), p => p.Name.Contains("request-information", StringComparison.Ordinal));
    }

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static bool AllowsNull(JsonElement property) =>
        (property.TryGetProperty("type", out var type)
            && (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => t.GetString() == "null") : type.GetString() == "null"))
        || (property.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Any(AllowsNull));
}
