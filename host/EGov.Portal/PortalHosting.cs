using System.Globalization;
using EGov.Portal.Api;
using EGov.Portal.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EGov.Portal;

/// <summary>
/// The portal in any ASP.NET Core host: <see cref="AddPortal"/> registers it, <see cref="UsePortal"/> adds its
/// pipeline (headers, languages, error pages) for the paths it owns, <see cref="MapPortal"/> maps its pages and
/// assets. The single platform host calls all three; EGov.Portal.Server is the portal as a process of its own.
/// </summary>
public static class PortalHosting
{
    /// <summary>The languages the portal speaks; the first is the default.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "fr"];

    /// <summary>The cookie that remembers the language the user chose.</summary>
    public const string LanguageCookie = "egov-language";

    /// <summary>Paths the platform's API and infrastructure own: the portal leaves them alone.</summary>
    private static readonly PathString[] NotPortal =
        ["/api", "/openapi", "/scalar", "/realms", "/health", "/metrics", "/.well-known"];

    public static IHostApplicationBuilder AddPortal(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PortalOptions>()
            .BindConfiguration(PortalOptions.Section)
            .Validate(o => o.ApiTimeoutSeconds is >= 1 and <= 300, "Portal:ApiTimeoutSeconds is between 1 and 300.")
            .Validate(o => string.IsNullOrWhiteSpace(o.ApiBaseAddress) || Uri.TryCreate(o.ApiBaseAddress, UriKind.Absolute, out _), "Portal:ApiBaseAddress is an absolute URL.")
            .ValidateOnStart();

        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/Account", PortalSignIn.SignedIn);
        }).AddViewLocalization();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "egov-antiforgery";
            options.FormFieldName = "__egov_af";
            options.HeaderName = null;
        });
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<PortalOptions>>((options, portal) =>
        {
            options.Cookie.SecurePolicy = portal.Value.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
        });

        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Languages.Select(l => new CultureInfo(l)).ToList();
            options.DefaultRequestCulture = new RequestCulture(Languages[0]);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = LanguageCookie },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });

        // The stylesheet and scripts are precompressed at build (gzip and Brotli) and MapStaticAssets serves the encoding
        // the browser accepts. Pages are not compressed: they carry antiforgery tokens, and compressing secrets beside
        // reflected input invites BREACH.
        services.AddHttpContextAccessor();
        services.AddPortalApi();
        services.AddPortalSignIn();
        return builder;
    }

    /// <summary>The portal's middleware, for its own paths only: headers, the user's language, friendly error pages.</summary>
    public static IApplicationBuilder UsePortal(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(context => IsPortalPath(context.Request.Path), portal =>
        {
            portal.UseMiddleware<PortalHeaders>();

            // Before the error pages: a culture set inside a later middleware does not flow back to the error page that
            // renders after it returns.
            portal.UseRequestLocalization();
            portal.UseMiddleware<PortalUser>();
            portal.UseMiddleware<PortalErrorPages>();
        });
        return app;
    }

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapStaticAssets();
        endpoints.MapRazorPages().WithStaticAssets();
        return endpoints;
    }

    /// <summary>Whether the portal answers <paramref name="path"/> (everything but the API and infrastructure paths).</summary>
    public static bool IsPortalPath(PathString path) =>
        !NotPortal.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}
