using EGov.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Businesses.Tests;

/// <summary>A platform of its own whose clock a test moves (<see cref="ShiftedClock"/>): the register, tokens and sweeps all read it.</summary>
internal sealed class ClockedPlatform : IAsyncDisposable
{
    private ClockedPlatform(PlatformFactory platform, WebApplicationFactory<Program> app, ShiftedClock clock)
    {
        Platform = platform;
        App = app;
        Clock = clock;
    }

    public PlatformFactory Platform { get; }

    public WebApplicationFactory<Program> App { get; }

    public ShiftedClock Clock { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<ClockedPlatform> StartAsync(string name)
    {
        var clock = new ShiftedClock();
        var platform = new PlatformFactory(await PostgresServer.CreateDatabaseAsync(name));
        var app = platform.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        _ = app.Server;
        return new ClockedPlatform(platform, app, clock);
    }

    /// <summary>A client with a fresh token, issued at the platform's present time.</summary>
    public Task<HttpClient> ClientAsync(string who) => G2b.ClientAsync(App.CreateClient, who);

    public HttpClient Anonymous() => App.CreateClient();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Platform.DisposeAsync();
    }
}
