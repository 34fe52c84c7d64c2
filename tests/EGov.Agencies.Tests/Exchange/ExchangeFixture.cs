using System.Net.Http.Headers;
using EGov.Testing;

namespace EGov.Agencies.Tests.Exchange;

/// <summary>
/// A platform for the exchange tests, on a database of its own: agency systems may be plain http on loopback, a
/// provider has 1 second to answer, the message log is signed every 200 ms. Beside it, a real HTTP server on a
/// loopback port plays an agency's own system.
/// </summary>
public sealed class ExchangeFixture : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Agencies:Exchange:AllowLoopbackHttp"] = "true",
        ["Agencies:Exchange:TimeoutSeconds"] = "1",
        ["Agencies:MessageLog:SignIntervalSeconds"] = "0.2",
    };

    private PlatformFactory? _platform;
    private ProviderSystem? _provider;

    public PlatformFactory Platform => _platform ?? throw new InvalidOperationException("The platform has not started.");

    public ProviderSystem Provider => _provider ?? throw new InvalidOperationException("The provider system has not started.");

    public async ValueTask InitializeAsync()
    {
        _provider = await ProviderSystem.StartAsync();
        _platform = await PlatformFactory.StartAsync("g2g", Settings);
    }

    public async ValueTask DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    /// <summary>A client with a service account's token (client credentials): <c>agency-ncr</c>, <c>agency-nta</c>, <c>agency-ccm</c>.</summary>
    public async Task<HttpClient> ServiceAccountAsync(string clientId)
    {
        var client = Platform.CreateClient();
        var token = await Tokens.ClientCredentialsAsync(client, clientId, clientId + "-dev-secret");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
