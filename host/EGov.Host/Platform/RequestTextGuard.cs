using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using EGov.SharedKernel.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace EGov.Host.Platform;

/// <summary>
/// The one place where request text is checked before any module sees it, for every module alike: a NUL character
/// (PostgreSQL stores none in <c>text</c> or <c>jsonb</c>) in the path or a query parameter, and in a JSON body a
/// NUL, invalid UTF-8 or a lone surrogate in any string or property name, typed or free-form (a
/// <see cref="JsonElement"/> would otherwise carry it to the database). Refused with a 400 validation problem that
/// names the parameter or the JSON path; nothing runs, so nothing is written. JSON bodies are also held to
/// <see cref="HttpLimitsOptions.MaxJsonBodyBytes"/>: 413 by declared length at once, or while reading.
/// </summary>
internal sealed class RequestTextGuard(RequestDelegate next, IOptions<HttpLimitsOptions> options, IProblemDetailsService problems)
{
    private const string NulMessage = "Text may not contain the NUL character (U+0000).";
    private const string EncodingMessage = "Text must be valid Unicode: invalid UTF-8 or a lone surrogate was sent.";

    public async Task InvokeAsync(HttpContext context)
    {
        var errors = new ValidationErrors();
        CheckPathAndQuery(context.Request, errors);
        if (errors.Any)
        {
            await RefuseAsync(context, errors);
            return;
        }

        if (!context.Request.HasJsonContentType())
        {
            await next(context);
            return;
        }

        var limit = options.Value.MaxJsonBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context, limit);
            return;
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (!AcceptsJson(context))
        {
            await next(context);
            return;
        }

        var body = await ReadBodyAsync(context.Request, limit, context.RequestAborted);
        if (body is null)
        {
            await TooLargeAsync(context, limit);
            return;
        }

        JsonText.Check(body.GetBuffer().AsSpan(0, (int)body.Length), errors);
        if (errors.Any)
        {
            await RefuseAsync(context, errors);
            return;
        }

        context.Request.Body = body;
        await next(context);
    }

    private static void CheckPathAndQuery(HttpRequest request, ValidationErrors errors)
    {
        if (request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true)
        {
            errors.Add("path", NulMessage);
        }

        foreach (var (name, values) in request.Query)
        {
            if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                errors.Add(name.Replace("\0", "", StringComparison.Ordinal), NulMessage);
            }
        }
    }

    /// <summary>Only endpoints that read a JSON body have theirs checked; others never read it.</summary>
    private static bool AcceptsJson(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAcceptsMetadata>()
            .Any(a => a.ContentTypes.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase))) == true;

    /// <summary>The whole body in memory, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<MemoryStream?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream(request.ContentLength is { } length and > 0 ? (int)Math.Min(length, limit) : 4096);
        request.HttpContext.Response.RegisterForDispose(buffer);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        buffer.Position = 0;
        return buffer;
    }

    private Task RefuseAsync(HttpContext context, ValidationErrors errors)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(errors.ToDictionary())
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more fields are invalid.",
            },
        }).AsTask();
    }

    private Task TooLargeAsync(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request too large",
                Detail = $"A JSON request body may be at most {limit} bytes.",
            },
        }).AsTask();
    }

    /// <summary>Walks a JSON document and names every string or property name PostgreSQL or .NET cannot hold.</summary>
    internal static class JsonText
    {
        private const int MaxReported = 20;

        public static void Check(ReadOnlySpan<byte> json, ValidationErrors errors)
        {
            // Nearly every body is clean: find that out without allocating, and name the paths only when it is not.
            if (IsClean(json))
            {
                return;
            }

            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow });
            var path = new List<string>();
            var indexes = new List<int>();
            var reported = 0;
            try
            {
                while (reader.Read() && reported < MaxReported)
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject or JsonTokenType.StartArray:
                            CountArrayItem(indexes, path);
                            path.Add(reader.TokenType == JsonTokenType.StartArray ? "[]" : "{}");
                            indexes.Add(-1);
                            break;
                        case JsonTokenType.EndObject or JsonTokenType.EndArray:
                            path.RemoveAt(path.Count - 1);
                            indexes.RemoveAt(indexes.Count - 1);
                            break;
                        case JsonTokenType.PropertyName:
                            var name = ReadText(ref reader, out var nameProblem);
                            path[^1] = "{" + (name ?? "?") + "}";
                            if (nameProblem is not null)
                            {
                                errors.Add(Describe(path, indexes), nameProblem);
                                reported++;
                            }

                            break;
                        case JsonTokenType.String:
                            CountArrayItem(indexes, path);
                            ReadText(ref reader, out var valueProblem);
                            if (valueProblem is not null)
                            {
                                errors.Add(Describe(path, indexes), valueProblem);
                                reported++;
                            }

                            break;
                        default:
                            CountArrayItem(indexes, path);
                            break;
                    }
                }
            }
            catch (JsonException)
            {
                // Malformed JSON is the binder's to refuse, with its own 400: this check is about text only.
            }
        }

        /// <summary>True when every string and property name is valid Unicode without NUL (or the JSON is malformed).</summary>
        private static bool IsClean(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow });
            try
            {
                while (reader.Read())
                {
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                    {
                        continue;
                    }

                    // Unescaped text cannot hold a NUL (the reader refuses control characters), only invalid UTF-8;
                    // escaped text may hold a NUL or a lone surrogate, so it is decoded.
                    string? problem = null;
                    var clean = reader.ValueIsEscaped ? ReadText(ref reader, out problem) is not null && problem is null : Utf8.IsValid(reader.ValueSpan);
                    if (!clean)
                    {
                        return false;
                    }
                }
            }
            catch (JsonException)
            {
                // Malformed JSON is the binder's to refuse.
            }

            return true;
        }

        private static void CountArrayItem(List<int> indexes, List<string> path)
        {
            if (path.Count > 0 && path[^1] == "[]")
            {
                indexes[^1]++;
            }
        }

        private static string? ReadText(ref Utf8JsonReader reader, out string? problem)
        {
            problem = null;
            string? text;
            try
            {
                text = reader.GetString();
            }
            catch (InvalidOperationException)
            {
                problem = EncodingMessage;
                return null;
            }

            if (text is not null && text.Contains('\0', StringComparison.Ordinal))
            {
                problem = NulMessage;
            }

            return text?.Replace("\0", "", StringComparison.Ordinal);
        }

        /// <summary>The field name as the validation problems spell it: <c>fields.plate</c>, <c>form.fields[2].name</c>.</summary>
        private static string Describe(List<string> path, List<int> indexes)
        {
            var text = new StringBuilder();
            for (var i = 0; i < path.Count; i++)
            {
                var segment = path[i];
                if (segment == "[]")
                {
                    if (indexes[i] >= 0)
                    {
                        text.Append('[').Append(indexes[i]).Append(']');
                    }
                }
                else if (segment.Length > 2)
                {
                    if (text.Length > 0)
                    {
                        text.Append('.');
                    }

                    text.Append(segment, 1, segment.Length - 2);
                }
            }

            return text.Length == 0 ? "body" : text.ToString();
        }
    }
}
