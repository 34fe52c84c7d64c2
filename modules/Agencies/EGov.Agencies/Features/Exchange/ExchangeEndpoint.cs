using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EGov.Agencies.Domain.Exchange;
using EGov.Agencies.Features.MessageLog;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Agencies.Features.Exchange;

/// <summary>
/// <c>GET|POST /api/g2g/exchange/{provider}/{service}</c>: an agency system calls another agency's data service.
/// Checks, in order: the headers and body (400, nothing written), the service's own request rules (422, nothing
/// written), a replayed message id (409), a client header that is not the caller's agency (403), the service and
/// operation (404), the caller's granted right (403, nothing forwarded); then the provider answers (200, 404, 502,
/// 504). Every outcome after the first two is one entry of the signed message log.
/// </summary>
internal static partial class ExchangeEndpoint
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxLoggedBodyChars = 64 * 1024;
    private const string PrintableAscii = "^[!-~]+$";
    private const string PrintableAsciiWithSpaces = "^[!-~]([ -~]*[!-~])?$";
    private const string ClientRule = "^[A-Za-z][A-Za-z0-9]{1,15}$";
    private const string OperationRule = "^[a-z][a-z0-9-]{0,63}$";

    /// <summary>The exchange headers with the rules the gateway checks: name, required, pattern, longest value.</summary>
    private static readonly (string Name, bool Required, string Pattern, int Max, string Description)[] HeaderRules =
    [
        (ExchangeHeaderNames.Client, true, ClientRule, 16, "The consumer agency's code; must be the token's agency_id."),
        (ExchangeHeaderNames.MessageId, true, PrintableAscii, 100, "Unique per consumer (a UUID, for example); a second use is refused with 409."),
        (ExchangeHeaderNames.UserId, true, PrintableAscii, 200, "The end user on whose behalf the system calls."),
        (ExchangeHeaderNames.Purpose, true, PrintableAsciiWithSpaces, AccessRight.MaxPurposeLength, "Why the data is needed."),
        (ExchangeHeaderNames.Issue, false, PrintableAsciiWithSpaces, 200, "The case the call serves (a reference number)."),
        (ExchangeHeaderNames.Operation, false, OperationRule, 64, "The operation, when the service has several for the method."),
    ];

    public static void Map(RouteGroupBuilder module)
    {
        var exchange = module.MapGroup("/exchange").RequireAccess(Access.AnyOf(PlatformRoles.Agency));
        const string description =
            "Calls the data service `{service}` of agency `{provider}` for the caller's agency (a service account or official with `agency_id`). " +
            "Headers: `X-EGov-Client` (the consumer agency; must be the token's `agency_id`), `X-EGov-Message-Id` (unique per consumer; a second use is refused), " +
            "`X-EGov-User-Id` (the end user on whose behalf), `X-EGov-Purpose`, optional `X-EGov-Issue` (the case served) and `X-EGov-Operation` " +
            "(needed when the service has several operations for the method). The data subject goes in the service's subject parameter (query for GET, " +
            "top-level body member for POST). Deny by default: without a granted right covering the operation, 403 and nothing is forwarded. " +
            "Every call that passes the input checks is logged, granted or refused; the answer carries `X-EGov-Log-Sequence`. " +
            "502: the provider failed or answered something other than JSON; 504: it did not answer in time.";
        exchange.MapGet("/{provider}/{service}", GetAsync)
            .WithName("ExchangeRead")
            .WithSummary("Call a data service (read)")
            .WithDescription(description)
            .Produces<JsonElement>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .AddOpenApiOperationTransformer(DeclareHeaders);
        exchange.MapPost("/{provider}/{service}", PostAsync)
            .WithName("ExchangeCall")
            .WithSummary("Call a data service (query)")
            .WithDescription(description + " The body is a JSON object of at most 1 MiB.")
            .Accepts<Dictionary<string, JsonElement>>("application/json")
            .Produces<JsonElement>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .AddOpenApiOperationTransformer(DeclareHeaders);
    }

    private static Task DeclareHeaders(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Header))
        {
            var rule = HeaderRules.FirstOrDefault(r => string.Equals(r.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (rule.Name is null)
            {
                continue;
            }

            parameter.Required = rule.Required;
            parameter.Description = rule.Description;
            parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = rule.Max, Pattern = rule.Pattern };
        }

        return Task.CompletedTask;
    }

    /// <summary>The exchange headers, declared for the OpenAPI document with the rules the gateway checks.</summary>
    internal sealed class Headers
    {
        [FromHeader(Name = ExchangeHeaderNames.Client)]
        public string? Client { get; init; }

        [FromHeader(Name = ExchangeHeaderNames.MessageId)]
        public string? MessageId { get; init; }

        [FromHeader(Name = ExchangeHeaderNames.UserId)]
        public string? UserId { get; init; }

        [FromHeader(Name = ExchangeHeaderNames.Purpose)]
        public string? Purpose { get; init; }

        [FromHeader(Name = ExchangeHeaderNames.Issue)]
        public string? Issue { get; init; }

        [FromHeader(Name = ExchangeHeaderNames.Operation)]
        public string? Operation { get; init; }
    }

    internal static Task<IResult> GetAsync(
        string provider, string service, [AsParameters] Headers headers, HttpContext http, ExchangeGateway gateway, CancellationToken ct) =>
        RunAsync(provider, service, headers, OperationMethod.Get, http, gateway, ct);

    internal static Task<IResult> PostAsync(
        string provider, string service, [AsParameters] Headers headers, HttpContext http, ExchangeGateway gateway, CancellationToken ct) =>
        RunAsync(provider, service, headers, OperationMethod.Post, http, gateway, ct);

    private static async Task<IResult> RunAsync(
        string provider, string service, Headers headers, OperationMethod method, HttpContext http, ExchangeGateway gateway, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Check(errors, ExchangeHeaderNames.Client, headers.Client, 16, ClientPattern(), required: true);
        Check(errors, ExchangeHeaderNames.MessageId, headers.MessageId, 100, AsciiPattern(), required: true);
        Check(errors, ExchangeHeaderNames.UserId, headers.UserId, 200, AsciiPattern(), required: true);
        Check(errors, ExchangeHeaderNames.Purpose, headers.Purpose, AccessRight.MaxPurposeLength, AsciiSpacesPattern(), required: true);
        Check(errors, ExchangeHeaderNames.Issue, headers.Issue, 200, AsciiSpacesPattern(), required: false);
        Check(errors, ExchangeHeaderNames.Operation, headers.Operation, 64, OperationPattern(), required: false);

        var body = Array.Empty<byte>();
        JsonElement? json = null;
        if (method == OperationMethod.Post && !errors.Any)
        {
            if (http.Request.ContentLength > MaxBodyBytes)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"The body is limited to {MaxBodyBytes} bytes.");
            }

            var read = await ReadBodyAsync(http.Request, ct);
            if (read is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"The body is limited to {MaxBodyBytes} bytes.");
            }

            body = read;
            json = ParseObject(body, errors);
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var call = new ExchangeRequest(
            provider.Trim().ToUpperInvariant(), service.Trim(), method,
            new ExchangeHeaders(headers.Client!, headers.MessageId!, headers.UserId!, headers.Issue, headers.Purpose!),
            headers.Operation,
            http.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))).ToList(),
            json, body, LogChain.Sha512(RequestBytes(http.Request, body)));
        var result = await gateway.CallAsync(call, ct);
        if (result.Sequence is { } sequence)
        {
            http.Response.Headers[ExchangeHeaderNames.LogSequence] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        http.Response.Headers[ExchangeHeaderNames.MessageId] = headers.MessageId;
        return result.Result;
    }

    /// <summary>What the request hash covers: <c>METHOD SP path?query LF body</c>.</summary>
    private static byte[] RequestBytes(HttpRequest request, byte[] body)
    {
        var head = Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n");
        return [.. head, .. body];
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static JsonElement? ParseObject(byte[] body, ValidationErrors errors)
    {
        if (body.Length == 0)
        {
            errors.Add("body", "The body is required: a JSON object.");
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "The body must be a JSON object.");
                return null;
            }

            // Strings are read once here so invalid UTF-8 or lone surrogates are refused now, not deep in a provider.
            Walk(document.RootElement);
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            errors.Add("body", "The body is not valid JSON (UTF-8).");
            return null;
        }
    }

    private static void Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Walk(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
        }
    }

    private static void Check(ValidationErrors errors, string header, string? value, int max, Regex pattern, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(header, $"The '{header}' header is required.");
            }

            return;
        }

        if (value.Length == 0 || value.Length > max || !pattern.IsMatch(value))
        {
            errors.Add(header, $"'{header}' must be 1 to {max} characters matching {pattern}.");
        }
    }

    [GeneratedRegex(ClientRule)]
    private static partial Regex ClientPattern();

    [GeneratedRegex(PrintableAscii)]
    private static partial Regex AsciiPattern();

    [GeneratedRegex(PrintableAsciiWithSpaces)]
    private static partial Regex AsciiSpacesPattern();

    [GeneratedRegex(OperationRule)]
    private static partial Regex OperationPattern();
}

