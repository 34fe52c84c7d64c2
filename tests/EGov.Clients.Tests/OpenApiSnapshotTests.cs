using System.Text.Json.Nodes;
using EGov.Testing;
using Json.Schema;

namespace EGov.Clients.Tests;

/// <summary>
/// The committed documents under <c>openapi/</c> are what the clients in <c>Generated/</c> were generated from and
/// what the linters check: they must be the documents the host serves, or the generated clients prove nothing.
/// </summary>
public sealed class OpenApiSnapshotTests(PlatformFixture fixture)
{
    /// <summary>Set to 1 to rewrite the committed snapshots from the live documents instead of comparing.</summary>
    public const string UpdateVariable = "EGOV_UPDATE_OPENAPI_SNAPSHOTS";

    public static TheoryData<string> Documents => new(Snapshots.Names);

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task The_committed_snapshot_is_the_document_the_host_serves(string name) =>
        await CompareOrUpdateAsync(
            $"/openapi/{name}.json", Snapshots.PathOf(name), "run scripts/generate-clients.sh to refresh the snapshots and regenerate the clients (see docs/clients.md)");

    public static TheoryData<string> PackageKinds => new(Snapshots.PackageKinds);

    /// <summary>
    /// The JSON Schema of each package kind, published next to the OpenAPI documents, is committed beside them too:
    /// a change to a package format shows in review. It must be a valid JSON Schema 2020-12.
    /// </summary>
    [Theory]
    [MemberData(nameof(PackageKinds))]
    public async Task The_committed_package_schema_is_the_one_the_host_serves(string kind)
    {
        var url = $"/openapi/packages/{kind}.json";
        using var client = fixture.Platform.CreateClient();
        var live = await client.GetStringAsync(url, TestContext.Current.CancellationToken);
        var options = new EvaluationOptions { OutputFormat = OutputFormat.Flag, EvaluateAs = SpecVersion.Draft202012 };
        Assert.True(MetaSchemas.Draft202012.Evaluate(JsonNode.Parse(live), options).IsValid, $"{url} is not a valid JSON Schema 2020-12");
        await CompareOrUpdateAsync(url, Snapshots.PackagePathOf(kind), $"run this test with {UpdateVariable}=1 and review the change");
    }

    /// <summary>Compares the served document with its committed copy (or rewrites the copy when asked to).</summary>
    private async Task CompareOrUpdateAsync(string url, string path, string remedy)
    {
        using var client = fixture.Platform.CreateClient();
        var live = await client.GetStringAsync(url, TestContext.Current.CancellationToken);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, Snapshots.Normalise(live), TestContext.Current.CancellationToken);
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing: {remedy}.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        var difference = Snapshots.FirstDifference(committed, JsonNode.Parse(live), "#");
        Assert.True(difference is null, $"{url} differs from the committed {Path.GetFileName(path)} at {difference}: {remedy}.");
    }
}
