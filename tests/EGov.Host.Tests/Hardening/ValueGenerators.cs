using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace EGov.Host.Tests.Hardening;

/// <summary>A seeded source of choices: every draw goes through a CsCheck generator on one PCG stream.</summary>
public sealed class FuzzRandom(PCG pcg)
{
    public T Draw<T>(Gen<T> gen) => gen.Generate(pcg, null, out _);

    public int Below(int count) => count <= 1 ? 0 : Draw(Gen.Int[0, count - 1]);

    public bool Chance(double probability) => Draw(Gen.Int[0, 9999]) < probability * 10000;

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    public Guid NextGuid() => Draw(Gen.Guid);
}

/// <summary>
/// Values the platform has returned (codes, ids, names), by member name, so that path parameters and body members
/// can name things that exist and requests get past the first lookup.
/// </summary>
public sealed class Harvest
{
    private const int PerName = 40;
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<JsonObject>> _fieldLists = new(StringComparer.Ordinal);

    /// <summary>
    /// Field descriptors the platform has published (arrays of objects with a <c>name</c> and a <c>type</c>, such
    /// as a service's form), by the <c>code</c> of the object that owns them: free-form maps sent next to that code
    /// (a member or a path parameter) can then carry those fields.
    /// </summary>
    public IReadOnlyList<JsonObject>? FieldsFor(IEnumerable<string> context)
    {
        foreach (var value in context)
        {
            if (_fieldLists.TryGetValue(value, out var fields))
            {
                return fields;
            }
        }

        return null;
    }

    public void AddResponse(JsonNode? node)
    {
        Add(node);
        CollectFieldLists(node, owner: null);
    }

    private void CollectFieldLists(JsonNode? node, string? owner)
    {
        if (node is JsonObject obj)
        {
            var code = obj["code"] is JsonValue c && c.TryGetValue<string>(out var text) ? text : owner;
            foreach (var (_, value) in obj)
            {
                CollectFieldLists(value, code);
            }
        }
        else if (node is JsonArray array)
        {
            var descriptors = array.OfType<JsonObject>().ToList();
            if (owner is not null && descriptors.Count > 0 && descriptors.Count == array.Count
                && descriptors.All(d => d["name"] is JsonValue n && n.TryGetValue<string>(out _) && d["type"] is JsonValue t && t.TryGetValue<string>(out _)))
            {
                _fieldLists[owner] = descriptors.Select(d => (JsonObject)d.DeepClone()).ToList();
                return;
            }

            foreach (var item in array)
            {
                CollectFieldLists(item, owner);
            }
        }
    }

    public void Add(JsonNode? node, string? name = null)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Add(value, key);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Add(item, name);
                }

                break;
            case JsonValue value when name is not null && value.TryGetValue<string>(out var text)
                && text.Length is > 0 and <= 100 && !text.Any(char.IsControl) && WireText.ReadableText(text) == text:
                if (!_values.TryGetValue(name, out var list))
                {
                    _values[name] = list = [];
                }

                if (list.Count < PerName && !list.Contains(text, StringComparer.Ordinal))
                {
                    list.Add(text);
                }

                break;
        }
    }

    /// <summary>Known values for a member or parameter name: the name itself, then <c>…Code</c> → code, <c>…Id</c> → id.</summary>
    public IReadOnlyList<string> For(string name)
    {
        var found = new List<string>();
        foreach (var key in Keys(name))
        {
            if (_values.TryGetValue(key, out var list))
            {
                found.AddRange(list);
            }
        }

        return found;
    }

    private static IEnumerable<string> Keys(string name)
    {
        yield return name;
        if (name.Length > 4 && name.EndsWith("Code", StringComparison.OrdinalIgnoreCase))
        {
            yield return "code";
        }

        if (name.Length > 2 && name.EndsWith("Id", StringComparison.Ordinal))
        {
            yield return "id";
        }
    }
}

