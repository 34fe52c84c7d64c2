using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Json;
using EGov.BuildingBlocks.Packages;
using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Http;
using Json.Schema;

namespace EGov.BuildingBlocks.Tests;

/// <summary>The package envelope, whole-package validation, canonical writing and the published JSON Schema.</summary>
public sealed class PackageTests
{
    /// <summary>A small kind for the tests: a permit type with a title, a form and a fee in cents.</summary>
    private sealed record PermitType(LocalizedText Title, FormDefinition Form, int FeeCents);

    private sealed class PermitKind : PackageKind<PermitType>
    {
        public override string Name => "test-permit";

        public override int FormatVersion => 2;

        public override string Title => "Permit type";

        public override string Description => "A permit type for the tests.";

        protected override IReadOnlyList<PackageMember> Members { get; } =
        [
            new("title", Required: true, LocalizedTextSchema.Of(100)),
            new("form", Required: true, new JsonObject { ["$ref"] = FormSchema.Reference }),
            new("feeCents", Required: false, new JsonObject { ["type"] = "integer", ["minimum"] = 0 }),
        ];

        protected override JsonObject Definitions() => FormSchema.Definitions();

        protected override PermitType? ReadContent(JsonObjectReader package)
        {
            var title = package.GetText("title", required: true, 100);
            var form = package.Get("form") is { } json
                ? FormDefinition.Validate(json, package.At("form"), package.Errors)
                : null;
            if (form is null && !package.Has("form"))
            {
                package.Errors.Add("form", "'form' is required.");
            }

            var fee = package.GetInt("feeCents", required: false, 0, int.MaxValue) ?? 0;
            return title is null || form is null ? null : new PermitType(title, form, fee);
        }

        protected override void WriteContent(Utf8JsonWriter writer, PermitType content)
        {
            writer.WritePropertyName("title");
            JsonSerializer.Serialize(writer, content.Title);
            writer.WritePropertyName("form");
            content.Form.WriteTo(writer);
            writer.WriteNumber("feeCents", content.FeeCents);
        }
    }

    private static readonly PermitKind Kind = new();

