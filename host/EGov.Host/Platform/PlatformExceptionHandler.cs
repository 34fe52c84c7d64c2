using Microsoft.AspNetCore.Diagnostics;

namespace EGov.Host.Platform;

/// <summary>
/// Turns every unhandled exception into a problem response that names no type, stack frame or SQL. Requests the
/// framework could not bind (malformed JSON, a body too large) keep their 4xx status with a plain explanation.
/// </summary>
internal sealed partial class PlatformExceptionHandler(IProblemDetailsService problems, ILogger<PlatformExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "Request too large", "The request body exceeds the allowed size."),
            BadHttpRequestException bad =>
                (bad.StatusCode, "Malformed request", "The request could not be read: check that the body is valid JSON of the documented shape and that parameters have the documented types."),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "The platform could not complete the request. Quote the trace id when reporting it."),
        };

        if (status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
