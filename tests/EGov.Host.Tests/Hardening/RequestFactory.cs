using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace EGov.Host.Tests.Hardening;

/// <summary>One generated request, ready to send, with a readable account of what it carries.</summary>
public sealed record FuzzRequest(
    ApiOperation Operation,
    Caller Caller,
    string Url,
    IReadOnlyList<(string Name, string Value)> Headers,
    byte[]? Body,
    string? ContentType,
    string? BodyText,
    string Note,
    bool KnownInvalid,
    bool ParametersConform = false)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Operation.Method), Url);
        Caller.Authorize(message);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return message;
    }

    public string Summary()
    {
        var text = new StringBuilder($"{Operation.Method} {WireText.Summary(Url, 300)}");
        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $" | {name}: {WireText.Summary(value, 60)}");
        }

        if (BodyText is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" | body ({ContentType}): {WireText.Summary(BodyText, 300)}");
        }

        if (Note.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" | {Note}");
        }

        return text.ToString();
    }
}

/// <summary>
/// Builds requests for an operation from its declared parameters and body schema: plausible values mixed with
/// hostile ones, and bodies that are invalid by the schema for the "refused and writes nothing" check.
/// </summary>
public sealed class RequestFactory(SchemaValidator validator, Harvest harvest)
{
    private static readonly string[] MalformedJson =
        ["{", "{\"a\":}", "{\"a\":1,}", "not json", "[1,2", "{\"a\":\"unterminated", "{'single':'quotes'}", "\u0000", "{}}", Hostile.InvalidUtf8];

    private static readonly string[] FileTypes = ["application/pdf", "image/png", "text/plain", "application/x-msdownload", "application/octet-stream"];

    private static readonly string[] FileNames = ["fuzz.pdf", "scan.png", "../../etc/passwd", "a\u0000b.pdf", "", "ü😀.pdf", new('n', 300)];

    private readonly Dictionary<string, string> _lastHeaderValues = new(StringComparer.Ordinal);

    /// <summary>Anything goes: plausible values, hostile leaves, extra members, now and then an invalid body.</summary>
    public FuzzRequest Mixed(ApiOperation operation, Caller caller, FuzzRandom random)
    {
        var hostile = random.Chance(0.45);
        var values = new SchemaValues(operation.Document, random, harvest) { HostileRate = hostile ? 0.3 : 0 };
        var url = Url(operation, values, random, hostile, out var conform);
        var headers = Headers(operation, caller, values, random, hostile, ref conform);
        var notes = new List<string>();
        if (hostile)
        {
            notes.Add("hostile values");
        }

        if (JsonBody(operation) is { } json)
        {
            if (!operation.Body!.Required && random.Chance(0.03))
            {
                return new FuzzRequest(operation, caller, url, headers, null, null, null, Join(notes, "no body"), false);
            }

            var body = values.Value(json.Schema);
            var roll = random.Below(100);
            if (roll < 12 && body is JsonObject obj)
            {
                var (name, value) = values.Extra();
                obj[name] = value;
                notes.Add($"extra member '{name}'");
            }
            else if (roll < 22)
            {
                var (text, what) = Invalidate(operation, json.Schema, body, random);
                return JsonRequest(operation, caller, url, headers, json.MediaType, text, Join(notes, what), knownInvalid: false);
            }

            return JsonRequest(operation, caller, url, headers, json.MediaType, body?.ToJsonString() ?? "null", Join(notes, string.Empty), knownInvalid: false);
        }

        if (Multipart(operation) is { } multipart)
        {
            var (bytes, contentType, summary) = MultipartBody(multipart.Schema, operation.Document, values, random, hostile);
            return new FuzzRequest(operation, caller, url, headers, bytes, contentType, summary, Join(notes, string.Empty), false);
        }

        return new FuzzRequest(operation, caller, url, headers, null, null, null, Join(notes, string.Empty), false, ParametersConform: conform && operation.Body is null);
    }

