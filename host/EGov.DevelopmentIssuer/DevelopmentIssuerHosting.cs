using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EGov.DevelopmentIssuer;

/// <summary>
/// The realm the development issuer stands in for, as the API validates its tokens: the realm's name, the authority
/// its endpoints are published under (<c>{ServerUrl}/realms/{realm}</c>), the <c>iss</c> it signs, and the API client
/// (<c>aud</c>). The host fills it from its Keycloak settings, so one set of settings serves both.
/// </summary>
public sealed record DevelopmentRealm(string Name, string Authority, string Issuer, string Audience);

/// <summary>
/// The development issuer as the host composes it: an embedded stand-in for Keycloak for development and tests,
/// built from the realm file Keycloak imports, serving Keycloak's paths under <c>/realms/{realm}</c> and signing
/// tokens of Keycloak's shape. Settings in section <c>DevelopmentIssuer</c>, validated when the host starts; it
/// refuses to run in Production. See docs/identity.md.
/// </summary>
public static class DevelopmentIssuerHosting
{
    /// <summary>
    /// Registers the issuer and its settings. <paramref name="realm"/> is read once, when the issuer is first needed
    /// (after the host's own settings are final), and only when the issuer is enabled.
    /// </summary>
    public static IHostApplicationBuilder AddDevelopmentIssuer(this IHostApplicationBuilder builder, Func<IServiceProvider, DevelopmentRealm> realm)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(realm);
        var services = builder.Services;

        // Read lazily from the final configuration, so test factories' settings apply too.
        services.AddOptions<DevelopmentIssuerSettings>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<DevelopmentIssuerSettings>, DevelopmentIssuerSettingsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<DevelopmentIssuerSettings>, DevelopmentIssuerSettingsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DevelopmentIssuerSettings>, DevelopmentIssuerSettingsSetup>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new TokenIssuer(
            provider.GetRequiredService<IOptions<DevelopmentIssuerSettings>>(),
            realm(provider),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TokenIssuer>>()));
        return builder;
    }

    /// <summary>
    /// Serves the issuer at Keycloak's paths under <c>/realms/{realm}</c> when it is enabled; does nothing otherwise.
    /// Settings it refuses, or a realm file it cannot emulate faithfully, stop the start here.
    /// </summary>
    public static IEndpointRouteBuilder MapDevelopmentIssuer(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<DevelopmentIssuerSettings>>().Value.IsEnabled)
        {
            IssuerEndpoints.Map(endpoints, endpoints.ServiceProvider.GetRequiredService<TokenIssuer>());
        }

        return endpoints;
    }

    /// <summary>
    /// Whether the issuer will run with this configuration (<c>DevelopmentIssuer:Enabled</c>, by default on in
    /// Development and Testing), for settings whose defaults depend on it; read without validating the section.
    /// </summary>
    public static bool IsDevelopmentIssuerEnabled(this IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        return DevelopmentIssuerSettings.IsEnabledBy(configuration, environment);
    }

    /// <summary>
    /// While the issuer runs, a backchannel for the API's OIDC configuration manager that answers the discovery
    /// document and the JWKS from memory, without a socket; null when the issuer is disabled.
    /// </summary>
    public static HttpMessageHandler? DevelopmentIssuerBackchannel(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<IOptions<DevelopmentIssuerSettings>>().Value.IsEnabled
            ? new IssuerMetadataHandler(services.GetRequiredService<TokenIssuer>())
            : null;
    }
}
