using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EGov.Agencies.Domain.Exchange;
using Microsoft.Extensions.Options;

namespace EGov.Agencies.Features.Exchange;

/// <summary>The X-EGov headers of a call, forwarded to the provider's system as they came.</summary>
internal sealed record ExchangeHeaders(string Client, string MessageId, string UserId, string? Issue, string Purpose);

/// <summary>
/// Calls an agency's own system: <c>{endpoint}/{operation}</c> with the consumer's method, query and body, and the
/// X-EGov headers. It waits at most <see cref="ExchangeOptions.TimeoutSeconds"/>; an answer that is not 2xx JSON (or
/// 404) is a failure. Nothing here throws for what the provider does.
/// </summary>
internal sealed class AgencySystemForwarder(IHttpClientFactory clients, IOptions<ExchangeOptions> options)
{
    public async Task<DataAnswer> ForwardAsync(DataService service, ServiceCall call, ExchangeHeaders headers, byte[] body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var address = new UriBuilder(service.Endpoint!.TrimEnd('/') + "/" + Uri.EscapeDataString(call.Operation))
        {
            Query = string.Join('&', call.Query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value))),
        }.Uri;
        using var request = new HttpRequestMessage(call.Method == OperationMethod.Get ? HttpMethod.Get : HttpMethod.Post, address);
        request.Headers.TryAddWithoutValidation(ExchangeHeaderNames.Client, headers.Client);
        request.Headers.TryAddWithoutValidation(ExchangeHeaderNames.MessageId, headers.MessageId);
        request.Headers.TryAddWithoutValidation(ExchangeHeaderNames.UserId, headers.UserId);
        request.Headers.TryAddWithoutValidation(ExchangeHeaderNames.Purpose, headers.Purpose);
        if (headers.Issue is not null)
        {
            request.Headers.TryAddWithoutValidation(ExchangeHeaderNames.Issue, headers.Issue);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (call.Method == OperationMethod.Post)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(settings.TimeoutSeconds, 0.1, 300)));
        try
        {
            var client = clients.CreateClient(ExchangeOptions.HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return DataAnswer.NotFound("The provider has no record for this request.");
            }

            if (status is < 200 or > 299)
            {
                return DataAnswer.Failed($"The provider's system answered {status}.", status);
            }

            var bytes = await ReadLimitedAsync(response.Content, settings.MaxAnswerBytes, timeout.Token);
            if (bytes is null)
            {
                return DataAnswer.Failed($"The provider's answer is larger than {settings.MaxAnswerBytes} bytes.", status);
            }

            if (!IsJson(bytes))
            {
                return DataAnswer.Failed("The provider's answer is not JSON.", status);
            }

            return DataAnswer.Found(bytes);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DataAnswer(AnswerKind.TimedOut, null, $"The provider's system did not answer within {settings.TimeoutSeconds:0.###} s.");
        }
        catch (HttpRequestException e)
        {
            return DataAnswer.Failed($"The provider's system could not be reached ({e.HttpRequestError}).");
        }
        catch (IOException)
        {
            return DataAnswer.Failed("The provider's system closed the connection before its answer was complete.");
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsJson(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>The exchange's request headers (docs/g2g.md), named after X-Road's <c>X-Road-Client</c>, <c>-Id</c>, <c>-UserId</c>, <c>-Issue</c>.</summary>
internal static class ExchangeHeaderNames
{
    public const string Client = "X-EGov-Client";
    public const string MessageId = "X-EGov-Message-Id";
    public const string UserId = "X-EGov-User-Id";
    public const string Issue = "X-EGov-Issue";
    public const string Purpose = "X-EGov-Purpose";
    public const string Operation = "X-EGov-Operation";
    public const string LogSequence = "X-EGov-Log-Sequence";
}