    /// <summary>
    /// A body the schema refuses (missing required member, wrong member type, wrong root type, malformed JSON, no
    /// body where one is required), with plausible parameters; null for operations without a JSON body.
    /// </summary>
    public FuzzRequest? KnownInvalid(ApiOperation operation, Caller caller, FuzzRandom random)
    {
        if (JsonBody(operation) is not { } json)
        {
            return null;
        }

        var values = new SchemaValues(operation.Document, random, harvest);
        var url = Url(operation, values, random, hostile: false, out var conform);
        var headers = Headers(operation, caller, values, random, hostile: false, ref conform);
        var (text, what) = Invalidate(operation, json.Schema, values.Value(json.Schema), random);
        return JsonRequest(operation, caller, url, headers, json.MediaType, text, what, knownInvalid: true);
    }

    private (string? Text, string What) Invalidate(ApiOperation operation, JsonNode? schema, JsonNode? body, FuzzRandom random)
    {
        var document = operation.Document;
        var resolved = document.Resolve(schema) as JsonObject;
        var required = (resolved?["required"] as JsonArray ?? []).Select(r => r?.GetValue<string>()).OfType<string>().ToList();
        var properties = (resolved?["properties"] as JsonObject)?.Select(p => p.Key).ToList() ?? [];
        var kind = random.Below(5);
        if (kind == 0 && body is JsonObject withRequired && required.Count > 0 && schema is not null)
        {
            var missing = random.Pick(required);
            withRequired.Remove(missing);
            if (validator.IsInvalid(document, schema, withRequired))
            {
                return (withRequired.ToJsonString(), $"invalid: required member '{missing}' missing");
            }
        }

        if (kind == 1 && body is JsonObject withMembers && properties.Count > 0 && schema is not null)
        {
            var member = random.Pick(properties);
            JsonNode?[] candidates = [JsonValue.Create(true), JsonValue.Create(12345), JsonValue.Create("fuzz-text"), new JsonObject(), new JsonArray(), JsonValue.Create(1.5), null];
            foreach (var candidate in candidates.OrderBy(_ => random.Below(1000)).ToList())
            {
                withMembers[member] = candidate?.DeepClone();
                if (validator.IsInvalid(document, schema, withMembers))
                {
                    return (withMembers.ToJsonString(), $"invalid: member '{member}' of the wrong type ({candidate?.ToJsonString() ?? "null"})");
                }
            }
        }

        if (kind == 2 && schema is not null)
        {
            JsonNode?[] roots = [new JsonArray(), JsonValue.Create("text"), JsonValue.Create(42), JsonValue.Create(false), null];
            var root = random.Pick(roots);
            if (validator.IsInvalid(document, schema, root))
            {
                return (root?.ToJsonString() ?? "null", $"invalid: root of the wrong type ({root?.ToJsonString() ?? "null"})");
            }
        }

        if (kind == 3 && operation.Body!.Required)
        {
            return (null, "invalid: no body although the body is required");
        }

        var malformed = random.Pick(MalformedJson);
        return (malformed, "invalid: malformed JSON");
    }

    private FuzzRequest JsonRequest(
        ApiOperation operation, Caller caller, string url, IReadOnlyList<(string, string)> headers, string mediaType, string? text, string note, bool knownInvalid) =>
        new(operation, caller, url, headers, text is null ? null : WireText.Json(text), text is null ? null : mediaType, text, note, knownInvalid);

    private string Url(ApiOperation operation, SchemaValues values, FuzzRandom random, bool hostile, out bool conform)
    {
        conform = true;
        var path = operation.Path;
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            var text = PathValue(parameter, values, random, hostile);
            values.Context.Add(text);
            conform &= Conforms(operation.Document, parameter, text);
            path = path.Replace("{" + parameter.Name + "}", WireText.Url(text), StringComparison.Ordinal);
        }

