using System.Diagnostics;

namespace EGov.Testing;

/// <summary>
/// A PostgreSQL cluster of a test's own, for tests that stop or restart the server and must not disturb the
/// shared one. Uses the same scripts as <c>./test.sh</c>.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _directory;

    private PrivatePostgres(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"egov-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }

        var port = PlatformFactory.FreePort();
        var server = new PrivatePostgres(directory, port);
        await ScriptAsync($"pg_start '{directory}/pg' {port} -c fsync=off -c synchronous_commit=off");
        return server;
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await Database.ExecuteAsync(AdminConnectionString, $"CREATE DATABASE \"{name}\"");
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    /// <summary>Restarts the server (fast shutdown: every open connection is cut).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAgainAsync();
    }

    /// <summary>Stops the server (fast shutdown: every open connection is cut); it stays down until <see cref="StartAgainAsync"/>.</summary>
    public Task StopAsync() => ScriptAsync($"pg_stop '{_directory}/pg'");

    /// <summary>Starts the stopped server again on the same port with the same data.</summary>
    public Task StartAgainAsync() => ScriptAsync($"pg_start '{_directory}/pg' {Port} -c fsync=off -c synchronous_commit=off");

    /// <summary>Terminates every backend the platform opened on <paramref name="database"/> (as an operator or a failover would); returns how many.</summary>
    public Task<long> TerminatePlatformBackendsAsync(string database) => TerminatePlatformBackendsAsync(AdminConnectionString, database);

    /// <inheritdoc cref="TerminatePlatformBackendsAsync(string)"/>
    public static Task<long> TerminatePlatformBackendsAsync(string adminConnectionString, string database) =>
        Database.CountAsync(adminConnectionString,
            """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))
            FROM pg_stat_activity
            WHERE datname = @db AND application_name = 'egov-platform' AND pid <> pg_backend_pid()
            """,
            ("db", database));

    public async ValueTask DisposeAsync()
    {
        await ScriptAsync($"pg_stop '{_directory}/pg'");
        Directory.Delete(_directory, recursive: true);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EGov.Platform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EGov.Platform.sln not found above the test binaries.");
    }

    private static async Task ScriptAsync(string command)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "postgres.sh");
        var start = new ProcessStartInfo("bash", ["-c", $"source '{script}' && {command}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' failed: {error}");
        }
    }
}
