using System.Security.Claims;
using EGov.DevelopmentIssuer;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EGov.Host.Identity;

/// <summary>
/// Identity for the platform: the API accepts Keycloak access tokens (realm <c>egov</c>) through JwtBearer, set up
/// the way Keycloak adapters are, and in development and tests the development issuer (project
/// EGov.DevelopmentIssuer), built from the same realm file, signs tokens of the same shape. See docs/identity.md.
/// </summary>
internal static class PlatformIdentity
{
    /// <summary>
    /// JwtBearer for Keycloak from section <c>Keycloak</c>, the development issuer from section <c>DevelopmentIssuer</c>
    /// (served by <see cref="DevelopmentIssuerHosting.MapDevelopmentIssuer"/>), authorization, and <see cref="ICurrentUser"/>.
    /// Settings are validated when the host starts.
    /// </summary>
    public static WebApplicationBuilder AddPlatformIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Read lazily from the final configuration, so test factories' settings apply too.
        services.AddOptions<KeycloakSettings>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KeycloakSettings>, KeycloakSettingsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<KeycloakSettings>, KeycloakSettingsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KeycloakSettings>, KeycloakSettingsSetup>());

        // The stand-in for Keycloak in development and tests, for the realm and audience the API validates.
        builder.AddDevelopmentIssuer(provider =>
        {
            var keycloak = provider.GetRequiredService<IOptions<KeycloakSettings>>().Value;
            return new DevelopmentRealm(keycloak.Realm, keycloak.Authority, keycloak.Issuer, keycloak.Audience);
        });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
        {
            var keycloak = provider.GetRequiredService<IOptions<KeycloakSettings>>().Value;
            return new ValidatedTokenCache(
                Math.Max(1, keycloak.TokenCacheSize),
                TimeSpan.FromSeconds(keycloak.TokenCacheSeconds),
                provider.GetRequiredService<TimeProvider>());
        });

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((options, provider) => ConfigureJwtBearer(options, provider));

        services.AddAuthorization();
        services.AddHttpContextAccessor();
        services.TryAddScoped<ICurrentUser, HttpCurrentUser>();
        return builder;
    }

    private static void ConfigureJwtBearer(JwtBearerOptions options, IServiceProvider provider)
    {
        var keycloak = provider.GetRequiredService<IOptions<KeycloakSettings>>().Value;

        options.Authority = keycloak.Authority;
        if (!string.IsNullOrWhiteSpace(keycloak.MetadataAddress))
        {
            options.MetadataAddress = keycloak.MetadataAddress;
        }

        options.Audience = keycloak.Audience;
        options.RequireHttpsMetadata = keycloak.RequireHttpsMetadata ?? true;
        options.MapInboundClaims = false;
        options.SaveToken = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = keycloak.Issuer,
            ValidAudience = keycloak.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromSeconds(keycloak.ClockSkewSeconds),
            NameClaimType = PlatformClaims.Username,
            RoleClaimType = PlatformClaims.Role,
        };

        if (provider.DevelopmentIssuerBackchannel() is { } backchannel)
        {
            // Discovery and JWKS still go through the OIDC configuration manager, answered in memory.
            options.BackchannelHttpHandler = backchannel;
        }

        options.Events ??= new JwtBearerEvents();
        var next = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = async context =>
        {
            // Keycloak marks access tokens typ=Bearer; ID tokens (typ=ID), tokens without a type and tokens with
            // several types are not credentials for this API. An array claim arrives as one claim per value.
            if (!IsAccessToken(context.Principal))
            {
                context.Fail("The token is not an access token (its 'typ' must be exactly 'Bearer').");
                return;
            }

            if (context.Principal?.Identity is ClaimsIdentity identity)
            {
                KeycloakRoles.Flatten(identity, keycloak.Audience);
            }

            await next(context);
        };

        // Runs after the checks above: only tokens they accepted are remembered.
        if (keycloak.TokenCacheSize > 0 && keycloak.TokenCacheSeconds > 0)
        {
            provider.GetRequiredService<ValidatedTokenCache>().Attach(options.Events);
        }
    }

    /// <summary>True when the token carries exactly one <c>typ</c> claim and it is <c>Bearer</c>.</summary>
    internal static bool IsAccessToken(ClaimsPrincipal? principal)
    {
        var types = principal?.FindAll("typ").Take(2).ToList() ?? [];
        return types is [{ Value: "Bearer" }];
    }
}
