using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace EGov.Portal.Hosting;

/// <summary>
/// Sign-in: the OpenID Connect authorization-code flow with PKCE (S256) as the confidential client of the realm
/// (<c>Portal:ClientId</c>, <c>Portal:ClientSecret</c>), against the platform's issuer (<c>Keycloak:ServerUrl</c> and
/// <c>Keycloak:Realm</c>, the settings the API's token validation uses). The tokens stay on the server: the session
/// cookie carries only a key to a ticket kept in the distributed cache (<see cref="ServerTicketStore"/>). The access
/// token is refreshed shortly before it expires; signing out ends the issuer's session too.
/// </summary>
internal static class PortalSignIn
{
    public const string CookieScheme = "egov-portal";

    public const string OidcScheme = "egov-portal-oidc";

    /// <summary>The policy of every page that needs a signed-in user.</summary>
    public const string SignedIn = "egov-portal-signed-in";

    /// <summary>Seconds before expiry at which the access token is refreshed.</summary>
    public const int RefreshMarginSeconds = 60;

    public static IServiceCollection AddPortalSignIn(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddDistributedMemoryCache();
        services.AddSingleton<ServerTicketStore>();
        services.AddSingleton<TokenRefresher>();
        services.AddHttpClient(TokenRefresher.ClientName);

        services.AddAuthentication()
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = "egov-session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.ForwardChallenge = OidcScheme;
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                options.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<TokenRefresher>().ValidateAsync(context);
            })
            .AddOpenIdConnect(OidcScheme, _ => { });

        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<ServerTicketStore, IOptions<PortalOptions>>((options, store, portal) =>
            {
                options.SessionStore = store;
                options.Cookie.SecurePolicy = portal.Value.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            });
        services.AddOptions<OpenIdConnectOptions>(OidcScheme)
            .Configure<IConfiguration, IOptions<PortalOptions>>((options, configuration, portal) => Configure(options, configuration, portal.Value));

        services.AddAuthorizationBuilder()
            .AddPolicy(SignedIn, policy => policy.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>The issuer of the platform's tokens, from the settings the API validates them with.</summary>
    public static string Authority(IConfiguration configuration)
    {
        var server = configuration["Keycloak:ServerUrl"] is { Length: > 0 } url ? url : "http://localhost:8080";
        var realm = configuration["Keycloak:Realm"] is { Length: > 0 } name ? name : "egov";
        return $"{server.TrimEnd('/')}/realms/{realm}";
    }

    private static void Configure(OpenIdConnectOptions options, IConfiguration configuration, PortalOptions portal)
    {
        options.SignInScheme = CookieScheme;
        options.Authority = Authority(configuration);
        if (configuration["Keycloak:MetadataAddress"] is { Length: > 0 } metadata)
        {
            options.MetadataAddress = metadata;
        }

        options.RequireHttpsMetadata = bool.TryParse(configuration["Keycloak:RequireHttpsMetadata"], out var https)
            ? https
            : options.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        options.ClientId = portal.ClientId;
        options.ClientSecret = portal.ClientSecret;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        options.SaveTokens = true;
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add("profile");
        options.TokenValidationParameters.NameClaimType = "preferred_username";
        options.TokenValidationParameters.RoleClaimType = "role";
        options.CorrelationCookie.SecurePolicy = portal.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SecurePolicy = options.CorrelationCookie.SecurePolicy;

        // The issuer answers with a top-level GET (response_mode=query), so Lax cookies come back with it; SameSite=None
        // would need Secure, which plain-HTTP development cannot give.
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.Events.OnTokenValidated = context =>
        {
            // The roles are in the access token (realm_access, resource_access), read once at sign-in for the pages to
            // choose what they show; the API checks them again on every call.
            if (context.Principal?.Identity is ClaimsIdentity identity && context.TokenEndpointResponse?.AccessToken is { } access)
            {
                foreach (var role in Roles(access))
                {
                    identity.AddClaim(new Claim("role", role));
                }
            }

            return Task.CompletedTask;
        };
        options.Events.OnRedirectToIdentityProvider = context =>
        {
            context.ProtocolMessage.UiLocales = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
            return Task.CompletedTask;
        };
        options.Events.OnRemoteFailure = context =>
        {
            // A refused or broken sign-in (the user cancelled, a stale link): back to the home page, never a stack trace.
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalSignIn))
                .LogWarning("A sign-in did not complete: {Reason}", context.Failure?.Message);
            context.HandleResponse();
            context.Response.Redirect("/");
            return Task.CompletedTask;
        };
    }

    /// <summary>The realm roles in an access token (read, not validated: it came from the token endpoint itself).</summary>
    public static IEnumerable<string> Roles(string accessToken)
    {
        var token = new JsonWebTokenHandler().ReadJsonWebToken(accessToken);
        var roles = new HashSet<string>(StringComparer.Ordinal);
        if (token.TryGetPayloadValue<JsonElement>("realm_access", out var realm) && realm.ValueKind == JsonValueKind.Object
            && realm.TryGetProperty("roles", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            roles.UnionWith(list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!));
        }

        return roles;
    }
}

