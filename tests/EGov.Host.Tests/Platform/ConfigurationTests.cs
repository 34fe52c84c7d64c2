using System.Diagnostics;

namespace EGov.Host.Tests.Platform;

/// <summary>Start-up refuses bad configuration with one readable line and a non-zero exit code.</summary>
public sealed class ConfigurationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_connection_string_is_one_readable_line()
    {
        var (exitCode, stderr) = await RunHostAsync(new Dictionary<string, string?> { ["ConnectionStrings__Platform"] = null });
        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("EGov.Platform cannot start: ConnectionStrings:Platform is not set.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_refused()
    {
        var (exitCode, stderr) = await RunHostAsync(new Dictionary<string, string?> { ["ConnectionStrings__Platform"] = "Host=x;Nonsense Key=1" });
        Assert.Equal(2, exitCode);
        Assert.Contains("not a valid PostgreSQL connection string", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    internal static async Task<(int ExitCode, string StandardError)> RunHostAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "EGov.Host.dll");
        var start = new ProcessStartInfo("dotnet", [hostDll, .. arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, (await stderr).Trim());
    }
}
