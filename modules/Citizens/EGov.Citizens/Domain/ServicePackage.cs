using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Json;
using EGov.BuildingBlocks.Packages;
using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Identity;

namespace EGov.Citizens.Domain;

/// <summary>What a service costs.</summary>
internal sealed record ServiceFee(decimal Amount, string Currency);

/// <summary>The layouts the module can render an issued document in.</summary>
internal enum DocumentLayout
{
    /// <summary>A one-page A4 certificate with a QR code of its verification address.</summary>
    [JsonStringEnumMemberName("certificate")]
    Certificate,
}

/// <summary>The document an approval issues: its type (what it is called), its title in languages, its layout.</summary>
internal sealed record DocumentTemplate(string Type, LocalizedText Title, DocumentLayout Layout);

/// <summary>Who designs the service, who works its cases, who applies.</summary>
internal sealed record ServiceRoles(IReadOnlyList<string> Designers, IReadOnlyList<string> Caseworkers, IReadOnlyList<string> Applicants);

/// <summary>Everything a G2C public service is, as a package carries it.</summary>
internal sealed record ServiceDefinition(
    string AgencyCode,
    LocalizedText Title,
    LocalizedText Description,
    ServiceFee Fee,
    int DeadlineDays,
    IReadOnlyList<LocalizedText> RequiredDocuments,
    FormDefinition Form,
    LifecycleDefinition Lifecycle,
    DocumentTemplate? DocumentTemplate,
    ServiceRoles Roles);

/// <summary>
/// The G2C package kind <c>g2c-service</c>: one public service, whole — responsible agency, texts, fee, deadline,
/// required documents, form, lifecycle, issued document, roles. What is checked beyond the shape: the lifecycle's
/// roles are the service's roles by relation, a lifecycle that issues a document names its template, and the roles
/// are those the module's routes admit. Whether the agency exists is the importing feature's check.
/// </summary>
internal sealed partial class ServicePackage : PackageKind<ServiceDefinition>
{
    public const int MaxTitleLength = CaseServiceMembers.MaxTitleLength;
    public const int MaxRequiredDocuments = 20;

    /// <summary>The roles the module's routes admit for each part (service design, back office, applying).</summary>
    public static readonly IReadOnlyList<string> DesignerRoles = [PlatformRoles.ServiceDesigner, PlatformRoles.PlatformAdmin];
    public static readonly IReadOnlyList<string> CaseworkerRoles = [PlatformRoles.Caseworker];
    public static readonly IReadOnlyList<string> ApplicantRoles = [PlatformRoles.Citizen];

    private static readonly string[] TemplateMembers = ["type", "title", "layout"];
    private static readonly string[] RoleMembers = ["designers", "caseworkers", "applicants"];

    /// <summary>The one instance (after the lists above: static fields are set in order).</summary>
    public static readonly ServicePackage Kind = new();

    private ServicePackage()
    {
    }

    public override string Name => "g2c-service";

    public override int FormatVersion => 1;

    public override string Title => "G2C public service package";

    public override string Description =>
        "One public service of the G2C catalogue, whole: responsible agency, texts in languages, fee, statutory deadline, required documents, " +
        "form, case lifecycle, issued document and roles. Export it with GET /api/g2c/services/{code}/package, import it with POST /api/g2c/services/packages. " +
        "The server checks more than this schema says (names unique, conditions on earlier fields, lifecycle states reachable, roles consistent).";

