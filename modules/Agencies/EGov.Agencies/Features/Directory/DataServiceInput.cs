using System.Text.Json;
using EGov.Agencies.Domain.Exchange;
using EGov.Agencies.Features.Exchange;
using EGov.Agencies.Features.Registry;
using EGov.SharedKernel.Http;

namespace EGov.Agencies.Features.Directory;

/// <summary>The rules of a published data service, shared by publishing and updating.</summary>
internal static class DataServiceInput
{
    public static DataServiceDetails? Validate(DataServiceBody body, DataServiceAnswers answers, ExchangeOptions exchange, ValidationErrors errors)
    {
        errors.Required("name", body.Name).MaxLength("name", body.Name?.Trim(), DataService.MaxNameLength);
        errors.Required("description", body.Description).MaxLength("description", body.Description, DataService.MaxDescriptionLength);
        NoNul(errors, "name", body.Name);
        NoNul(errors, "description", body.Description);

        var openApi = OpenApiText(body.OpenApi, errors);
        var personalData = List(errors, "personalData", body.PersonalData, required: false);
        var legalBases = List(errors, "legalBases", body.LegalBases, required: true);

        var operations = new List<ServiceOperation>();
        if (body.Operations is not { Count: > 0 })
        {
            errors.Add("operations", "'operations' is required: at least one {name, method}.");
        }
        else if (body.Operations.Count > DataService.MaxListItems)
        {
            errors.Add("operations", $"At most {DataService.MaxListItems} operations.");
        }
        else
        {
            for (var i = 0; i < body.Operations.Count; i++)
            {
                var operation = body.Operations[i];
                var name = operation?.Name?.Trim();
                if (name is null || !DataService.IsValidOperationName(name))
                {
                    errors.Add($"operations[{i}].name", "An operation name is 1 to 64 lower-case letters, digits or '-', starting with a letter.");
                }
                else if (operations.Any(o => o.Name == name))
                {
                    errors.Add($"operations[{i}].name", $"Operation '{name}' is listed twice.");
                }

                if (operation?.Method is null || !AgencyInput.TryParse<OperationMethod>(operation.Method, out var method))
                {
                    errors.Add($"operations[{i}].method", "'method' is Get or Post.");
                }
                else if (name is not null)
                {
                    operations.Add(new ServiceOperation(name, method));
                }
            }
        }

        var subjectKind = DataSubjectKind.None;
        if (body.SubjectKind is not null && !AgencyInput.TryParse(body.SubjectKind, out subjectKind))
        {
            errors.Add("subjectKind", "'subjectKind' is None, Person or Business.");
        }

        var subjectParameter = body.SubjectParameter?.Trim();
        if (subjectKind != DataSubjectKind.None && (subjectParameter is not { Length: >= 1 and <= 64 } || !subjectParameter.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            errors.Add("subjectParameter", "A service with a data subject names the parameter that carries it: 1 to 64 letters, digits, '-' or '_'.");
        }

        var answeredBy = ServiceAnswerer.AgencySystem;
        if (body.AnsweredBy is not null && !AgencyInput.TryParse(body.AnsweredBy, out answeredBy))
        {
            errors.Add("answeredBy", "'answeredBy' is AgencySystem or Module.");
        }

        Uri? endpoint = null;
        if (answeredBy == ServiceAnswerer.AgencySystem)
        {
            if (string.IsNullOrWhiteSpace(body.Endpoint) || body.Endpoint.Length > DataService.MaxEndpointLength
                || !Uri.TryCreate(body.Endpoint.Trim(), UriKind.Absolute, out endpoint) || !exchange.Admits(endpoint))
            {
                errors.Add("endpoint", exchange.AllowLoopbackHttp
                    ? "'endpoint' is an absolute HTTPS address (or http on a loopback address) without query or credentials."
                    : "'endpoint' is an absolute HTTPS address without query or credentials.");
                endpoint = null;
            }
        }
        else if (answers.Find(body.ModuleAnswer?.Trim()) is not { } answer)
        {
            errors.Add("moduleAnswer", $"'moduleAnswer' is one of: {string.Join(", ", answers.Keys.Order(StringComparer.Ordinal))}.");
        }
        else if (answer.SubjectKind != subjectKind)
        {
            errors.Add("subjectKind", $"Module answer '{answer.Key}' reads data of a {answer.SubjectKind}: 'subjectKind' must be {answer.SubjectKind}.");
        }

        if (errors.Any)
        {
            return null;
        }

        return new DataServiceDetails(
            body.Name!.Trim(), body.Description!.Trim(), openApi!, personalData, legalBases, operations, subjectKind,
            subjectKind == DataSubjectKind.None ? null : subjectParameter, answeredBy, body.ModuleAnswer?.Trim(), endpoint, body.LogBodies ?? false);
    }

    private static string? OpenApiText(JsonElement? openApi, ValidationErrors errors)
    {
        if (openApi is not { ValueKind: JsonValueKind.Object } document)
        {
            errors.Add("openApi", "'openApi' is required: the service's OpenAPI 3 description as a JSON object.");
            return null;
        }

        if (!document.TryGetProperty("openapi", out var version) || version.ValueKind != JsonValueKind.String || version.GetString()?.StartsWith("3.", StringComparison.Ordinal) != true)
        {
            errors.Add("openApi", "'openApi.openapi' must name an OpenAPI 3 version (\"3.0.3\", \"3.1.0\", ...).");
            return null;
        }

        if (!document.TryGetProperty("info", out var info) || info.ValueKind != JsonValueKind.Object
            || !document.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object)
        {
            errors.Add("openApi", "'openApi' needs an 'info' object and a 'paths' object.");
            return null;
        }

        string text;
        try
        {
            text = document.GetRawText();
            using var reparsed = JsonDocument.Parse(text);
            if (text.Contains("\\u0000", StringComparison.Ordinal) || HasLoneSurrogate(reparsed.RootElement))
            {
                errors.Add("openApi", "'openApi' may not contain NUL characters or lone surrogates.");
                return null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            errors.Add("openApi", "'openApi' is not valid JSON text.");
            return null;
        }

        if (text.Length > DataService.MaxOpenApiLength)
        {
            errors.Add("openApi", $"'openApi' is limited to {DataService.MaxOpenApiLength} characters.");
            return null;
        }

        return text;
    }

    private static bool HasLoneSurrogate(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => Lone(p.Name) || HasLoneSurrogate(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(HasLoneSurrogate),
        JsonValueKind.String => Lone(element.GetString()!),
        _ => false,
    };

    private static bool Lone(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]) || text[i] == '\0')
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> List(ValidationErrors errors, string field, IReadOnlyList<string>? values, bool required)
    {
        var list = new List<string>();
        if (values is null || values.Count == 0)
        {
            if (required)
            {
                errors.Add(field, $"'{field}' is required: at least one entry.");
            }

            return list;
        }

        if (values.Count > DataService.MaxListItems)
        {
            errors.Add(field, $"At most {DataService.MaxListItems} entries.");
            return list;
        }

        foreach (var value in values)
        {
            var trimmed = value?.Trim();
            if (string.IsNullOrEmpty(trimmed) || trimmed.Length > DataService.MaxItemLength || Lone(trimmed))
            {
                errors.Add(field, $"Every entry is 1 to {DataService.MaxItemLength} characters.");
                return list;
            }

            if (!list.Contains(trimmed, StringComparer.Ordinal))
            {
                list.Add(trimmed);
            }
        }

        return list;
    }

    private static void NoNul(ValidationErrors errors, string field, string? value)
    {
        if (value is not null && Lone(value))
        {
            errors.Add(field, $"'{field}' may not contain NUL characters or lone surrogates.");
        }
    }
}
