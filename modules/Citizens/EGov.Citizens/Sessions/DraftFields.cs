using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EGov.Citizens.Sessions;

/// <summary>
/// The field values of a draft as one UTF-8 JSON object (<c>{"name": value, …}</c>), immutable. A session holds its
/// drafts for as long as it is active, so they are kept in the most compact form there is: the bytes they are stored
/// and sent as, about half of the same text in .NET strings, with one object per draft instead of one per field.
/// Persisted as the JSON object itself.
/// </summary>
[JsonConverter(typeof(DraftFieldsJsonConverter))]
internal sealed class DraftFields
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    private readonly byte[] _json;

    private DraftFields(byte[] json, int count)
    {
        _json = json;
        Count = count;
    }

    public static DraftFields Empty { get; } = new("{}"u8.ToArray(), 0);

    /// <summary>Number of fields.</summary>
    public int Count { get; }

    /// <summary>The fields as JSON object text.</summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(_json);

    /// <summary>A JSON document of the fields (the caller disposes it).</summary>
    public JsonDocument Parse() => JsonDocument.Parse(_json);

    /// <summary>
    /// These fields with the given ones set (name → raw JSON value): existing fields keep their place, new ones
    /// follow in the given order.
    /// </summary>
    public DraftFields With(IReadOnlyDictionary<string, string> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var buffer = new ArrayBufferWriter<byte>(_json.Length + (changes.Count * 32));
        var count = 0;
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        using (var current = Parse())
        {
            writer.WriteStartObject();
            foreach (var field in current.RootElement.EnumerateObject())
            {
                writer.WritePropertyName(field.Name);
                if (changes.TryGetValue(field.Name, out var changed))
                {
                    writer.WriteRawValue(changed);
                }
                else
                {
                    field.Value.WriteTo(writer);
                }

                count++;
            }

            foreach (var (name, value) in changes)
            {
                if (!current.RootElement.TryGetProperty(name, out _))
                {
                    writer.WritePropertyName(name);
                    writer.WriteRawValue(value);
                    count++;
                }
            }

            writer.WriteEndObject();
        }

        return new DraftFields(buffer.WrittenSpan.ToArray(), count);
    }

    internal static DraftFields Read(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Draft fields are a JSON object.");
        }

        var count = document.RootElement.EnumerateObject().Count();
        return count == 0 ? Empty : new DraftFields(JsonSerializer.SerializeToUtf8Bytes(document.RootElement), count);
    }

    internal void Write(Utf8JsonWriter writer) => writer.WriteRawValue(_json, skipInputValidation: true);
}

internal sealed class DraftFieldsJsonConverter : JsonConverter<DraftFields>
{
    public override DraftFields Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DraftFields.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, DraftFields value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        value.Write(writer);
    }
}