        var query = new List<string>();
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            if (parameter.Required || random.Chance(0.5))
            {
                var text = ParameterText(parameter, values, random, hostile);
                conform &= Conforms(operation.Document, parameter, text);
                query.Add($"{Uri.EscapeDataString(parameter.Name)}={WireText.Url(text)}");
            }
        }

        return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
    }

    /// <summary>
    /// Whether a parameter's text plainly matches its schema: read as a string where the schema allows strings,
    /// else as a JSON number or boolean. Text with control characters or invalid-encoding markers never counts as
    /// plain, so refusing it is never held against the document.
    /// </summary>
    private bool Conforms(ApiDocument document, ApiParameter parameter, string text)
    {
        if (parameter.Schema is null || text.Length == 0 || text.Any(char.IsControl)
            || text.Contains(Hostile.InvalidUtf8, StringComparison.Ordinal) || text.Contains(Hostile.LoneSurrogate, StringComparison.Ordinal))
        {
            return false;
        }

        // The formats int32/int64 are annotations in JSON Schema, but they do state a range: beyond it is not plain.
        var format = document.Resolve(parameter.Schema)?["format"]?.GetValue<string>();
        if (format is "int32" or "int64" && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && (format == "int32" ? number is < int.MinValue or > int.MaxValue : number is < long.MinValue or > long.MaxValue))
        {
            return false;
        }

        if (format is "int32" or "int64" && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var big) && Math.Abs(big) > long.MaxValue)
        {
            return false;
        }

        // The format date (RFC 3339 full-date) is an annotation too, but it states the rule a date parameter follows.
        if (format == "date" && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }

        // Likewise date-time (RFC 3339): a value that is no point in time does not plainly match it.
        if (format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return false;
        }

        JsonNode? asString = JsonValue.Create(text);
        if (validator.Validate(document, parameter.Schema, asString) is null)
        {
            return true;
        }

        try
        {
            return JsonNode.Parse(text) is JsonValue typed && validator.Validate(document, parameter.Schema, typed) is null;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// A path segment that still reaches this operation's route: never empty, no '/' or '\', not only dots. No NUL
    /// either: Kestrel refuses <c>%00</c> in a path with 400 before any route runs, and the in-memory test server
    /// throws on it, so it tests nothing of ours (NUL goes into queries, headers and bodies instead).
    /// </summary>
    private static string PathValue(ApiParameter parameter, SchemaValues values, FuzzRandom random, bool hostile)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var text = ParameterText(parameter, values, random, hostile);
            if (text.Trim('.').Length > 0 && !text.Contains('/', StringComparison.Ordinal) && !text.Contains('\\', StringComparison.Ordinal)
                && !text.Contains('\0', StringComparison.Ordinal))
            {
                return text;
            }
        }

        return "fuzz";
    }

    private static string ParameterText(ApiParameter parameter, SchemaValues values, FuzzRandom random, bool hostile)
    {
        if (hostile && random.Chance(0.5))
        {
            var numeric = parameter.Schema?.ToJsonString().Contains("integer", StringComparison.Ordinal) == true
                || parameter.Schema?.ToJsonString().Contains("number", StringComparison.Ordinal) == true;
            return numeric && random.Chance(0.7) ? random.Pick(Hostile.NumberTexts) : random.Pick(Hostile.Strings);
        }

        return values.Value(parameter.Schema, parameter.Name) switch
        {
            null => string.Empty,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
            var node => node.ToJsonString(),
        };
    }

    /// <summary>
    /// Declared header parameters (e.g. <c>Idempotency-Key</c>): mostly fresh unique values, sometimes the previous
    /// value again (a replay), sometimes hostile text, sometimes absent when optional. A value that does not plainly
    /// match its declared schema (a pattern, a length) clears <paramref name="conform"/>, as path and query values do.
    /// </summary>
    private List<(string, string)> Headers(ApiOperation operation, Caller caller, SchemaValues values, FuzzRandom random, bool hostile, ref bool conform)
    {
        var headers = new List<(string, string)>();
        foreach (var parameter in operation.Parameters.Where(p => p.In == "header"))
        {
            if (parameter.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || parameter.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!parameter.Required && random.Chance(0.1))
            {
                continue;
            }

            var key = $"{operation.Key}|{caller.Name}|{parameter.Name}";
            string value;
            if (_lastHeaderValues.TryGetValue(key, out var previous) && random.Chance(0.12))
            {
                value = previous;
            }
            else if (hostile && random.Chance(0.4))
            {
                value = WireText.Header(random.Pick(Hostile.Strings));
            }
            else
            {
                var generated = values.Value(parameter.Schema, parameter.Name);
                value = generated is JsonValue v && v.TryGetValue<string>(out var s) && (parameter.Schema?["format"] is not null || random.Chance(0.2))
                    ? s
                    : generated is JsonValue { } n && !n.TryGetValue<string>(out _) ? n.ToJsonString() : random.NextGuid().ToString();
            }

            _lastHeaderValues[key] = value;
            conform &= Conforms(operation.Document, parameter, value);
            headers.Add((parameter.Name, value));
        }

        return headers;
    }

    private static (string MediaType, JsonNode? Schema)? JsonBody(ApiOperation operation) =>
        operation.Body?.Content.FirstOrDefault(c => c.Key.Contains("json", StringComparison.OrdinalIgnoreCase)) is { Key: not null } json
            ? (json.Key, json.Value)
            : null;

    private static (string MediaType, JsonNode? Schema)? Multipart(ApiOperation operation) =>
        operation.Body?.Content.FirstOrDefault(c => c.Key.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase)) is { Key: not null } part
            ? (part.Key, part.Value)
            : null;

    /// <summary>A multipart body: a file part for a binary schema, one part per member for an object schema.</summary>
    private static (byte[] Bytes, string ContentType, string Summary) MultipartBody(JsonNode? schema, ApiDocument document, SchemaValues values, FuzzRandom random, bool hostile)
    {
        var boundary = $"fuzz-{random.NextGuid():N}";
        var body = new MemoryStream();
        var summary = new StringBuilder();
        var resolved = document.Resolve(schema) as JsonObject;
        var parts = resolved?["properties"] is JsonObject properties
            ? properties.Select(p => (p.Key, Binary: document.Resolve(p.Value)?["format"]?.GetValue<string>() == "binary", Schema: p.Value)).ToList()
            : [("file", true, schema)];
        foreach (var (name, binary, partSchema) in parts)
        {
            if (binary)
            {
                var fileName = hostile ? random.Pick(FileNames) : random.Pick(FileNames[..2]);
                var type = random.Pick(FileTypes);
                var size = random.Chance(0.1) ? 0 : random.Draw(CsCheck.Gen.Int[1, 4000]);
                var content = new byte[size];
                for (var i = 0; i < size; i++)
                {
                    content[i] = (byte)random.Below(256);
                }

                if (type == "application/pdf" && size > 5 && random.Chance(0.5))
                {
                    "%PDF-"u8.CopyTo(content);
                }

                Write(body, $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: {type}\r\n\r\n");
                body.Write(content);
                Write(body, "\r\n");
                summary.Append(CultureInfo.InvariantCulture, $"[{name}: file '{fileName}' {type} {size} bytes] ");
            }
            else
            {
                var value = values.Value(partSchema, name);
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
                Write(body, $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{text}\r\n");
                summary.Append(CultureInfo.InvariantCulture, $"[{name}: {text}] ");
            }
        }

        Write(body, $"--{boundary}--\r\n");
        return (body.ToArray(), new MediaTypeHeaderValue("multipart/form-data") { Parameters = { new NameValueHeaderValue("boundary", boundary) } }.ToString(), summary.ToString().TrimEnd());
    }

    private static void Write(MemoryStream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));

    private static string Join(List<string> notes, string extra) =>
        string.Join("; ", extra.Length > 0 ? [.. notes, extra] : notes);
}