/// <summary>A call through the exchange after the input checks.</summary>
internal sealed record ExchangeRequest(
    string Provider,
    string Service,
    OperationMethod Method,
    ExchangeHeaders Headers,
    string? Operation,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    JsonElement? Body,
    byte[] RawBody,
    string RequestHash);

internal sealed record ExchangeResult(IResult Result, long? Sequence);

/// <summary>
/// The exchange's decisions and the provider call, with the log entry each outcome leaves. The directory and rights
/// come from the database on every call (a revoked right stops the next call).
/// </summary>
internal sealed class ExchangeGateway(
    AgenciesDb db, ICurrentUser user, IMessageLog log, DataServiceAnswers answers, AgencySystemForwarder forwarder, TimeProvider clock)
{
    public async Task<ExchangeResult> CallAsync(ExchangeRequest call, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var consumer = user.AgencyId?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(consumer) || consumer.Length > 16)
        {
            return new(Problems.Forbidden("Your token names no agency (claim agency_id): only agencies call the exchange."), null);
        }

        if (!Domain.Agency.IsValidCode(call.Provider) || !DataService.IsValidCode(call.Service))
        {
            return new(Problems.NotFound($"'{call.Provider}/{call.Service}' cannot name a data service: agency codes are capitals and digits, service codes lower-case letters, digits and '-'."), null);
        }

        var service = await db.DataServices.AsNoTracking()
            .FirstOrDefaultAsync(s => s.ProviderCode == call.Provider && s.Code == call.Service && s.Status == DataServiceStatus.Active, ct);
        var operation = service?.Resolve(call.Operation, call.Method);
        string? subject = null;
        if (service is not null && operation is not null && service.SubjectKind != DataSubjectKind.None)
        {
            subject = SubjectOf(service, call);
            if (subject is null)
            {
                return new(TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "The call does not name its data subject",
                    detail: $"Service {service.ProviderCode}/{service.Code} needs '{service.SubjectParameter}' ({(call.Method == OperationMethod.Get ? "query parameter" : "body member")}): 1 to 64 letters, digits or '-'."), null);
            }
        }

        var entry = new LogRecord(
            clock.GetUtcNow(), consumer, call.Headers.Client, Clip(call.Provider, 64), Clip(call.Service, 80), operation?.Name ?? call.Operation ?? string.Empty,
            call.Headers.Purpose, null, call.Headers.Issue, call.Headers.UserId, service?.SubjectKind ?? DataSubjectKind.None, subject,
            call.Headers.MessageId, call.RequestHash, null, 0, ExchangeOutcome.Answered, 0,
            service?.LogBodies == true ? ClipBody(call.RawBody) : null, null);

        if (!await log.ReserveMessageIdAsync(consumer, call.Headers.MessageId, ct))
        {
            return await Logged(entry, started, ExchangeOutcome.Replayed, Problems.Conflict($"Message id '{call.Headers.MessageId}' was used by {consumer} before: every call needs a new one."), ct);
        }

        if (!string.Equals(call.Headers.Client, consumer, StringComparison.OrdinalIgnoreCase))
        {
            return await Logged(entry, started, ExchangeOutcome.Forged, Problems.Forbidden($"{ExchangeHeaderNames.Client} names {call.Headers.Client}, but you act for agency {consumer}."), ct);
        }

        if (service is null || operation is null)
        {
            var detail = service is null
                ? $"Agency {call.Provider} publishes no active data service '{call.Service}'."
                : $"Service {service.ProviderCode}/{service.Code} has no {call.Method.ToString().ToUpperInvariant()} operation '{call.Operation}' (name it in {ExchangeHeaderNames.Operation} when it has several).";
            return await Logged(entry, started, ExchangeOutcome.NoSuchService, Problems.NotFound(detail), ct);
        }

        var right = await db.AccessRights.AsNoTracking()
            .FirstOrDefaultAsync(r => r.ServiceId == service.Id && r.ConsumerCode == consumer && r.Status == AccessRightStatus.Granted, ct);
        if (right is null || !right.Allows(operation.Name))
        {
            return await Logged(entry, started, ExchangeOutcome.NoRight,
                Problems.Forbidden($"Agency {consumer} holds no granted right to {service.ProviderCode}/{service.Code} covering '{operation.Name}'; nothing was forwarded."), ct);
        }

        entry = entry with { LegalBasis = right.LegalBasis };
        var serviceCall = new ServiceCall(operation.Name, call.Method, subject, call.Query, call.Body);
        DataAnswer answer;
        if (service.AnsweredBy == ServiceAnswerer.Module)
        {
            answer = answers.Find(service.ModuleAnswer) is { } module
                ? await module.AnswerAsync(serviceCall, ct)
                : DataAnswer.Failed($"The module answer '{service.ModuleAnswer}' is not part of this deployment.");
        }
        else
        {
            answer = await forwarder.ForwardAsync(service, serviceCall, call.Headers, call.RawBody, ct);
        }

        entry = entry with { ResponseHash = answer.Json is null ? null : LogChain.Sha512(answer.Json) };
        if (service.LogBodies && answer.Json is not null)
        {
            entry = entry with { ResponseBody = ClipBody(answer.Json) };
        }

        return answer.Kind switch
        {
            AnswerKind.Found => await Logged(entry, started, ExchangeOutcome.Answered, Results.Bytes(answer.Json!, "application/json"), ct, StatusCodes.Status200OK),
            AnswerKind.NotFound => await Logged(entry, started, ExchangeOutcome.NotFound, Problems.NotFound(answer.Detail!), ct),
            AnswerKind.TimedOut => await Logged(entry, started, ExchangeOutcome.ProviderTimedOut,
                TypedResults.Problem(statusCode: StatusCodes.Status504GatewayTimeout, title: "The provider did not answer in time", detail: answer.Detail), ct),
            _ => await Logged(entry, started, ExchangeOutcome.ProviderFailed,
                TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The provider failed", detail: answer.Detail), ct),
        };
    }

    private async Task<ExchangeResult> Logged(LogRecord entry, long started, ExchangeOutcome outcome, IResult result, CancellationToken ct, int? status = null)
    {
        var code = status ?? (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var micros = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        var sequence = await log.AppendAsync(entry with { Outcome = outcome, Status = code, DurationMicros = micros }, ct);
        return new ExchangeResult(result, sequence);
    }

    private static string? SubjectOf(DataService service, ExchangeRequest call)
    {
        string? value = null;
        if (call.Method == OperationMethod.Get)
        {
            var values = call.Query.Where(q => q.Key == service.SubjectParameter).Select(q => q.Value).ToList();
            value = values.Count == 1 ? values[0] : null;
        }
        else if (call.Body is { } body && body.TryGetProperty(service.SubjectParameter!, out var member) && member.ValueKind == JsonValueKind.String)
        {
            value = member.GetString();
        }

        return value is { Length: >= 1 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? value : null;
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];

    private static string? ClipBody(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).Replace("\0", string.Empty, StringComparison.Ordinal);
        return text.Length <= ExchangeEndpoint.MaxLoggedBodyChars ? text : text[..ExchangeEndpoint.MaxLoggedBodyChars];
    }
}
