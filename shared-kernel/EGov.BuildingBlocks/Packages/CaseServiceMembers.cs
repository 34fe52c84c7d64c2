using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Json;
using EGov.BuildingBlocks.Texts;

namespace EGov.BuildingBlocks.Packages;

/// <summary>What a case-based service costs (two decimals always, so equal fees write equal packages).</summary>
public sealed record PackageFee(decimal Amount, string Currency);

/// <summary>
/// The members every package of a service worked as cases shares (a G2C public service, a G2B licence type): the
/// responsible agency, title and description in languages, fee, statutory deadline, form and lifecycle. One reader,
/// one writer and one schema for each, so every such kind checks them alike.
/// </summary>
public static partial class CaseServiceMembers
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxDeadlineDays = 365;
    public const decimal MaxFee = 1_000_000m;
    public const string AgencyPattern = "^[A-Z][A-Z0-9]{1,15}$";

    private static readonly string[] TextMembers = ["title", "description"];
    private static readonly string[] FeeMembers = ["amount", "currency"];
    private static readonly string[] DeadlineMembers = ["workingDays"];

    public static PackageMember Agency(string description = "Code of the responsible agency.") =>
        new("agency", Required: true, new JsonObject { ["type"] = "string", ["pattern"] = AgencyPattern, ["description"] = description });

    public static PackageMember Texts() => new("texts", Required: true, new JsonObject
    {
        ["type"] = "object",
        ["required"] = new JsonArray("title", "description"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["title"] = LocalizedTextSchema.Of(MaxTitleLength),
            ["description"] = LocalizedTextSchema.Of(MaxDescriptionLength),
        },
    });

    public static PackageMember Fee() => new("fee", Required: true, new JsonObject
    {
        ["type"] = "object",
        ["required"] = new JsonArray("amount", "currency"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["amount"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = MaxFee, ["multipleOf"] = 0.01 },
            ["currency"] = new JsonObject { ["type"] = "string", ["pattern"] = FormLimits.CurrencyPattern },
        },
    });

    public static PackageMember Deadline() => new("deadline", Required: true, new JsonObject
    {
        ["type"] = "object",
        ["required"] = new JsonArray("workingDays"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["workingDays"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = MaxDeadlineDays, ["description"] = "Statutory deadline in working days from submission." },
        },
    });

    public static PackageMember Form() => new("form", Required: true, new JsonObject { ["$ref"] = FormSchema.Reference });

    public static PackageMember Lifecycle() => new("lifecycle", Required: true, new JsonObject { ["$ref"] = LifecycleSchema.Reference });

    /// <summary>The <c>$defs</c> the form and lifecycle members refer to.</summary>
    public static JsonObject Definitions()
    {
        var definitions = FormSchema.Definitions();
        foreach (var (name, schema) in LifecycleSchema.Definitions())
        {
            definitions[name] = schema!.DeepClone();
        }

        return definitions;
    }

    public static string? ReadAgency(JsonObjectReader package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return package.GetString("agency", required: true, 16, AgencyCode(), "an agency code: an upper-case letter and 1 to 15 upper-case letters or digits");
    }

    public static (LocalizedText Title, LocalizedText Description)? ReadTexts(JsonObjectReader package)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.GetObject("texts", required: true, TextMembers, "{\"title\": {…}, \"description\": {…}}") is not { } texts)
        {
            return null;
        }

        var title = texts.GetText("title", required: true, MaxTitleLength);
        var description = texts.GetText("description", required: true, MaxDescriptionLength);
        return title is not null && description is not null ? (title, description) : null;
    }

    public static PackageFee? ReadFee(JsonObjectReader package, string free = "{\"amount\": 0, \"currency\": \"EUR\"} for a free service")
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.GetObject("fee", required: true, FeeMembers, free) is not { } fee)
        {
            return null;
        }

        var amount = fee.GetDecimal("amount", required: true, 0, MaxFee, 2);
        var currency = fee.GetString("currency", required: true, 3, FormLimits.Currency(), "an ISO 4217 currency code such as EUR");
        return amount is { } a && currency is not null ? new PackageFee(a + 0.00m, currency) : null;
    }

    public static int? ReadDeadline(JsonObjectReader package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return package.GetObject("deadline", required: true, DeadlineMembers, "{\"workingDays\": n}") is { } deadline
            ? deadline.GetInt("workingDays", required: true, 1, MaxDeadlineDays)
            : null;
    }

    public static FormDefinition? ReadForm(JsonObjectReader package, string what)
    {
        ArgumentNullException.ThrowIfNull(package);
        return package.Get("form") is { } form ? FormDefinition.Validate(form, "form", package.Errors) : Missing<FormDefinition>(package, "form", what);
    }

    public static LifecycleDefinition? ReadLifecycle(JsonObjectReader package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return package.Get("lifecycle") is { } lifecycle
            ? LifecycleDefinition.Validate(lifecycle, "lifecycle", package.Errors)
            : Missing<LifecycleDefinition>(package, "lifecycle", "the case lifecycle: {\"initialState\", \"states\", \"transitions\"}");
    }

    public static void WriteAgency(Utf8JsonWriter writer, string agencyCode)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("agency", agencyCode);
    }

    public static void WriteTexts(Utf8JsonWriter writer, LocalizedText title, LocalizedText description)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject("texts");
        WriteText(writer, "title", title);
        WriteText(writer, "description", description);
        writer.WriteEndObject();
    }

    public static void WriteFee(Utf8JsonWriter writer, decimal amount, string currency)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject("fee");
        writer.WriteNumber("amount", amount);
        writer.WriteString("currency", currency);
        writer.WriteEndObject();
    }

    public static void WriteDeadline(Utf8JsonWriter writer, int workingDays)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject("deadline");
        writer.WriteNumber("workingDays", workingDays);
        writer.WriteEndObject();
    }

    public static void WriteForm(Utf8JsonWriter writer, FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(form);
        writer.WritePropertyName("form");
        form.WriteTo(writer);
    }

    public static void WriteLifecycle(Utf8JsonWriter writer, LifecycleDefinition lifecycle)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(lifecycle);
        writer.WritePropertyName("lifecycle");
        lifecycle.ToJsonElement().WriteTo(writer);
    }

    public static void WriteText(Utf8JsonWriter writer, string name, LocalizedText text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, text);
    }

    /// <summary>
    /// Every role a lifecycle transition names is one the package admits for that relation (applicant or agency staff);
    /// each that is not is an error at its place in the lifecycle.
    /// </summary>
    public static void CheckLifecycleRoles(
        LifecycleDefinition lifecycle, IReadOnlyList<string> applicants, IReadOnlyList<string> staff, EGov.SharedKernel.Http.ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(applicants);
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(errors);
        for (var t = 0; t < lifecycle.Transitions.Count; t++)
        {
            var transition = lifecycle.Transitions[t];
            for (var b = 0; b < transition.By.Count; b++)
            {
                var (role, relation) = (transition.By[b].Role, transition.By[b].Relation);
                var (list, member) = relation == CaseRelation.Applicant ? (applicants, "applicants") : (staff, "caseworkers");
                if (!list.Contains(role, StringComparer.Ordinal))
                {
                    errors.Add($"lifecycle.transitions[{t}].by[{b}].role",
                        $"'{role}' takes '{transition.Name}' as {(relation == CaseRelation.Applicant ? "applicant" : "agency staff")}, but is not one of the {member} ({string.Join(", ", list)}).");
                }
            }
        }
    }

    private static T? Missing<T>(JsonObjectReader package, string member, string what)
        where T : class
    {
        package.Errors.Add(member, $"'{member}' is required: {what}.");
        return null;
    }

    [GeneratedRegex(AgencyPattern)]
    private static partial Regex AgencyCode();
}
