using System.Globalization;
using System.Net.Http.Headers;
using EGov.Portal.Api.G2c;
using EGov.Portal.Api.Platform;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EGov.Portal.Api;

/// <summary>
/// The generated API clients (Api/Generated, from the committed OpenAPI documents) on HttpClients that carry the
/// user's language and, once signed in, the user's access token from the server-side session. The token never
/// reaches the browser.
/// </summary>
internal static class PortalApi
{
    public static IServiceCollection AddPortalApi(this IServiceCollection services)
    {
        services.AddSingleton<ApiAddress>();
        services.AddTransient<ApiRequestHandler>();
        services.AddHttpClient<G2cApi>(Configure).AddHttpMessageHandler<ApiRequestHandler>();
        services.AddHttpClient<PlatformApi>(Configure).AddHttpMessageHandler<ApiRequestHandler>();
        return services;
    }

    private static void Configure(IServiceProvider services, HttpClient client)
    {
        client.BaseAddress = services.GetRequiredService<ApiAddress>().Resolve();
        client.Timeout = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<PortalOptions>>().Value.ApiTimeoutSeconds);
    }
}

/// <summary>Where the API is: <c>Portal:ApiBaseAddress</c>, or in the single host the host's own first address.</summary>
internal sealed class ApiAddress(IOptions<PortalOptions> options, IServer server)
{
    public Uri Resolve()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.ApiBaseAddress))
        {
            return new Uri(options.Value.ApiBaseAddress.TrimEnd('/') + "/");
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var own = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The portal has no API address: set Portal:ApiBaseAddress.");
        var uri = new UriBuilder(own.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        uri.Path = "/";
        return uri.Uri;
    }
}

/// <summary>Adds the user's language (Accept-Language) and the signed-in user's access token to every API call.</summary>
internal sealed class ApiRequestHandler(IHttpContextAccessor http) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.AcceptLanguage.Clear();
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName));
        if (http.HttpContext is { } context && await AccessTokens.CurrentAsync(context) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
