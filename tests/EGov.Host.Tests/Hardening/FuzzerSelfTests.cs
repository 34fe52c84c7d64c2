using System.Text;
using System.Text.Json.Nodes;

namespace EGov.Host.Tests.Hardening;

/// <summary>The fuzzer's own parts, checked without a platform: so that what it reports is about the platform.</summary>
public sealed class FuzzerSelfTests
{
    private static readonly ApiDocument Document = new("test", "/openapi/test.json", JsonNode.Parse(
        """
        {
          "openapi": "3.1.1",
          "paths": {
            "/api/test/{code}": {
              "parameters": [ { "name": "code", "in": "path", "required": true, "schema": { "type": "string" } } ],
              "post": {
                "security": [ { "Bearer": [] } ],
                "x-egov-access": { "anonymous": false, "roles": [ "caseworker" ] },
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                "responses": {
                  "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                  "4XX": { "description": "refused" }
                }
              }
            }
          },
          "components": { "schemas": {
            "Thing": { "type": "object", "required": [ "name", "part" ],
                       "properties": { "name": { "type": "string" }, "part": { "$ref": "#/components/schemas/Part" } } },
            "Part": { "type": "object", "required": [ "size" ], "properties": { "size": { "type": "integer" } } }
          } }
        }
        """)!.AsObject());

    [Fact]
    public void The_reader_merges_path_parameters_and_reads_access_and_response_ranges()
    {
        var operation = Assert.Single(ApiDocumentReader.Operations(Document));
        Assert.Equal("POST /api/test/{code}", operation.Key);
        Assert.Equal("code", Assert.Single(operation.Parameters).Name);
        Assert.True(operation.Secured);
        Assert.Equal(["caseworker"], operation.Access!.Roles);
        Assert.NotNull(operation.ResponseFor(200));
        Assert.Equal("4XX", operation.ResponseFor(404)!.Key);
        Assert.Null(operation.ResponseFor(500));
    }

    [Fact]
    public void The_validator_follows_component_references()
    {
        var validator = new SchemaValidator();
        var schema = JsonNode.Parse("""{ "$ref": "#/components/schemas/Thing" }""")!;
        Assert.Null(validator.Validate(Document, schema, JsonNode.Parse("""{ "name": "a", "part": { "size": 3 } }""")));
        Assert.NotNull(validator.Validate(Document, schema, JsonNode.Parse("""{ "name": "a", "part": { "size": "big" } }""")));
        Assert.NotNull(validator.Validate(Document, schema, JsonNode.Parse("""{ "name": "a" }""")));
        Assert.False(validator.IsInvalid(Document, schema, JsonNode.Parse("""{ "name": "a", "part": { "size": 1E+400 } }""")));
    }

    [Fact]
    public void Problem_shape_wants_one_integer_status_equal_to_the_HTTP_status()
    {
        Assert.Empty(ResponseChecks.ProblemShape(409, Encoding.UTF8.GetBytes("""{"title":"Conflict","status":409,"detail":"x"}""")));
        Assert.Contains(ResponseChecks.ProblemShape(409, Encoding.UTF8.GetBytes("""{"status":409,"status":"Submitted"}""")), r => r.Contains("2 'status'", StringComparison.Ordinal));
        Assert.Contains(ResponseChecks.ProblemShape(409, Encoding.UTF8.GetBytes("""{"status":400}""")), r => r.Contains("differs", StringComparison.Ordinal));
        Assert.Contains(ResponseChecks.ProblemShape(409, Encoding.UTF8.GetBytes("""{"title":"x"}""")), r => r.Contains("0 'status'", StringComparison.Ordinal));
        // A nested member called status is not the problem's status.
        Assert.Empty(ResponseChecks.ProblemShape(400, Encoding.UTF8.GetBytes("""{"status":400,"errors":{"status":["bad"]}}""")));
    }

    [Fact]
    public void A_lone_surrogate_in_a_response_is_reported_and_a_pair_is_not()
    {
        var checks = new ResponseChecks(new SchemaValidator());
        var operation = Assert.Single(ApiDocumentReader.Operations(Document));
        var request = new FuzzRequest(operation, new Caller("david", ["caseworker"], "t"), "/api/test/a", [], null, null, null, string.Empty, false);
        Assert.Contains(checks.Check(request, 200, "application/json", Encoding.UTF8.GetBytes("""{"name":"a\ud800","part":{"size":1}}""")), r => r.Contains("lone surrogate", StringComparison.Ordinal));
        Assert.Empty(checks.Check(request, 200, "application/json", Encoding.UTF8.GetBytes("""{"name":"a\ud83d\ude00","part":{"size":1}}""")));
    }

    [Fact]
    public void Hostile_markers_become_invalid_bytes_and_escapes_on_the_wire()
    {
        var json = WireText.Json($$"""{"a":"{{Hostile.InvalidUtf8}}","b":"{{Hostile.LoneSurrogate}}"}""");
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(json));
        Assert.Contains("\\ud800", Encoding.Latin1.GetString(json), StringComparison.Ordinal);
        Assert.Equal("a%00b%FF%FE%ED%A0%80", WireText.Url($"a\u0000b{Hostile.InvalidUtf8}{Hostile.LoneSurrogate}"));
    }

    [Fact]
    public void Access_picks_the_callers_the_extension_allows()
    {
        var operation = Assert.Single(ApiDocumentReader.Operations(Document));
        Caller[] callers = [new("anonymous", [], null), new("david", ["employee", "caseworker"], "t1"), new("anna", ["citizen"], "t2")];
        var (allowed, others) = Callers.For(operation, callers);
        Assert.Equal(["david"], allowed.Select(c => c.Name));
        Assert.Equal(["anonymous", "anna"], others.Select(c => c.Name));
        var open = operation with { Access = null };
        Assert.Equal(3, Callers.For(open, callers).Allowed.Count);
    }
}
