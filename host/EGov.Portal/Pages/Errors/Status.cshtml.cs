using System.Net;
using EGov.Portal.Api.G2c;
using EGov.Portal.Api.Platform;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;

namespace EGov.Portal.Pages.Errors;

/// <summary>
/// The friendly error pages (GOV.UK patterns): page not found, no access, a problem with the service, and service
/// unavailable when the API cannot be reached. They show no internals; the exception goes to the log with the
/// request's trace id only.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel(ILogger<StatusModel> logger) : PageModel
{
    public int Code { get; private set; }

    public IActionResult OnGet(int status) => Show(status);

    public IActionResult OnPost(int status) => Show(status);

    private IActionResult Show(int status)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        Code = failure is null ? Known(status) : FromFailure(failure);
        if (failure is not null && Code == 500)
        {
            logger.LogError(failure, "A portal page failed ({TraceId})", HttpContext.TraceIdentifier);
        }

        Response.StatusCode = Code;
        return Page();
    }

    private static int Known(int status) => status switch
    {
        401 or 403 => 403,
        404 or 405 or 410 => 404,
        503 => 503,
        400 => 400,
        > 400 and < 500 => 404,
        _ => 500,
    };

    /// <summary>What a failed API call means for the visitor.</summary>
    private static int FromFailure(Exception failure) => failure switch
    {
        G2cApiException api => FromApi(api.StatusCode),
        PlatformApiException api => FromApi(api.StatusCode),
        HttpRequestException or TaskCanceledException => 503,
        _ => 500,
    };

    private static int FromApi(int status) => status switch
    {
        (int)HttpStatusCode.NotFound or (int)HttpStatusCode.BadRequest => 404,
        (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.Unauthorized => 403,
        (int)HttpStatusCode.ServiceUnavailable or (int)HttpStatusCode.BadGateway or (int)HttpStatusCode.GatewayTimeout or 429 => 503,
        _ => 500,
    };
}