/// <summary>
/// The server-side ticket store behind the session cookie: the authentication ticket (the user's tokens included) is
/// serialised, protected by data protection through the ticket serializer's format, and kept in the distributed cache
/// under a random key; the cookie carries only that key. Configure a shared distributed cache when the portal runs on
/// more than one node (docs/portal.md).
/// </summary>
internal sealed class ServerTicketStore(IDistributedCache cache, Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection) : ITicketStore
{
    private const string Prefix = "egov-portal-ticket:";

    private readonly Microsoft.AspNetCore.DataProtection.IDataProtector _protector = protection.CreateProtector("EGov.Portal.Tickets");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        var options = new DistributedCacheEntryOptions();
        if (ticket.Properties.ExpiresUtc is { } expires)
        {
            options.AbsoluteExpiration = expires;
        }
        else
        {
            options.SlidingExpiration = TimeSpan.FromHours(8);
        }

        return cache.SetAsync(Prefix + key, _protector.Protect(TicketSerializer.Default.Serialize(ticket)), options);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var bytes = await cache.GetAsync(Prefix + key);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(bytes));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public Task RemoveAsync(string key) => cache.RemoveAsync(Prefix + key);
}

/// <summary>Refreshes the access token (refresh-token grant, with rotation) when it is about to expire.</summary>
internal sealed partial class TokenRefresher(
    IHttpClientFactory clients,
    IOptionsMonitor<OpenIdConnectOptions> oidc,
    TimeProvider clock,
    ILogger<TokenRefresher> logger)
{
    public const string ClientName = "egov-portal-token";

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var properties = context.Properties;
        if (!DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expires)
            || expires - clock.GetUtcNow() > TimeSpan.FromSeconds(PortalSignIn.RefreshMarginSeconds))
        {
            return;
        }

        var refreshed = properties.GetTokenValue("refresh_token") is { Length: > 0 } refresh ? await RefreshAsync(refresh, context.HttpContext.RequestAborted) : null;
        if (refreshed is null)
        {
            // The session at the issuer ended (signed out elsewhere, expired, revoked): sign in again.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(PortalSignIn.CookieScheme);
            return;
        }

        var tokens = properties.GetTokens().ToDictionary(t => t.Name, t => t.Value, StringComparer.Ordinal);
        tokens["access_token"] = refreshed.AccessToken;
        if (!string.IsNullOrEmpty(refreshed.RefreshToken))
        {
            tokens["refresh_token"] = refreshed.RefreshToken;
        }

        if (!string.IsNullOrEmpty(refreshed.IdToken))
        {
            tokens["id_token"] = refreshed.IdToken;
        }

        var lifetime = int.TryParse(refreshed.ExpiresIn, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : 300;
        tokens["expires_at"] = clock.GetUtcNow().AddSeconds(lifetime).ToString("o", CultureInfo.InvariantCulture);
        properties.StoreTokens(tokens.Select(t => new AuthenticationToken { Name = t.Key, Value = t.Value }));
        context.ShouldRenew = true;
    }

    private async Task<OpenIdConnectMessage?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var options = oidc.Get(PortalSignIn.OidcScheme);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = refreshToken,
                    ["client_id"] = options.ClientId!,
                    ["client_secret"] = options.ClientSecret ?? string.Empty,
                }),
            };
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefreshRefused(logger, (int)response.StatusCode);
                return null;
            }

            return new OpenIdConnectMessage(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException failure)
        {
            LogRefreshFailed(logger, failure.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The issuer refused to refresh a portal session ({Status}); the user signs in again")]
    private static partial void LogRefreshRefused(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The issuer could not be reached to refresh a portal session: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string error);
}
