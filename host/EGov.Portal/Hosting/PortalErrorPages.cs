using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;

namespace EGov.Portal.Hosting;

/// <summary>
/// Friendly error pages for the portal's paths: an error status without a body (no such page, no access) and an
/// unhandled exception (a failed API call included) are answered by the error page <c>/error/{status}</c>, which
/// shows no internals. The API's paths keep the platform's problem responses.
/// </summary>
internal sealed class PortalErrorPages(RequestDelegate next, EndpointDataSource endpoints)
{
    public const string Page = "/Errors/Status";

    private Endpoint? _errorPage;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        try
        {
            await next(context);
        }
        catch (Exception failure) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Features.Set<IExceptionHandlerFeature>(new Failure(failure, context));
            await ShowAsync(context, StatusCodes.Status500InternalServerError);
            return;
        }

        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            await ShowAsync(context, response.StatusCode);
        }
    }

    private Task ShowAsync(HttpContext context, int status)
    {
        var page = _errorPage ??= endpoints.Endpoints.First(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath == Page);
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Request.Method = HttpMethods.Get;
        context.Request.RouteValues.Clear();
        context.Request.RouteValues["page"] = Page;
        context.Request.RouteValues["status"] = status;
        context.SetEndpoint(page);
        return page.RequestDelegate!(context);
    }

    private sealed class Failure(Exception error, HttpContext context) : IExceptionHandlerFeature
    {
        public Exception Error { get; } = error;

        public string Path { get; } = context.Request.Path;

        public Endpoint? Endpoint { get; } = context.GetEndpoint();

        public RouteValueDictionary? RouteValues { get; } = new(context.Request.RouteValues);
    }
}