    private const string Valid = """
        {"kind": "test-permit", "formatVersion": 2, "code": "street-party", "version": 3,
         "title": {"en": "Street party", "fr": "Fête de rue"},
         "form": {"pages": [{"name": "main", "fields": [{"name": "street", "type": "text", "label": {"en": "Street"}, "required": true}]}]},
         "feeCents": 1550}
        """;

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, EvaluateAs = SpecVersion.Draft202012 };

    [Fact]
    public void A_package_is_read_whole_and_written_back_as_the_same_package()
    {
        var errors = new ValidationErrors();
        var package = Kind.Read(Valid, errors);
        Assert.False(errors.Any);
        Assert.Equal(("street-party", 3, 1550), (package!.Code, package.Version!.Value, package.Content.FeeCents));
        Assert.Equal("Fête de rue", package.Content.Title.In("fr"));

        var written = Kind.Write(package);
        Assert.Contains("\"$schema\": \"/openapi/packages/test-permit.json\"", written, StringComparison.Ordinal);
        Assert.Contains("Fête de rue", written, StringComparison.Ordinal);
        var again = Kind.Read(written, errors)!;
        Assert.Equal(written, Kind.Write(again));
        Assert.Equal(Kind.ContentJson(package.Content), Kind.ContentJson(again.Content));
        Assert.Equal(package.Content.Form, again.Content.Form);
    }

    [Fact]
    public void Every_mistake_of_envelope_and_content_is_named_in_one_answer()
    {
        var errors = new ValidationErrors();
        var package = Kind.Read("""
            {"kind": "g2c-service", "formatVersion": 1, "code": "Street Party", "version": 0, "colour": "red",
             "title": {"en": ""}, "form": {"pages": [{"name": "main", "fields": [{"name": "a", "type": "colour", "label": {"en": "A"}}]}]}, "feeCents": -1}
            """, errors);
        Assert.Null(package);
        var keys = errors.ToDictionary().Keys.ToHashSet();
        foreach (var expected in new[] { "kind", "formatVersion", "code", "version", "colour", "title.en", "form.pages[0].fields[0].type", "feeCents" })
        {
            Assert.Contains(expected, keys);
        }

        Assert.Contains("format version 2", errors.ToDictionary()["formatVersion"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"kind\": ", "$")]
    [InlineData("[1, 2]", "$")]
    [InlineData("{}", "kind")]
    public void Malformed_or_empty_packages_are_refused_with_a_path(string json, string key)
    {
        var errors = new ValidationErrors();
        Assert.Null(Kind.Read(json, errors));
        Assert.True(errors.ToDictionary().ContainsKey(key), string.Join(", ", errors.ToDictionary().Keys));
    }

    [Fact]
    public void Trusted_packages_that_are_not_valid_fail_loudly_with_their_source()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Kind.ReadTrusted(Valid.Replace("\"code\": \"street-party\"", "\"code\": \"-\"", StringComparison.Ordinal), "street-party.json"));
        Assert.Contains("street-party.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("code", ex.Message, StringComparison.Ordinal);
        Assert.Equal("street-party", Kind.ReadTrusted(Valid, "street-party.json").Code);
    }

    [Fact]
    public void The_schema_is_valid_json_schema_and_accepts_what_the_kind_writes()
    {
        var schemaNode = JsonNode.Parse(Kind.SchemaJson)!;
        Assert.True(MetaSchemas.Draft202012.Evaluate(schemaNode, Evaluation).IsValid, "not a valid 2020-12 schema");
        Assert.Equal("/openapi/packages/test-permit.json", schemaNode["$id"]!.GetValue<string>());

        var schema = JsonSchema.FromText(Kind.SchemaJson);
        var written = Kind.Write(Kind.Read(Valid, new ValidationErrors())!);
        var result = schema.Evaluate(JsonNode.Parse(written), Evaluation);
        Assert.True(result.IsValid, Describe(result));

        var every = JsonNode.Parse($$$"""{"kind": "test-permit", "formatVersion": 2, "code": "all", "title": {"en": "All"}, "form": {{{FormDefinitionTests.EveryTypeJson}}}}""");
        Assert.True(schema.Evaluate(every, Evaluation).IsValid, Describe(schema.Evaluate(every, Evaluation)));
    }

    [Theory]
    [InlineData("\"kind\": \"test-permit\"", "\"kind\": \"other\"")]
    [InlineData("\"formatVersion\": 2", "\"formatVersion\": 1")]
    [InlineData("\"feeCents\": 1550}", "\"feeCents\": 1550, \"extra\": 1}")]
    [InlineData("\"required\": true", "\"required\": true, \"min\": 1")]
    [InlineData("\"type\": \"text\"", "\"type\": \"money\"")]
    [InlineData("\"type\": \"text\"", "\"type\": \"colour\"")]
    [InlineData("{\"en\": \"Street\"}", "{\"EN\": \"Street\"}")]
    public void The_schema_refuses_what_the_kind_refuses(string from, string to)
    {
        var schema = JsonSchema.FromText(Kind.SchemaJson);
        var changed = Valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Valid, changed);
        Assert.False(schema.Evaluate(JsonNode.Parse(changed), Evaluation).IsValid, changed);
        Assert.Null(Kind.Read(changed, new ValidationErrors()));
    }

    [Theory]
    [InlineData("ab", true)]
    [InlineData("parking-permit", true)]
    [InlineData("a", false)]
    [InlineData("-ab", false)]
    [InlineData("Parking", false)]
    [InlineData(null, false)]
    public void Codes_are_lower_case_names(string? code, bool ok) => Assert.Equal(ok, PackageKind<PermitType>.IsCode(code));

    private static string Describe(EvaluationResults result) => string.Join("; ", result.Details
        .Where(d => d.Errors is { Count: > 0 })
        .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
}
