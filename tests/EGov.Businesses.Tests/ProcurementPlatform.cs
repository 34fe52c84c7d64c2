using System.Collections.Concurrent;
using EGov.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EGov.Businesses.Tests;

/// <summary>A platform whose clock a test moves, and whose every log line (message and exception) is kept for inspection.</summary>
internal sealed class ProcurementPlatform : IAsyncDisposable
{
    private ProcurementPlatform(PlatformFactory platform, WebApplicationFactory<Program> app, ShiftedClock clock, CapturedLogs logs)
    {
        Platform = platform;
        App = app;
        Clock = clock;
        Logs = logs;
    }

    public PlatformFactory Platform { get; }

    public WebApplicationFactory<Program> App { get; }

    public ShiftedClock Clock { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => App.Services;

    public string ConnectionString => Platform.ConnectionString;

    public static async Task<ProcurementPlatform> StartAsync(string name)
    {
        var clock = new ShiftedClock();
        var logs = new CapturedLogs();
        // The tests read whole OCDS feeds: the development tenders stay out.
        var platform = new PlatformFactory(
            await PostgresServer.CreateDatabaseAsync(name), new Dictionary<string, string?> { ["Businesses:SeedDevelopmentRegistry"] = "false" });
        var app = platform.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<ILoggerProvider>(logs);
        }));
        _ = app.Server;
        return new ProcurementPlatform(platform, app, clock, logs);
    }

    public Task<HttpClient> ClientAsync(string who) => G2b.ClientAsync(App.CreateClient, who);

    public HttpClient Anonymous() => App.CreateClient();

    /// <summary>Moves the platform's clock so that its present is <paramref name="at"/> (or later by a margin).</summary>
    public void MoveTo(DateTimeOffset at) => Clock.Offset += at - Clock.GetUtcNow();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Platform.DisposeAsync();
    }
}

/// <summary>Keeps every formatted log line, at every level, with its exception.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
    }
}
