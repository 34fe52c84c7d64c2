using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EGov.Host.Platform;

/// <summary>Settings of section <c>Http</c>.</summary>
internal sealed class HttpLimitsOptions
{
    public const string Section = "Http";

    /// <summary>Largest JSON request body; larger ones get 413 before anything reads them. Uploads (multipart) have their own limits.</summary>
    [Range(1024, 104_857_600)]
    public long MaxJsonBodyBytes { get; set; } = 1_048_576;
}

/// <summary>
/// Refuses JSON bodies above <see cref="HttpLimitsOptions.MaxJsonBodyBytes"/> with a 413 problem: by the declared
/// length at once, and while reading for bodies sent without one.
/// </summary>
internal sealed class JsonBodyLimit(RequestDelegate next, IOptions<HttpLimitsOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxJsonBodyBytes;
        if (!context.Request.HasJsonContentType())
        {
            await next(context);
            return;
        }

        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request too large",
                    Detail = $"A JSON request body may be at most {limit} bytes.",
                },
            });
            return;
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        await next(context);
    }
}
