using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Json;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Packages;

/// <summary>
/// One package: a definition a government keeps as data (a public service, a licence type, a grant programme, a
/// leave type), identified by its kind and code. <see cref="Version"/> is the version it was exported as (null
/// for a package written by hand).
/// </summary>
public sealed record Package<TContent>(string Code, int? Version, TContent Content)
    where TContent : class;

/// <summary>A member of a kind's package beside the envelope: its name, whether it must be given, its JSON Schema.</summary>
public sealed record PackageMember(string Name, bool Required, JsonNode Schema);

/// <summary>
/// A kind of package (<c>g2c-service</c>, …): its envelope is common — <c>kind</c>, <c>formatVersion</c>, <c>code</c>,
/// <c>version</c>, optional <c>$schema</c> — and its other members are the kind's. A module derives one per kind
/// it accepts and says how to read, write and describe those members; this class reads a package whole
/// (every mistake of envelope and content collected in one <see cref="ValidationErrors"/>), writes it as
/// canonical JSON and builds its JSON Schema.
/// </summary>
public abstract partial class PackageKind<TContent>
    where TContent : class
{
    public const string KindMember = "kind";
    public const string FormatVersionMember = "formatVersion";
    public const string CodeMember = "code";
    public const string VersionMember = "version";
    public const string SchemaMember = "$schema";

    /// <summary>A package code: 2 to 64 lower-case letters, digits or hyphens, starting with a letter or digit.</summary>
    public const string CodePattern = "^[a-z0-9][a-z0-9-]{1,63}$";

    public const string CodeRule = "2 to 64 lower-case letters, digits or hyphens, starting with a letter or digit";

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private string? _schema;

    /// <summary>The kind's name, as in <c>kind</c> and in the schema's address: <c>g2c-service</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The format version this platform reads and writes; a package of another one is refused.</summary>
    public abstract int FormatVersion { get; }

    /// <summary>Title and description of the published schema.</summary>
    public abstract string Title { get; }

    public abstract string Description { get; }

    /// <summary>The kind's members beside the envelope, in the order they are written.</summary>
    protected abstract IReadOnlyList<PackageMember> Members { get; }

    /// <summary>The <c>$defs</c> the members' schemas refer to (<c>FormSchema.Definitions()</c>, …).</summary>
    protected virtual JsonObject Definitions() => [];

    /// <summary>Reads the kind's members; records every mistake in <c>package.Errors</c> and returns null if any.</summary>
    protected abstract TContent? ReadContent(JsonObjectReader package);

    /// <summary>Writes the kind's members (in the order of <see cref="Members"/>).</summary>
    protected abstract void WriteContent(Utf8JsonWriter writer, TContent content);

    /// <summary>Where the schema is published: <c>/openapi/packages/{name}.json</c>.</summary>
    public string SchemaPath => $"/openapi/packages/{Name}.json";

    public static bool IsCode(string? code) => code is not null && Code().IsMatch(code);

    /// <summary>Reads a package and checks it whole: envelope and content, every mistake recorded under its path.</summary>
    public Package<TContent>? Read(JsonElement json, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        string[] known = [SchemaMember, KindMember, FormatVersionMember, CodeMember, VersionMember, .. Members.Select(m => m.Name)];
        if (JsonObjectReader.Open(json, string.Empty, errors, known) is not { } package)
        {
            return null;
        }

        package.GetString(SchemaMember, required: false, 500);
        var kind = package.GetString(KindMember, required: true, 64, rule: $"'{Name}'");
        if (kind is not null && kind != Name)
        {
            errors.Add(KindMember, $"This is a {Name} package import; the package is of kind '{kind}'.");
        }

        var format = package.GetInt(FormatVersionMember, required: true, 1, int.MaxValue);
        if (format is not null && format != FormatVersion)
        {
            errors.Add(FormatVersionMember, $"This platform reads {Name} packages of format version {FormatVersion}, not {format}.");
        }

        var code = package.GetString(CodeMember, required: true, 64, Code(), CodeRule);
        var version = package.GetInt(VersionMember, required: false, 1, int.MaxValue);
        var content = ReadContent(package);
        return errors.Count == before && content is not null ? new Package<TContent>(code!, version, content) : null;
    }

    /// <summary>Reads a package from text; malformed JSON is one error at <c>$</c>.</summary>
    public Package<TContent>? Read(string json, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, errors);
        }
        catch (JsonException ex)
        {
            errors.Add("$", $"Not valid JSON (line {(ex.LineNumber ?? 0) + 1}).");
            return null;
        }
    }

    /// <summary>A package from trusted data (shipped with a module); throws naming every mistake when it is not valid.</summary>
    public Package<TContent> ReadTrusted(string json, string source)
    {
        var errors = new ValidationErrors();
        return Read(json, errors) ?? throw new InvalidOperationException(
            $"{source} is not a valid {Name} package: " + string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    /// <summary>
    /// The packages a module ships as embedded resources whose names start with <paramref name="prefix"/> and end in
    /// <c>.json</c>, in name order, each read as trusted data (<see cref="ReadTrusted"/>: a mistake stops the start).
    /// </summary>
    public IReadOnlyList<Package<TContent>> ReadResources(System.Reflection.Assembly assembly, string prefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n) ?? throw new InvalidOperationException($"Resource {n} is missing.");
                using var reader = new StreamReader(stream);
                return ReadTrusted(reader.ReadToEnd(), n[prefix.Length..]);
            })
            .ToList();
    }

    /// <summary>The package as canonical JSON (indented for people by default); what <see cref="Read(string, ValidationErrors)"/> reads back unchanged.</summary>
    public string Write(Package<TContent> package, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(package);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            writer.WriteStartObject();
            writer.WriteString(SchemaMember, SchemaPath);
            writer.WriteString(KindMember, Name);
            writer.WriteNumber(FormatVersionMember, FormatVersion);
            writer.WriteString(CodeMember, package.Code);
            if (package.Version is { } version)
            {
                writer.WriteNumber(VersionMember, version);
            }

            WriteContent(writer, package.Content);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The content alone as canonical JSON: two packages with equal content say the same.</summary>
    public string ContentJson(TContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            writer.WriteStartObject();
            WriteContent(writer, content);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The JSON Schema (2020-12) of the kind's packages, as published at <see cref="SchemaPath"/>.</summary>
    public string SchemaJson => _schema ??= Schema().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public JsonObject Schema()
    {
        var properties = new JsonObject
        {
            [SchemaMember] = new JsonObject { ["type"] = "string", ["description"] = "Where this schema is published (written by export, ignored by import)." },
            [KindMember] = new JsonObject { ["const"] = Name },
            [FormatVersionMember] = new JsonObject { ["const"] = FormatVersion },
            [CodeMember] = new JsonObject { ["type"] = "string", ["pattern"] = CodePattern },
            [VersionMember] = new JsonObject
            {
                ["type"] = "integer",
                ["minimum"] = 1,
                ["description"] = "The version this package was exported as. On import it is the version the package edits: a newer current version is a conflict.",
            },
        };
        var required = new JsonArray(KindMember, FormatVersionMember, CodeMember);
        foreach (var member in Members)
        {
            properties[member.Name] = member.Schema.DeepClone();
            if (member.Required)
            {
                required.Add(member.Name);
            }
        }

        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = SchemaPath,
            ["title"] = Title,
            ["description"] = Description,
            ["type"] = "object",
            ["required"] = required,
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
        var definitions = Definitions();
        if (definitions.Count > 0)
        {
            schema["$defs"] = definitions;
        }

        return schema;
    }

    [GeneratedRegex(CodePattern)]
    private static partial Regex Code();
}
