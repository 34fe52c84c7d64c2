using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Notices;

/// <summary>
/// The templates a module ships, as a JSON file embedded in its assembly. Checked whole when loaded, with the same
/// rules as a published version; a file with a mistake stops the start-up with every mistake named.
/// </summary>
/// <example>
/// <code>
/// {
///   "templates": [{
///     "key": "application-overdue",
///     "parameters": [{ "name": "reference", "type": "Text" }, { "name": "dueDate", "type": "Date" }],
///     "subject": { "en": "Application {{reference}} is overdue", "fr": "Demande {{reference}} en retard" },
///     "body": { "en": "… passed on {{dueDate}}.", "fr": "… a expiré le {{dueDate}}." },
///     "dateFormat": { "en": "yyyy-MM-dd", "fr": "dd/MM/yyyy" }
///   }]
/// }
/// </code>
/// </example>
public sealed class NoticeTemplateFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private NoticeTemplateFile(IReadOnlyList<(string Key, NoticeTemplateContent Content)> templates) => Templates = templates;

    public IReadOnlyList<(string Key, NoticeTemplateContent Content)> Templates { get; }

    /// <summary>Loads the embedded resource <paramref name="resourceName"/> of <paramref name="assembly"/>.</summary>
    public static NoticeTemplateFile FromResource(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no embedded resource '{resourceName}'.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), $"{assembly.GetName().Name}/{resourceName}");
    }

    /// <summary>Reads and checks a template file; <paramref name="source"/> names it in error messages.</summary>
    public static NoticeTemplateFile Parse(string json, string source)
    {
        FileShape shape;
        try
        {
            shape = JsonSerializer.Deserialize<FileShape>(json, Json) ?? throw new JsonException("The file is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The notice template file {source} is not valid JSON of its shape: {ex.Message}", ex);
        }

        var errors = new ValidationErrors();
        var templates = new List<(string, NoticeTemplateContent)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var entries = shape.Templates ?? [];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var prefix = $"templates[{i}]";
            if (!NoticeTemplateRules.IsKey(entry.Key))
            {
                errors.Add($"{prefix}.key", $"A key is lower-case words joined by '-', at most {NoticeTemplate.MaxKeyLength} characters.");
            }
            else if (!keys.Add(entry.Key!))
            {
                errors.Add($"{prefix}.key", $"'{entry.Key}' is in the file twice.");
            }

            var entryErrors = new ValidationErrors();
            var content = NoticeTemplateRules.Validate(entry.Parameters, entry.Subject, entry.Body, entry.DateFormat, entryErrors);
            foreach (var (field, messages) in entryErrors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add($"{prefix}.{field}", message);
                }
            }

            if (content is not null && NoticeTemplateRules.IsKey(entry.Key))
            {
                templates.Add((entry.Key!, content));
            }
        }

        if (errors.Any)
        {
            var list = errors.ToDictionary().SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"));
            throw new InvalidOperationException($"The notice template file {source} is not valid: {string.Join(" | ", list)}");
        }

        return new NoticeTemplateFile(templates);
    }

    private sealed record FileShape(List<EntryShape>? Templates);

    private sealed record EntryShape(
        string? Key,
        List<NoticeParameter?>? Parameters,
        Dictionary<string, string?>? Subject,
        Dictionary<string, string?>? Body,
        Dictionary<string, string?>? DateFormat);
}

/// <summary>The template file of the module whose context is <typeparamref name="TDb"/> (registered by <see cref="NoticesRegistration.AddNotices{TDb}"/>).</summary>
public sealed class NoticeTemplateSource<TDb>(NoticeTemplateFile file)
{
    public NoticeTemplateFile File { get; } = file;
}
