using Microsoft.AspNetCore.Authorization;
using Scalar.AspNetCore;

namespace EGov.Host.Platform;

/// <summary>
/// The headers every response carries, set in one place: no MIME sniffing, no framing, no referrer, a Content
/// Security Policy (the API answers data and loads nothing; the API reference page loads its own assets only, its
/// scripts by a per-request nonce), HSTS on HTTPS, and <c>Cache-Control: no-store</c> on everything answered to
/// an authenticated caller or by a secured operation, so no cache keeps personal data. Kestrel's <c>Server</c>
/// header is switched off where Kestrel is configured. See docs/security.md.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public const string ReferencePath = "/scalar";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            // A page that sets its own, stricter policy keeps it: the development issuer's sign-in page and the portal's
            // pages (see EGov.Portal). Everything else gets the API's.
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = PolicyFor(http);
            }
            if (http.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            if (IsPersonal(http))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            headers.Remove("Server");
            headers.Remove("X-Powered-By");
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    private static string PolicyFor(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments(ReferencePath, StringComparison.OrdinalIgnoreCase))
        {
            return ApiPolicy;
        }

        // The reference page: its scripts carry the nonce Scalar generated for this response; styles are inline.
        var nonce = http.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var value) && value is string n ? $" 'nonce-{n}'" : "";
        return $"default-src 'self'; script-src 'self'{nonce}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
    }

    /// <summary>A response to an authenticated caller, or from an operation that requires one.</summary>
    private static bool IsPersonal(HttpContext http)
    {
        if (http.Request.Headers.Authorization.Count > 0 || http.User.Identity?.IsAuthenticated == true)
        {
            return true;
        }

        var metadata = http.GetEndpoint()?.Metadata;
        return metadata is not null && metadata.GetMetadata<IAuthorizeData>() is not null && metadata.GetMetadata<IAllowAnonymous>() is null;
    }
}
