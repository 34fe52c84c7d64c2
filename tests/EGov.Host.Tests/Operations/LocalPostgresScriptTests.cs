using System.Diagnostics;
using System.Runtime.Versioning;
using EGov.Testing;

namespace EGov.Host.Tests.Operations;

/// <summary>
/// <c>scripts/postgres.sh</c>, which <c>run.sh</c>, <c>test.sh</c> and <c>bench/run.sh</c> share, for a clone in a folder
/// only its owner may enter (a root user's home, mode 700): PostgreSQL runs as <c>postgres</c>, which cannot pass such a
/// folder, so the data must live where it can reach it, be found again on the next start, and leave the home's mode alone.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class LocalPostgresScriptTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode Traversable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly string home = Path.Combine(Path.GetTempPath(), $"egov-home700-{Guid.NewGuid():N}");

    /// <summary>Stands in for /var/lib/egov-platform, so the test leaves nothing behind on the machine.</summary>
    private readonly string system = Path.Combine(Path.GetTempPath(), $"egov-pg-system-{Guid.NewGuid():N}");

    public LocalPostgresScriptTests()
    {
        Directory.CreateDirectory(home, OwnerOnly);
        Directory.CreateDirectory(system, Traversable);
    }

    public void Dispose()
    {
        Directory.Delete(home, recursive: true);
        Directory.Delete(system, recursive: true);
    }

    [Fact]
    public async Task A_clone_in_a_mode_700_home_gets_a_cluster_that_keeps_its_data_across_restarts()
    {
        var data = Path.Combine(home, "egov", ".data", "postgres");
        var (exitCode, output) = await BashAsync(data, PlatformFactory.FreePort(), """
            set -euo pipefail
            source "$EGOV_SCRIPTS/postgres.sh"
            trap 'pg_stop "$DATA"' EXIT
            pg_start "$DATA" "$PORT"
            pg_psql "$PORT" -c "CREATE DATABASE kept_across_restarts"
            pg_stop "$DATA"
            if pg_is_running "$DATA"; then echo "still running after pg_stop"; exit 3; fi
            pg_start "$DATA" "$PORT"
            pg_is_running "$DATA"
            pg_psql "$PORT" -c "SELECT datname FROM pg_database WHERE datname = 'kept_across_restarts'"
            """);

        Assert.True(exitCode == 0, output);
        Assert.Contains("kept_across_restarts", output, StringComparison.Ordinal);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(home));

        if (Environment.IsPrivilegedProcess)
        {
            // As root the cluster runs as postgres: the data went to the system folder, the clone's path links to it.
            var target = new DirectoryInfo(data).LinkTarget;
            Assert.NotNull(target);
            Assert.StartsWith(system + "/", target, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(target, "PG_VERSION")));
            Assert.Equal(data, (await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(target)!, "data-for"),
                TestContext.Current.CancellationToken)).Trim());
        }
    }

    private async Task<(int ExitCode, string Output)> BashAsync(string data, int port, string script)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["EGOV_SCRIPTS"] = ScriptsFolder();
        start.Environment["EGOV_PG_SYSTEM_DIR"] = system;
        start.Environment["DATA"] = data;
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, $"{await stdout}\n{await stderr}");
    }

    private static string ScriptsFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "scripts", "postgres.sh")))
            {
                return Path.Combine(directory.FullName, "scripts");
            }
        }

        throw new InvalidOperationException("scripts/postgres.sh was not found above the test output folder.");
    }
}