/// <summary>Strings and numbers that break careless code.</summary>
public static class Hostile
{
    /// <summary>Replaced in the encoded request by raw bytes that are not UTF-8 (<c>FF FE</c> and a CESU-8 surrogate).</summary>
    public const string InvalidUtf8 = "~~INVALID-UTF8~~";

    /// <summary>Replaced in JSON text by the escape <c>\ud800</c> (a lone surrogate), in URLs by its CESU-8 bytes.</summary>
    public const string LoneSurrogate = "~~LONE-SURROGATE~~";

    public static readonly string[] Strings =
    [
        "\u0000",
        "fuzz\u0000value",
        LoneSurrogate,
        "before" + LoneSurrogate + "after",
        InvalidUtf8,
        "x" + InvalidUtf8,
        new string('x', 10_000),
        string.Empty,
        "   ",
        "\t\r\n",
        "ÄÖÜ ñ 中文 😀 \u202Eevil",
        "' OR '1'='1' --",
        "<script>alert(1)</script>",
        "%00",
        "%ZZ",
        "{\"not\":\"a string\"}",
        "-1",
        "2147483648",
        "9999999999999999999",
        "1e308",
        "NaN",
    ];

    /// <summary>Raw JSON number texts (as written, not rounded through double).</summary>
    public static readonly string[] Numbers =
        ["0", "-1", "2147483647", "2147483648", "-2147483649", "9999999999999999999", "-9999999999999999999", "1e308", "-1e308", "1.5", "1E+400"];

    /// <summary>Query, path and header text for numeric parameters.</summary>
    public static readonly string[] NumberTexts =
        ["0", "-1", "2147483647", "2147483648", "-2147483648", "9999999999999999999", "1e308", "1.5", "abc", "", "\u0000", "1\u0000"];

    public static JsonNode? Number(FuzzRandom random) => JsonNode.Parse(random.Pick(Numbers));
}

/// <summary>JSON values from the schemas of a document: plausible ones, and (when asked) hostile leaves.</summary>
public sealed class SchemaValues(ApiDocument document, FuzzRandom random, Harvest harvest)
{
    private const int MaxDepth = 6;

    private static readonly string[] Words = ["fuzz", "Test value", "NCR", "MOI", "en", "fr", "email", "sms", "approve", "reject", "national"];

    private static readonly string[] PatternCandidates =
        ["1234", "12345", "123456", "85031200421", "AB-1234", "AB-12", "ABC-123", "AB12CD", "fuzz", "Fuzz Value", "2026-06-01", "a@example.org"];

    /// <summary>Probability that a leaf is hostile (0 for plausible values only).</summary>
    public double HostileRate { get; set; }

    /// <summary>Values already chosen for this request (path parameters, earlier members) that may name a field list.</summary>
    public List<string> Context { get; } = [];

    public JsonNode? Value(JsonNode? schema, string? name = null, int depth = 0)
    {
        var resolved = document.Resolve(schema) as JsonObject;
        if (resolved is null || depth > MaxDepth)
        {
            return Scalar(name);
        }

        if (resolved["const"] is { } constant)
        {
            return constant.DeepClone();
        }

        if (resolved["enum"] is JsonArray { Count: > 0 } choices && !RollHostile())
        {
            return random.Pick(choices.ToList())?.DeepClone();
        }

        foreach (var combinator in new[] { "oneOf", "anyOf" })
        {
            if (resolved[combinator] is JsonArray { Count: > 0 } branches)
            {
                var nonNull = branches.Where(b => !IsNullSchema(b)).ToList();
                return Value(nonNull.Count > 0 && !random.Chance(0.05) ? random.Pick(nonNull) : random.Pick(branches.ToList()), name, depth + 1);
            }
        }

        if (resolved["allOf"] is JsonArray { Count: > 0 } parts)
        {
            return Value(Merge(parts), name, depth + 1);
        }

        var types = Types(resolved);
        var nonNullTypes = types.Where(t => t != "null").ToList();
        var type = nonNullTypes.Count == 0 ? (types.Count > 0 ? "null" : Infer(resolved)) : random.Chance(0.03) && types.Contains("null") ? "null" : PreferTyped(nonNullTypes);
        return type switch
        {
            "null" => null,
            "object" => Object(resolved, depth),
            "array" => Array(resolved, name, depth),
            "integer" => RollHostile() ? Hostile.Number(random) : JsonValue.Create(random.Draw(Gen.Int[1, 5])),
            "number" => RollHostile() ? Hostile.Number(random) : JsonValue.Create(random.Draw(Gen.Int[0, 500]) / 4.0),
            "boolean" => JsonValue.Create(random.Chance(0.5)),
            "string" => JsonValue.Create(Text(resolved, name)),
            _ => Scalar(name),
        };
    }

