using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>The <c>g2c</c> OpenAPI document describes every route with a summary and its error responses.</summary>
public sealed class OpenApiTests(PlatformFixture fixture)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Every_g2c_operation_has_a_summary_and_its_error_responses()
    {
        using var client = fixture.Platform.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/g2c.json", Ct);
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(op => Methods.Contains(op.Name)).Select(op => (Path: path.Name, Method: op.Name, Operation: op.Value)))
            .ToList();
        Assert.True(operations.Count >= 24, $"only {operations.Count} operations in g2c");
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            Assert.True(operation.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 0, $"{name} has no summary");
            var codes = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.True(codes.Any(c => c.StartsWith('2')), $"{name} documents no success response");
            var anonymous = method == "get" && (path.StartsWith("/api/g2c/services", StringComparison.Ordinal) || path.StartsWith("/api/g2c/documents/verify/", StringComparison.Ordinal) || path == "/api/g2c/documents/keys" || path == "/api/g2c/disclosures" || path == "/api/g2c/performance");
            if (!anonymous)
            {
                Assert.True(codes.Contains("401") && codes.Contains("403"), $"{name} does not document 401 and 403");
            }

            // The public check of a verification code answers every code (valid, revoked or unknown), never 404.
            if (path.Contains('{', StringComparison.Ordinal) && !path.StartsWith("/api/g2c/documents/verify/", StringComparison.Ordinal))
            {
                Assert.True(codes.Contains("404"), $"{name} does not document 404");
            }
        }
    }
}
