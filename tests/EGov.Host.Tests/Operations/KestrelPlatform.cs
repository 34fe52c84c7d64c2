using EGov.Testing;

namespace EGov.Host.Tests.Operations;

/// <summary>A platform behind a real Kestrel socket on localhost, for what in-memory test servers cannot show.</summary>
internal sealed class KestrelPlatform : IAsyncDisposable
{
    private KestrelPlatform(PlatformFactory factory, int port)
    {
        Factory = factory;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}") };
    }

    public PlatformFactory Factory { get; }

    public int Port { get; }

    /// <summary>A plain HTTP client on the socket, no token.</summary>
    public HttpClient Client { get; }

    public static async Task<KestrelPlatform> StartAsync(string name, Func<int, IReadOnlyDictionary<string, string?>> settings)
    {
        var port = PlatformFactory.FreePort();
        var factory = new PlatformFactory(await PostgresServer.CreateDatabaseAsync(name), settings(port));
        factory.UseKestrel(options => options.ListenLocalhost(port));
        factory.StartServer();
        return new KestrelPlatform(factory, port);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
