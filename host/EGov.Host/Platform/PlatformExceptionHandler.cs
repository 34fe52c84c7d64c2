using System.Globalization;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace EGov.Host.Platform;

/// <summary>
/// Turns every unhandled exception into a problem response that names no type, stack frame or SQL. Requests the
/// framework could not bind (malformed JSON, a body too large) keep their 4xx status with a plain explanation. A
/// database that cannot be reached (stopped, restarting, connections cut, pool exhausted) is a 503 with
/// <c>Retry-After</c>: the request did not complete and may be repeated (with the same <c>Idempotency-Key</c>).
/// </summary>
internal sealed partial class PlatformExceptionHandler(IProblemDetailsService problems, ILogger<PlatformExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before repeating a request the database could not serve.</summary>
    public const int DatabaseRetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "Request too large", "The request body exceeds the allowed size."),
            BadHttpRequestException bad =>
                (bad.StatusCode, "Malformed request", "The request could not be read: check that the body is valid JSON of the documented shape and that parameters have the documented types."),
            _ when PostgresErrors.IsUnavailable(exception) =>
                (StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable", "The platform's database cannot be reached at the moment. Repeat the request later; with the same Idempotency-Key it takes effect at most once."),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "The platform could not complete the request. Quote the trace id when reporting it."),
        };

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogDatabaseUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
            httpContext.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        else if (status >= 500)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable on {Method} {Path}: {Error}: {Message}; answered 503")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string path, string error, string message);
}
