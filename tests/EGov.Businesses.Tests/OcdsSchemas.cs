using System.Text.Json.Nodes;
using Json.Schema;

namespace EGov.Businesses.Tests;

/// <summary>
/// The official OCDS 1.1.5 schemas (Ocds/, draft-04) made evaluable by a current validator: the release package's
/// <c>$ref</c> to the release schema is replaced by the dereferenced release schema, and the draft-04 <c>id</c>,
/// <c>$schema</c> and OCDS's object-valued <c>deprecated</c> annotations are left out. Formats (date-time, uri) are
/// enforced. The schemas leave codelists open: <see cref="AssertCodelists"/> checks the closed ones.
/// </summary>
internal static class OcdsSchemas
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, EvaluateAs = SpecVersion.Draft7, RequireFormatValidation = true };

    private static readonly Lazy<JsonSchema> ReleasePackage = new(() =>
    {
        var release = Clean(Load("dereferenced-release-schema.json"));
        var package = Clean(Load("release-package-schema.json"));
        package["properties"]!["releases"]!["items"] = release.DeepClone();
        return JsonSchema.FromText(package.ToJsonString());
    });

    private static readonly Lazy<JsonSchema> Release = new(() => JsonSchema.FromText(Clean(Load("dereferenced-release-schema.json")).ToJsonString()));

    private static readonly string[] ReleaseTags = ["planning", "planningUpdate", "tender", "tenderAmendment", "tenderUpdate", "tenderCancellation", "award", "awardUpdate", "awardCancellation", "contract", "contractUpdate", "contractAmendment", "implementation", "implementationUpdate", "contractTermination", "compiled"];
    private static readonly string[] TenderStatuses = ["planning", "planned", "active", "cancelled", "unsuccessful", "complete", "withdrawn"];
    private static readonly string[] ProcurementMethods = ["open", "selective", "limited", "direct"];
    private static readonly string[] AwardStatuses = ["pending", "active", "cancelled", "unsuccessful"];
    private static readonly string[] ContractStatuses = ["pending", "active", "cancelled", "terminated"];

    public static void AssertReleasePackage(JsonNode package)
    {
        AssertValid(ReleasePackage.Value, package, "release package");
        foreach (var release in package["releases"]!.AsArray())
        {
            AssertCodelists(release!);
        }
    }

    /// <summary>A record package (OCDS 1.1): the package metadata, and every embedded and compiled release valid against the release schema.</summary>
    public static void AssertRecordPackage(JsonNode package)
    {
        Assert.Equal("1.1", package["version"]!.GetValue<string>());
        Assert.True(Uri.IsWellFormedUriString(package["uri"]!.GetValue<string>(), UriKind.Absolute));
        Assert.True(DateTimeOffset.TryParse(package["publishedDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.NotNull(package["publisher"]!["name"]);
        foreach (var record in package["records"]!.AsArray())
        {
            var ocid = record!["ocid"]!.GetValue<string>();
            Assert.Matches("^ocds-[a-z0-9]{6}-", ocid);
            var releases = record["releases"]!.AsArray();
            Assert.NotEmpty(releases);
            foreach (var release in releases)
            {
                AssertValid(Release.Value, release!, "record release");
                Assert.Equal(ocid, release!["ocid"]!.GetValue<string>());
                AssertCodelists(release);
            }

            var compiled = record["compiledRelease"]!;
            AssertValid(Release.Value, compiled, "compiled release");
            Assert.Equal(ocid, compiled["ocid"]!.GetValue<string>());
            Assert.Equal("compiled", compiled["tag"]![0]!.GetValue<string>());
            AssertCodelists(compiled);
        }
    }

    /// <summary>The closed codelists the schema does not enforce.</summary>
    public static void AssertCodelists(JsonNode release)
    {
        Assert.Matches("^ocds-[a-z0-9]{6}-", release["ocid"]!.GetValue<string>());
        foreach (var tag in release["tag"]!.AsArray())
        {
            Assert.Contains(tag!.GetValue<string>(), ReleaseTags);
        }

        Assert.Equal("tender", release["initiationType"]!.GetValue<string>());
        var tender = release["tender"];
        if (tender is not null)
        {
            Assert.Contains(tender["status"]!.GetValue<string>(), TenderStatuses);
            Assert.Contains(tender["procurementMethod"]!.GetValue<string>(), ProcurementMethods);
        }

        foreach (var award in release["awards"]?.AsArray() ?? [])
        {
            Assert.Contains(award!["status"]!.GetValue<string>(), AwardStatuses);
        }

        foreach (var contract in release["contracts"]?.AsArray() ?? [])
        {
            Assert.Contains(contract!["status"]!.GetValue<string>(), ContractStatuses);
        }
    }

    private static void AssertValid(JsonSchema schema, JsonNode instance, string what)
    {
        var result = schema.Evaluate(instance, Options);
        Assert.True(result.IsValid, $"{what} is not valid OCDS: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Take(10).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}")));
    }

    private static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ocds", file)))!.AsObject();

    private static JsonObject Clean(JsonObject schema)
    {
        schema.Remove("id");
        schema.Remove("$schema");
        Strip(schema);
        return schema;
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["deprecated"] is JsonObject)
                {
                    o.Remove("deprecated");
                }

                foreach (var (_, value) in o.ToList())
                {
                    Strip(value);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Strip(item);
                }

                break;
        }
    }
}
