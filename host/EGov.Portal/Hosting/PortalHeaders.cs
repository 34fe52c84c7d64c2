using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace EGov.Portal.Hosting;

/// <summary>
/// The portal's response headers: a strict Content-Security-Policy without nonces (no inline script or style
/// anywhere: scripts and styles are files of the portal's own origin), no framing, no referrer, no sniffing, and
/// <c>no-store</c> on pages (they may show personal data; the static assets keep their own caching).
/// </summary>
internal sealed class PortalHeaders(RequestDelegate next, IConfiguration configuration)
{
    /// <summary>Forms post to the portal; sign-out also redirects to the issuer's origin.</summary>
    private readonly string _policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; "
        + $"manifest-src 'self'; form-action 'self' {IssuerOrigin(configuration)}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static string IssuerOrigin(IConfiguration configuration) =>
        new Uri(PortalSignIn.Authority(configuration)).GetLeftPart(UriPartial.Authority);

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = _policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            if (http.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            var type = http.Response.ContentType;
            if (type is not null && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
