using System.Globalization;
using System.Text.Json.Nodes;

namespace EGov.Clients.Tests;

/// <summary>Where the committed OpenAPI documents are, and a semantic comparison that names the first difference.</summary>
internal static class Snapshots
{
    public static readonly string[] Names = ["g2c", "g2b", "g2g", "g2e", "notify", "platform"];

    public static string PathOf(string name) =>
        Path.Combine(RepositoryRoot(), "tests", "EGov.Clients.Tests", "openapi", $"{name}.json");

    /// <summary>The package kinds whose JSON Schema the host publishes at <c>/openapi/packages/{kind}.json</c>.</summary>
    public static readonly string[] PackageKinds = ["g2c-service", "g2b-licence-type", "g2e-leave-type"];

    public static string PackagePathOf(string kind) =>
        Path.Combine(RepositoryRoot(), "tests", "EGov.Clients.Tests", "openapi", "packages", $"{kind}.json");

    /// <summary>The served text with one final newline (the documents are stored as served).</summary>
    public static string Normalise(string json) => json.TrimEnd() + "\n";

    /// <summary>The JSON pointer of the first difference (object members in any order), or null when equal.</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string pointer)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject left, JsonObject right):
                foreach (var (key, value) in left)
                {
                    var at = $"{pointer}/{Escape(key)}";
                    if (!right.TryGetPropertyValue(key, out var other))
                    {
                        return $"{at} (no longer served)";
                    }

                    if (FirstDifference(value, other, at) is { } inner)
                    {
                        return inner;
                    }
                }

                return right.Select(p => p.Key).FirstOrDefault(k => !left.ContainsKey(k)) is { } added
                    ? $"{pointer}/{Escape(added)} (new in the served document)"
                    : null;
            case (JsonArray left, JsonArray right):
                for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
                {
                    if (FirstDifference(left[i], right[i], $"{pointer}/{i.ToString(CultureInfo.InvariantCulture)}") is { } inner)
                    {
                        return inner;
                    }
                }

                return left.Count == right.Count ? null : $"{pointer} ({left.Count} items committed, {right.Count} served)";
            default:
                return JsonNode.DeepEquals(expected, actual)
                    ? null
                    : $"{pointer} (committed {expected?.ToJsonString() ?? "null"}, served {actual?.ToJsonString() ?? "null"})";
        }
    }

    private static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EGov.Platform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EGov.Platform.sln not found above the test binaries.");
    }
}
