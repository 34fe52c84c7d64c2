using EGov.Host.Lifecycle;
using EGov.Host.Tests.Platform;
using EGov.Testing;

namespace EGov.Host.Tests.Operations;

/// <summary>
/// The host process as a container runs it: the <c>healthcheck</c> verb behind the image's HEALTHCHECK, settings from
/// mounted secrets, and readable refusals of wrong lifecycle and telemetry settings.
/// </summary>
public sealed class StartupCommandTests
{
    [Theory]
    [InlineData("http://+:8080", "http://localhost:8080/health/ready")]
    [InlineData("http://0.0.0.0:5000;https://+:5001", "http://localhost:5000/health/ready")]
    [InlineData("http://[::]:9090", "http://localhost:9090/health/ready")]
    [InlineData("http://*:80", "http://localhost/health/ready")]
    [InlineData("http://127.0.0.1:7000/", "http://127.0.0.1:7000/health/ready")]
    [InlineData(null, "http://localhost:8080/health/ready")]
    public void The_probe_asks_readiness_on_this_machine_at_the_first_listening_address(string? urls, string expected) =>
        Assert.Equal(new Uri(expected), HealthProbe.ReadinessUrl(urls));

    [Fact]
    public async Task The_healthcheck_verb_exits_0_for_a_ready_instance_and_1_for_none()
    {
        await using var platform = await KestrelPlatform.StartAsync("healthcheck", _ => new Dictionary<string, string?>());

        // A container runtime retries a failed probe before it calls an instance unhealthy; so does the test, because on a
        // loaded machine one readiness answer can take longer than the probe's 5 s.
        Assert.Equal(0, await ProbeAsync(new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = $"http://+:{platform.Port}" }));
        Assert.Equal(0, await ProbeAsync(new Dictionary<string, string?>(), $"http://localhost:{platform.Port}/health/ready"));

        var (nobody, _) = await ConfigurationTests.RunHostAsync(
            new Dictionary<string, string?>(), "healthcheck", $"http://localhost:{PlatformFactory.FreePort()}/health/ready");
        Assert.Equal(1, nobody);
    }

    private static async Task<int> ProbeAsync(Dictionary<string, string?> environment, params string[] url)
    {
        var exitCode = -1;
        for (var attempt = 0; attempt < 3 && exitCode != 0; attempt++)
        {
            (exitCode, _) = await ConfigurationTests.RunHostAsync(environment, ["healthcheck", .. url]);
        }

        return exitCode;
    }

    [Fact]
    public async Task Settings_are_read_from_mounted_secret_files()
    {
        var secrets = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"egov-secrets-{Guid.NewGuid():N}"));
        try
        {
            // A file per setting, named like the environment variable; here a connection string the host must refuse.
            await File.WriteAllTextAsync(Path.Combine(secrets.FullName, "ConnectionStrings__Platform"), "Host=x;Nonsense Key=1\n", TestContext.Current.CancellationToken);
            var (exitCode, stderr) = await ConfigurationTests.RunHostAsync(new Dictionary<string, string?>
            {
                ["ConnectionStrings__Platform"] = null,
                ["Lifecycle__SecretsDirectory"] = secrets.FullName,
            });
            Assert.Equal(2, exitCode);
            Assert.Contains("ConnectionStrings:Platform is not a valid PostgreSQL connection string", stderr, StringComparison.Ordinal);
        }
        finally
        {
            secrets.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Lifecycle__DrainDelaySeconds", "40", "Lifecycle:DrainDelaySeconds must be at least 0 and less than Lifecycle:ShutdownTimeoutSeconds")]
    [InlineData("Lifecycle__ShutdownTimeoutSeconds", "soon", "Lifecycle settings cannot be read")]
    [InlineData("Telemetry__OtlpEndpoint", "collector:4317", "Telemetry:OtlpEndpoint must be an absolute http(s) URL")]
    [InlineData("Telemetry__OtlpProtocol", "udp", "Telemetry:OtlpProtocol must be grpc or http/protobuf")]
    [InlineData("Telemetry__PrometheusPath", "/api/metrics", "Telemetry:PrometheusPath must be a path such as /metrics")]
    public async Task A_wrong_lifecycle_or_telemetry_setting_is_one_readable_line(string variable, string value, string message)
    {
        var (exitCode, stderr) = await ConfigurationTests.RunHostAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Platform"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none",
            [variable] = value,
        });
        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("EGov.Platform cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }
}
