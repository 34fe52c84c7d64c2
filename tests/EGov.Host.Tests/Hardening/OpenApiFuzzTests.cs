using EGov.Testing;

namespace EGov.Host.Tests.Hardening;

/// <summary>
/// Property-based fuzzing of every operation of every OpenAPI document the platform serves, on a platform of its own
/// (real PostgreSQL, real pipeline, real tokens). See <see cref="OpenApiFuzzRunner"/>; settings in
/// <see cref="FuzzSettings"/>.
/// </summary>
public sealed class OpenApiFuzzTests
{
    [Fact]
    public async Task Every_served_operation_answers_generated_requests_as_its_document_declares()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = FuzzSettings.FromEnvironment();
        await using var platform = await PlatformFactory.StartAsync("fuzz", new Dictionary<string, string?>
        {
            // Thousands of refused requests would flood the test output; findings carry what the responses said.
            ["Logging:LogLevel:Default"] = "None",

            // The message log's signer signs what the mixed phase logged before the host is found quiet.
            ["Agencies:MessageLog:SignIntervalSeconds"] = "0.1",
        });
        var report = await new OpenApiFuzzRunner(platform, settings).RunAsync(ct);
        var text = report.Format(settings);
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        if (settings.ReportDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, "openapi-fuzz.txt"), text, ct);
        }

        Assert.True(report.Total > 0 || settings.PathFilter is not null, "No operation was fuzzed: the host served no documented operation.");
        if (report.DistinctFindings > 0)
        {
            Assert.Fail(text);
        }
    }
}