    /// <summary>A plausible or hostile string for a schema (format, harvested values, words).</summary>
    public string Text(JsonObject? schema, string? name)
    {
        if (RollHostile())
        {
            return random.Pick(Hostile.Strings);
        }

        var known = name is null ? [] : harvest.For(name);
        if (known.Count > 0 && random.Chance(0.8))
        {
            return random.Pick(known);
        }

        var format = schema?["format"]?.GetValue<string>();
        if (format is null && name?.Contains("email", StringComparison.OrdinalIgnoreCase) == true)
        {
            format = "email";
        }

        return format switch
        {
            "uuid" => random.NextGuid().ToString(),
            "date" => new DateOnly(2026, 1, 1).AddDays(random.Draw(Gen.Int[0, 700])).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "date-time" => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Draw(Gen.Int[0, 1_000_000])).ToString("O", CultureInfo.InvariantCulture),
            "email" => $"fuzz{random.Draw(Gen.Int[1, 999])}@example.org",
            "uri" => "https://example.org/fuzz",
            _ => random.Chance(0.5) ? random.Pick(Words) : random.Draw(Gen.String[Gen.Char.AlphaNumeric, 1, 12]),
        };
    }

    /// <summary>A member that no schema declares.</summary>
    public (string Name, JsonNode? Value) Extra() =>
        ($"fuzzExtra{random.Draw(Gen.Int[0, 99])}", random.Chance(0.5) ? JsonValue.Create(random.Pick(Words)) : new JsonObject { ["nested"] = 1 });

    private bool RollHostile() => HostileRate > 0 && random.Chance(HostileRate);

    private JsonObject Object(JsonObject schema, int depth)
    {
        var result = new JsonObject();
        var required = (schema["required"] as JsonArray ?? []).Select(r => r?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (schema["properties"] is JsonObject { Count: > 0 } properties)
        {
            foreach (var (name, property) in properties)
            {
                if (required.Contains(name) || random.Chance(0.6))
                {
                    result[name] = Value(property, name, depth + 1);
                    if (result[name] is JsonValue v && v.TryGetValue<string>(out var chosen))
                    {
                        Context.Add(chosen);
                    }
                }
            }

            return result;
        }

        // A free-form map next to something whose field list the platform has published: those fields.
        if (harvest.FieldsFor(Context) is { } fields && random.Chance(0.85))
        {
            foreach (var field in fields)
            {
                var name = field["name"]!.GetValue<string>();
                if (field["required"] is JsonValue r && r.TryGetValue<bool>(out var isRequired) && isRequired || random.Chance(0.5))
                {
                    result[name] = FieldValue(field);
                }
            }

            return result;
        }

        // A free-form map (form fields, a JsonElement): names the platform knows when it has told us some.
        var valueSchema = schema["additionalProperties"] as JsonObject;
        var names = harvest.For("name");
        var count = random.Draw(Gen.Int[0, 4]);
        for (var i = 0; i < count; i++)
        {
            var key = names.Count > 0 && random.Chance(0.7) ? random.Pick(names) : RollHostile() ? random.Pick(Hostile.Strings) : random.Pick(Words);
            result[key] = valueSchema is not null ? Value(valueSchema, key, depth + 1) : Scalar(key);
        }

        return result;
    }

    private JsonArray Array(JsonObject schema, string? name, int depth)
    {
        var result = new JsonArray();
        var count = random.Draw(Gen.Int[0, 3]);
        for (var i = 0; i < count; i++)
        {
            result.Add(Value(schema["items"], name, depth + 1));
        }

        return result;
    }

    /// <summary>A value for a published field descriptor: its type, range, choices, pattern and length respected.</summary>
    private JsonNode? FieldValue(JsonObject field)
    {
        // Hostile text goes mostly into text fields, whose other checks it passes: so it reaches storage.
        var hostile = RollHostile();
        if (hostile && random.Chance(0.3))
        {
            return JsonValue.Create(random.Pick(Hostile.Strings));
        }

        var type = field["type"]!.GetValue<string>().ToLowerInvariant();
        var min = field["min"] is JsonValue lo && lo.TryGetValue<double>(out var a) ? a : 1;
        var max = field["max"] is JsonValue hi && hi.TryGetValue<double>(out var b) ? b : Math.Max(min, 10);
        if (field["choices"] is JsonArray { Count: > 0 } choices)
        {
            return random.Pick(choices.ToList())?.DeepClone();
        }

        if (type.Contains("date", StringComparison.Ordinal))
        {
            return JsonValue.Create(new DateOnly(2027, 1, 4).AddDays(random.Draw(Gen.Int[0, 300])).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (type.Contains("number", StringComparison.Ordinal) || type.Contains("int", StringComparison.Ordinal) || type.Contains("decimal", StringComparison.Ordinal))
        {
            return JsonValue.Create((int)Math.Ceiling(min) + random.Draw(Gen.Int[0, (int)Math.Max(0, Math.Min(1000, Math.Floor(max) - Math.Ceiling(min)))]));
        }

        if (type.Contains("yes", StringComparison.Ordinal) || type.Contains("bool", StringComparison.Ordinal) || type.Contains("check", StringComparison.Ordinal))
        {
            return JsonValue.Create(random.Chance(0.5));
        }

        if (field["pattern"] is JsonValue p && p.TryGetValue<string>(out var pattern) && pattern.Length > 0)
        {
            var matching = PatternCandidates.Where(c => System.Text.RegularExpressions.Regex.IsMatch(c, pattern)).ToList();
            return JsonValue.Create(matching.Count > 0 ? random.Pick(matching) : random.Pick(PatternCandidates));
        }

        if (hostile)
        {
            return JsonValue.Create(random.Pick(Hostile.Strings));
        }

        var text = random.Chance(0.5) ? random.Pick(Words) : random.Draw(Gen.String[Gen.Char.AlphaNumeric, 1, 12]);
        var maxLength = field["maxLength"] is JsonValue m && m.TryGetValue<int>(out var length) ? length : int.MaxValue;
        return JsonValue.Create(text.Length > maxLength ? text[..maxLength] : text);
    }

    /// <summary>Any scalar: for schemas that say nothing (<c>{}</c>) and free-form values.</summary>
    private JsonNode? Scalar(string? name) => random.Below(4) switch
    {
        0 => JsonValue.Create(Text(null, name)),
        1 => RollHostile() ? Hostile.Number(random) : JsonValue.Create(random.Draw(Gen.Int[0, 100])),
        2 => JsonValue.Create(random.Chance(0.5)),
        _ => JsonValue.Create(Text(null, name)),
    };

    /// <summary>Integer-or-string members (as ASP.NET Core describes numbers) get numbers; strings otherwise.</summary>
    private string PreferTyped(List<string> types) =>
        types.Contains("integer") ? "integer" : types.Contains("number") ? "number" : random.Pick(types);

    private static List<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray array => array.Select(t => t?.GetValue<string>()).OfType<string>().ToList(),
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    private static string Infer(JsonObject schema) =>
        schema["properties"] is not null || schema["additionalProperties"] is not null ? "object" : schema["items"] is not null ? "array" : "any";

    private bool IsNullSchema(JsonNode? schema) =>
        document.Resolve(schema) is JsonObject s && Types(s) is [ "null" ];

    private JsonObject Merge(JsonArray parts)
    {
        var merged = new JsonObject { ["type"] = "object" };
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var part in parts)
        {
            if (document.Resolve(part) is not JsonObject s)
            {
                continue;
            }

            foreach (var (name, property) in s["properties"] as JsonObject ?? [])
            {
                properties[name] = property?.DeepClone();
            }

            foreach (var r in s["required"] as JsonArray ?? [])
            {
                required.Add(r?.DeepClone());
            }
        }

        merged["properties"] = properties;
        merged["required"] = required;
        return merged;
    }
}

/// <summary>Turns generated text into bytes on the wire, with the markers of <see cref="Hostile"/> made real.</summary>
public static class WireText
{
    private static readonly byte[] InvalidBytes = [0xFF, 0xFE, 0xED, 0xA0, 0x80];

    /// <summary>UTF-8 JSON bytes; markers become raw invalid bytes or the <c>\ud800</c> escape.</summary>
    public static byte[] Json(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json.Replace(Hostile.LoneSurrogate, "\\ud800", StringComparison.Ordinal));
        return ReplaceMarker(bytes, Encoding.UTF8.GetBytes(Hostile.InvalidUtf8), InvalidBytes);
    }

    /// <summary>Percent-encodes a path segment or query value; markers become <c>%FF%FE</c> or <c>%ED%A0%80</c>.</summary>
    /// <summary>Lone surrogates (which UTF-8 cannot carry) replaced by the <see cref="Hostile.LoneSurrogate"/> marker.</summary>
    public static string ReadableText(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text, i++, 2);
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? Hostile.LoneSurrogate : text[i]);
            }
        }

        return builder.ToString();
    }

    public static string Url(string value)
    {
        var builder = new StringBuilder();
        var parts = ReadableText(value).Split(Hostile.InvalidUtf8);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                builder.Append("%FF%FE");
            }

            var pieces = parts[i].Split(Hostile.LoneSurrogate);
            for (var j = 0; j < pieces.Length; j++)
            {
                if (j > 0)
                {
                    builder.Append("%ED%A0%80");
                }

                builder.Append(Uri.EscapeDataString(pieces[j]));
            }
        }

        return builder.ToString();
    }

    /// <summary>Header text: markers dropped (headers are ASCII on the wire).</summary>
    public static string Header(string value) =>
        ReadableText(value).Replace(Hostile.InvalidUtf8, "\u00ff", StringComparison.Ordinal).Replace(Hostile.LoneSurrogate, "?", StringComparison.Ordinal);

    /// <summary>Readable text of a request for a report: controls escaped, long runs shortened.</summary>
    public static string Summary(string text, int max = 240)
    {
        text = ReadableText(text);
        var builder = new StringBuilder();
        var run = 0;
        for (var i = 0; i < text.Length && builder.Length < max; i++)
        {
            var c = text[i];
            run = i > 0 && text[i - 1] == c ? run + 1 : 0;
            if (run == 20)
            {
                var end = i;
                while (end < text.Length && text[end] == c)
                {
                    end++;
                }

                builder.Append(CultureInfo.InvariantCulture, $"…(×{end - i + 20})");
                i = end - 1;
                continue;
            }

            if (run > 20)
            {
                continue;
            }

            builder.Append(c < ' ' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.Length >= max ? builder + "…" : builder.ToString();
    }

    private static byte[] ReplaceMarker(byte[] source, byte[] marker, byte[] replacement)
    {
        var output = new List<byte>(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            if (i + marker.Length <= source.Length && source.AsSpan(i, marker.Length).SequenceEqual(marker))
            {
                output.AddRange(replacement);
                i += marker.Length - 1;
            }
            else
            {
                output.Add(source[i]);
            }
        }

        return [.. output];
    }
}
