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

    [Theory]
    [InlineData("Modules__Citizens__Enabled", "maybe", "Modules:Citizens:Enabled must be true or false (got 'maybe').")]
    [InlineData("Modules__Citizen__Enabled", "false", "Modules:Citizen names no module of the platform; the modules are Agencies, Citizens, Businesses, Employees, Notifications.")]
    [InlineData("Modules__Citizens__Enable", "false", "Modules:Citizens:Enable is not a setting; a module has only Modules:Citizens:Enabled (true or false).")]
    public async Task A_module_switch_that_is_not_true_or_false_or_names_no_module_stops_the_start(string variable, string value, string expected)
    {
        var (exitCode, stderr) = await RunHostAsync(new Dictionary<string, string?>
        {
            [variable] = value,
            ["ConnectionStrings__Platform"] = "Host=127.0.0.1;Port=1;Database=unused;Username=unused",
        });

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"EGov.Platform cannot start: {expected}", line);
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
        // Generous: the whole suite shares two cores, and a host process that migrates five schemas then waits its turn.
        timeout.CancelAfter(TimeSpan.FromSeconds(180));
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
