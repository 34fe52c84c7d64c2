using Microsoft.AspNetCore.Routing.Template;

namespace EGov.Host.Platform;

/// <summary>
/// Keeps the status of an API path honest when routing could only reject it. A request under <c>/api</c> that routing
/// answered with "405 method not allowed" is 404 unless some API route matches its path: a GET-only endpoint that
/// matches any path (the static-asset handler of a Development build, the portal's pages) must not turn an unknown
/// <c>POST /api/…</c> into 405. A wrong method on a real API route stays 405 with its Allow header, and a wrong content
/// type stays 415, because routing's own rejection endpoints still answer those.
/// </summary>
internal sealed class UnknownApiPaths(RequestDelegate next, EndpointDataSource endpoints)
{
    private const string MethodRejection = "405 HTTP Method Not Supported";
    private readonly Lazy<TemplateMatcher[]> _apiRoutes = new(() => endpoints.Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => IsApi(e.RoutePattern.RawText))
        .Select(e => new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()))
        .ToArray());

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api")
            && context.GetEndpoint() is { DisplayName: MethodRejection }
            && !_apiRoutes.Value.Any(route => route.TryMatch(context.Request.Path, [])))
        {
            context.SetEndpoint(null);
            return Results.Problem(statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
        }

        return next(context);
    }

    private static bool IsApi(string? pattern) =>
        pattern is not null && (pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern.StartsWith("api/", StringComparison.Ordinal));
}
