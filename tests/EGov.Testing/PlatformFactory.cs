using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace EGov.Testing;

/// <summary>
/// The whole platform in process: the real host with its real pipeline, a real PostgreSQL database of its own,
/// the embedded development issuer for real tokens, and a silo on ports of its own.
/// </summary>
public sealed class PlatformFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public PlatformFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development")
    {
        ConnectionString = connectionString;
        Environment = environment;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Platform"] = connectionString,
            ["Orleans:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DevelopmentIssuer:KeyFile"] = SharedKeyFile,
            ["Outbox:PollIntervalMilliseconds"] = "200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string ConnectionString { get; }

    public string Environment { get; }

    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>One signing key for the whole test run, as a deployment keeps one across restarts.</summary>
    public static string SharedKeyFile { get; } =
        Path.Combine(Path.GetTempPath(), $"egov-tests-{System.Environment.ProcessId}", "signing-key.pem");

    /// <summary>Starts a platform on a fresh database.</summary>
    public static async Task<PlatformFactory> StartAsync(string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var factory = new PlatformFactory(await PostgresServer.CreateDatabaseAsync(name), settings);
        factory.StartServer();
        return factory;
    }

    /// <summary>
    /// Starts a platform on a fresh database that listens on a real loopback port (Kestrel), for clients that need a
    /// socket: browsers, Node.js relying parties, anything outside the test process. <c>Keycloak:ServerUrl</c> is the
    /// platform's own origin, so the development issuer's <c>iss</c> and discovery URLs point at it, and the issuer
    /// accepts <c>{origin}/signin-oidc</c> and <c>{origin}/signout-callback-oidc</c> as redirect URIs of its clients.
    /// <see cref="CreateClient()"/> then talks to that port; <see cref="BaseAddress"/> is the origin.
    /// </summary>
    public static async Task<PlatformFactory> StartOnLoopbackAsync(string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = FreePort();
        var origin = new Uri($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Keycloak:ServerUrl"] = origin.GetLeftPart(UriPartial.Authority),
            ["DevelopmentIssuer:ExtraRedirectUris:0"] = new Uri(origin, "/signin-oidc").ToString(),
            ["DevelopmentIssuer:ExtraPostLogoutRedirectUris:0"] = new Uri(origin, "/signout-callback-oidc").ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        var factory = new PlatformFactory(await PostgresServer.CreateDatabaseAsync(name), merged) { BaseAddress = origin };
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        factory.ClientOptions.BaseAddress = origin;
        return factory;
    }

    /// <summary>The origin a platform started by <see cref="StartOnLoopbackAsync"/> listens on; null in memory.</summary>
    public Uri? BaseAddress { get; private init; }

    /// <summary>A second platform instance on the same database (a restart, or another node).</summary>
    public PlatformFactory Another(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var merged = new Dictionary<string, string?>(_settings, StringComparer.OrdinalIgnoreCase)
        {
            ["Orleans:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return new PlatformFactory(ConnectionString, merged, Environment);
    }

    /// <summary>An HTTP client carrying a demo user's access token from the embedded issuer.</summary>
    public async Task<HttpClient> ClientForAsync(string username, string password = Tokens.DemoPassword)
    {
        var client = CreateClient();
        var token = await Tokens.PasswordAsync(client, username, password);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Hosts are built one at a time: the test host finds the host an entry point builds through process-wide
    /// diagnostic events, and two entry points running at once can take each other's host ("The entry point exited
    /// without ever building an IHost"). Starting stays parallel; only the build is serialised.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IHost host;
        lock (BuildLock)
        {
            host = builder.Build();
        }

        host.Start();
        return host;
    }

    private static readonly object BuildLock = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
