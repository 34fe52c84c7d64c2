using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EGov.Host.Tests.Hardening;

/// <summary>
/// What every response must satisfy: no 5xx; a status the operation declares (exact, range or <c>default</c>);
/// a body that validates against the declared schema of its media type; RFC 9457-shaped problem details; and for
/// known-invalid input, a refusal (never 2xx).
/// </summary>
public sealed partial class ResponseChecks(SchemaValidator validator)
{
    /// <summary>A high surrogate escape not followed by a low one, or a low one not preceded by a high one.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!\\)\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")]
    private static partial System.Text.RegularExpressions.Regex LoneSurrogateEscape();

    public const string ProblemMediaType = "application/problem+json";

    public IReadOnlyList<string> Check(FuzzRequest request, int status, string? mediaType, byte[] body)
    {
        var reasons = new List<string>();
        var operation = request.Operation;
        if (status >= 500)
        {
            reasons.Add($"server error {status}");
        }

        if (request.KnownInvalid && status is >= 200 and < 300)
        {
            reasons.Add($"invalid input accepted with {status} ({request.Note.Split(" (", 2)[0]})");
        }

        if (request.ParametersConform && status == 400)
        {
            reasons.Add("400 for parameters that all match their declared schemas (a rule the document does not state)");
        }

        var declared = operation.ResponseFor(status);
        if (declared is null && status < 500)
        {
            reasons.Add($"undeclared status {status}");
        }

        if (body.Length == 0)
        {
            return reasons;
        }

        if (mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && LoneSurrogateEscape().IsMatch(Encoding.UTF8.GetString(body)))
        {
            reasons.Add($"{status} body carries a lone surrogate escape (text that is not Unicode was stored or echoed)");
        }

        if (string.Equals(mediaType, ProblemMediaType, StringComparison.OrdinalIgnoreCase))
        {
            reasons.AddRange(ProblemShape(status, body));
        }

        if (declared is null || declared.Content.Count == 0)
        {
            // Nothing declared to compare with (e.g. a 401 or 403 without content, a file download).
            return reasons;
        }

        if (!TryFindSchema(declared, mediaType, out var schema))
        {
            reasons.Add($"undeclared media type '{mediaType ?? "(none)"}' for {status}");
            return reasons;
        }

        if (schema is null || mediaType is null || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return reasons;
        }

        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            reasons.Add($"{status} body is not JSON although '{mediaType}'");
            return reasons;
        }

        if (validator.Validate(operation.Document, schema, instance) is { } error)
        {
            reasons.Add($"{status} body does not match the declared schema: {error}");
        }

        return reasons;
    }

    /// <summary>RFC 9457: a JSON object; <c>status</c> a single integer member equal to the HTTP status; text members strings.</summary>
    public static IEnumerable<string> ProblemShape(int status, byte[] body)
    {
        var statusMembers = 0;
        var notInteger = false;
        var problems = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return ["problem body is not a JSON object"];
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "status")
                {
                    statusMembers++;
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
                    {
                        notInteger = true;
                    }
                    else if (value != status)
                    {
                        problems.Add($"problem 'status' {value} differs from the HTTP status {status}");
                    }
                }
                else if (name is "type" or "title" or "detail" or "instance" && reader.TokenType != JsonTokenType.String)
                {
                    problems.Add($"problem '{name}' is not a string");
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return ["problem body is not valid JSON"];
        }

        if (statusMembers != 1)
        {
            problems.Add($"problem has {statusMembers} 'status' members (RFC 9457 wants exactly one)");
        }
        else if (notInteger)
        {
            problems.Add("problem 'status' is not an integer");
        }

        return problems;
    }

    private static bool TryFindSchema(ApiResponse declared, string? mediaType, out JsonNode? schema)
    {
        schema = null;
        if (mediaType is null)
        {
            return false;
        }

        foreach (var candidate in new[] { mediaType, $"{mediaType.Split('/')[0]}/*", "*/*" })
        {
            if (declared.Content.TryGetValue(candidate, out schema))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The start of a response body for a report.</summary>
    public static string Excerpt(byte[] body) =>
        body.Length == 0 ? "(empty)" : WireText.Summary(Encoding.UTF8.GetString(body), 300);
}