    protected override IReadOnlyList<PackageMember> Members { get; } =
    [
        CaseServiceMembers.Agency(),
        CaseServiceMembers.Texts(),
        CaseServiceMembers.Fee(),
        CaseServiceMembers.Deadline(),
        new("requiredDocuments", Required: false, new JsonObject
        {
            ["type"] = "array",
            ["maxItems"] = MaxRequiredDocuments,
            ["items"] = LocalizedTextSchema.Of(MaxTitleLength),
        }),
        CaseServiceMembers.Form(),
        CaseServiceMembers.Lifecycle(),
        new("documentTemplate", Required: false, new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The document an approval issues; required when a transition of the lifecycle issues one.",
            ["required"] = new JsonArray("type", "title", "layout"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "string", ["pattern"] = CodePattern },
                ["title"] = LocalizedTextSchema.Of(MaxTitleLength),
                ["layout"] = new JsonObject { ["enum"] = new JsonArray("certificate") },
            },
        }),
        new("roles", Required: true, new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("designers", "caseworkers", "applicants"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["designers"] = Roles(DesignerRoles),
                ["caseworkers"] = Roles(CaseworkerRoles),
                ["applicants"] = Roles(ApplicantRoles),
            },
        }),
    ];

    protected override JsonObject Definitions() => CaseServiceMembers.Definitions();

    protected override ServiceDefinition? ReadContent(JsonObjectReader package)
    {
        var errors = package.Errors;
        var before = errors.Count;
        var agency = CaseServiceMembers.ReadAgency(package);
        var texts = CaseServiceMembers.ReadTexts(package);
        var fee = CaseServiceMembers.ReadFee(package) is { } f ? new ServiceFee(f.Amount, f.Currency) : null;
        var deadline = CaseServiceMembers.ReadDeadline(package);

        var documents = new List<LocalizedText>();
        if (package.GetArray("requiredDocuments", required: false, 0, MaxRequiredDocuments) is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (JsonObjectReader.ReadText(items[i], JsonObjectReader.Item("requiredDocuments", i), errors, MaxTitleLength) is { } document)
                {
                    documents.Add(document);
                }
            }
        }

        var form = CaseServiceMembers.ReadForm(package, "the service's form: {\"pages\": [{\"name\", \"fields\": […]}]}");
        var lifecycle = CaseServiceMembers.ReadLifecycle(package);

        DocumentTemplate? template = null;
        if (package.GetObject("documentTemplate", required: false, TemplateMembers) is { } templateObject)
        {
            var type = templateObject.GetString("type", required: true, 64, Code(), "a document type: " + CodeRule);
            var templateTitle = templateObject.GetText("title", required: true, MaxTitleLength);
            var layout = templateObject.GetString("layout", required: true, 32, rule: "certificate");
            if (layout is not null && layout != "certificate")
            {
                errors.Add("documentTemplate.layout", $"'{layout}' is not a layout; the layouts are: certificate.");
            }

            template = type is not null && templateTitle is not null ? new DocumentTemplate(type, templateTitle, DocumentLayout.Certificate) : null;
        }

        if (lifecycle is { IssuesDocuments: true } && !package.Has("documentTemplate"))
        {
            errors.Add("documentTemplate", "The lifecycle issues a document: name it ({\"type\", \"title\", \"layout\": \"certificate\"}).");
        }

        ServiceRoles? roles = null;
        if (package.GetObject("roles", required: true, RoleMembers, "{\"designers\", \"caseworkers\", \"applicants\"}") is { } rolesObject)
        {
            var designers = ReadRoles(rolesObject, "designers", DesignerRoles);
            var caseworkers = ReadRoles(rolesObject, "caseworkers", CaseworkerRoles);
            var applicants = ReadRoles(rolesObject, "applicants", ApplicantRoles);
            if (designers is not null && caseworkers is not null && applicants is not null)
            {
                roles = new ServiceRoles(designers, caseworkers, applicants);
                if (lifecycle is not null)
                {
                    CaseServiceMembers.CheckLifecycleRoles(lifecycle, roles.Applicants, roles.Caseworkers, errors);
                }
            }
        }

        if (errors.Count != before)
        {
            return null;
        }

        return new ServiceDefinition(agency!, texts!.Value.Title, texts.Value.Description, fee!, deadline!.Value, documents, form!, lifecycle!, template, roles!);
    }

    protected override void WriteContent(Utf8JsonWriter writer, ServiceDefinition content)
    {
        CaseServiceMembers.WriteAgency(writer, content.AgencyCode);
        CaseServiceMembers.WriteTexts(writer, content.Title, content.Description);
        CaseServiceMembers.WriteFee(writer, content.Fee.Amount, content.Fee.Currency);
        CaseServiceMembers.WriteDeadline(writer, content.DeadlineDays);
        writer.WriteStartArray("requiredDocuments");
        foreach (var document in content.RequiredDocuments)
        {
            JsonSerializer.Serialize(writer, document);
        }

        writer.WriteEndArray();
        CaseServiceMembers.WriteForm(writer, content.Form);
        CaseServiceMembers.WriteLifecycle(writer, content.Lifecycle);
        if (content.DocumentTemplate is { } template)
        {
            writer.WriteStartObject("documentTemplate");
            writer.WriteString("type", template.Type);
            Text(writer, "title", template.Title);
            writer.WriteString("layout", "certificate");
            writer.WriteEndObject();
        }

        writer.WriteStartObject("roles");
        Strings(writer, "designers", content.Roles.Designers);
        Strings(writer, "caseworkers", content.Roles.Caseworkers);
        Strings(writer, "applicants", content.Roles.Applicants);
        writer.WriteEndObject();
    }

    private static IReadOnlyList<string>? ReadRoles(JsonObjectReader roles, string member, IReadOnlyList<string> admitted)
    {
        var list = roles.GetStrings(member, required: true, 1, admitted.Count, 64);
        if (list is null)
        {
            return null;
        }

        var refused = list.Where(r => !admitted.Contains(r, StringComparer.Ordinal)).ToList();
        foreach (var role in refused)
        {
            roles.Errors.Add(roles.At(member), $"'{role}' is not a role the module admits here; it admits: {string.Join(", ", admitted)}.");
        }

        return refused.Count == 0 ? list : null;
    }

    private static void Text(Utf8JsonWriter writer, string name, LocalizedText text) => CaseServiceMembers.WriteText(writer, name, text);

    private static void Strings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static JsonObject Roles(IReadOnlyList<string> admitted) => new()
    {
        ["type"] = "array",
        ["minItems"] = 1,
        ["uniqueItems"] = true,
        ["items"] = new JsonObject { ["enum"] = new JsonArray(admitted.Select(r => (JsonNode)JsonValue.Create(r)).ToArray()) },
    };

    [GeneratedRegex(CodePattern)]
    private static partial Regex Code();
}
