using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Json;
using EGov.BuildingBlocks.Packages;
using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Identity;

namespace EGov.Businesses.Domain;

/// <summary>
/// How long a licence of a type is valid and how its renewal goes: valid <see cref="Months"/> from the day it is
/// issued (a renewal adds as much to the day it would have expired); a renewal may be applied for from
/// <see cref="RenewalWindowDays"/> days before expiry; a reminder reaches the business inbox
/// <see cref="ReminderDaysBefore"/> days before expiry.
/// </summary>
internal sealed record LicenceValidity(int Months, int RenewalWindowDays, int ReminderDaysBefore);

/// <summary>Everything a licence type is, as its package carries it.</summary>
internal sealed record LicenceTypeDefinition(
    string AgencyCode,
    LocalizedText Title,
    LocalizedText Description,
    PackageFee Fee,
    int DeadlineDays,
    LicenceValidity Validity,
    FormDefinition Form,
    LifecycleDefinition Lifecycle,
    LocalizedText DocumentTitle);

/// <summary>
/// The G2B package kind <c>g2b-licence-type</c>: a licence or permit, whole — issuing agency, texts, fee, statutory
/// deadline of the decision, validity and renewal, application form, case lifecycle, the licence document. Beyond the
/// shape: the lifecycle's roles are the business representative (as applicant) and the caseworker (as staff of the
/// issuing agency), and some transition issues the licence.
/// </summary>
internal sealed class LicenceTypePackage : PackageKind<LicenceTypeDefinition>
{
    public const int MaxValidityMonths = 120;
    public const int MaxWindowDays = 366;

    /// <summary>Who applies (any representative acting for the business with scope Licences) and who decides.</summary>
    public static readonly IReadOnlyList<string> ApplicantRoles = [PlatformRoles.BusinessRepresentative];
    public static readonly IReadOnlyList<string> CaseworkerRoles = [PlatformRoles.Caseworker];

    private static readonly string[] ValidityMembers = ["months", "renewalWindowDays", "reminderDaysBefore"];
    private static readonly string[] DocumentMembers = ["title"];

    public static readonly LicenceTypePackage Kind = new();

    private LicenceTypePackage()
    {
    }

    public override string Name => "g2b-licence-type";

    public override int FormatVersion => 1;

    public override string Title => "G2B licence type package";

    public override string Description =>
        "A licence or permit businesses apply for, whole: issuing agency, texts in languages, fee, statutory deadline of the decision, validity and renewal, " +
        "application form, case lifecycle (applicant role business-representative, staff role caseworker; a transition issues the licence) and the title of the " +
        "licence document. Export it with GET /api/g2b/licence-types/{code}/package.";

    protected override IReadOnlyList<PackageMember> Members { get; } =
    [
        CaseServiceMembers.Agency("Code of the issuing agency: its caseworkers decide the applications and suspend or revoke the licences."),
        CaseServiceMembers.Texts(),
        CaseServiceMembers.Fee(),
        CaseServiceMembers.Deadline(),
        new("validity", Required: true, new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("months", "renewalWindowDays", "reminderDaysBefore"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["months"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = MaxValidityMonths, ["description"] = "Months a licence is valid from issue (a renewal adds as many to its expiry)." },
                ["renewalWindowDays"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = MaxWindowDays, ["description"] = "Days before expiry from which a renewal may be applied for." },
                ["reminderDaysBefore"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = MaxWindowDays, ["description"] = "Days before expiry the business inbox gets the renewal reminder (at most renewalWindowDays)." },
            },
        }),
        CaseServiceMembers.Form(),
        CaseServiceMembers.Lifecycle(),
        new("document", Required: true, new JsonObject
        {
            ["type"] = "object",
            ["description"] = "The signed licence an approval issues; its type is the package code.",
            ["required"] = new JsonArray("title"),
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject { ["title"] = LocalizedTextSchema.Of(CaseServiceMembers.MaxTitleLength) },
        }),
    ];

    protected override JsonObject Definitions() => CaseServiceMembers.Definitions();

    protected override LicenceTypeDefinition? ReadContent(JsonObjectReader package)
    {
        var errors = package.Errors;
        var before = errors.Count;
        var agency = CaseServiceMembers.ReadAgency(package);
        var texts = CaseServiceMembers.ReadTexts(package);
        var fee = CaseServiceMembers.ReadFee(package, "{\"amount\": 0, \"currency\": \"EUR\"} for a licence without a fee");
        var deadline = CaseServiceMembers.ReadDeadline(package);
        LicenceValidity? validity = null;
        if (package.GetObject("validity", required: true, ValidityMembers, "{\"months\", \"renewalWindowDays\", \"reminderDaysBefore\"}") is { } v)
        {
            var months = v.GetInt("months", required: true, 1, MaxValidityMonths);
            var window = v.GetInt("renewalWindowDays", required: true, 1, MaxWindowDays);
            var reminder = v.GetInt("reminderDaysBefore", required: true, 1, MaxWindowDays);
            if (window is { } w && reminder is { } r && r > w)
            {
                errors.Add("validity.reminderDaysBefore", "The reminder comes when the renewal window is open: at most renewalWindowDays.");
            }
            else if (months is { } m && window is not null && reminder is not null)
            {
                validity = new LicenceValidity(m, window.Value, reminder.Value);
            }
        }

        var form = CaseServiceMembers.ReadForm(package, "the application form: {\"pages\": [{\"name\", \"fields\": […]}]}");
        var lifecycle = CaseServiceMembers.ReadLifecycle(package);
        if (lifecycle is not null)
        {
            CaseServiceMembers.CheckLifecycleRoles(lifecycle, ApplicantRoles, CaseworkerRoles, errors);
            if (!lifecycle.IssuesDocuments)
            {
                errors.Add("lifecycle", "A transition of the lifecycle issues the licence (\"issuesDocument\": true).");
            }
        }

        LocalizedText? documentTitle = null;
        if (package.GetObject("document", required: true, DocumentMembers, "{\"title\": {…}}") is { } document)
        {
            documentTitle = document.GetText("title", required: true, CaseServiceMembers.MaxTitleLength);
        }

        return errors.Count != before
            ? null
            : new LicenceTypeDefinition(agency!, texts!.Value.Title, texts.Value.Description, fee!, deadline!.Value, validity!, form!, lifecycle!, documentTitle!);
    }

    protected override void WriteContent(Utf8JsonWriter writer, LicenceTypeDefinition content)
    {
        CaseServiceMembers.WriteAgency(writer, content.AgencyCode);
        CaseServiceMembers.WriteTexts(writer, content.Title, content.Description);
        CaseServiceMembers.WriteFee(writer, content.Fee.Amount, content.Fee.Currency);
        CaseServiceMembers.WriteDeadline(writer, content.DeadlineDays);
        writer.WriteStartObject("validity");
        writer.WriteNumber("months", content.Validity.Months);
        writer.WriteNumber("renewalWindowDays", content.Validity.RenewalWindowDays);
        writer.WriteNumber("reminderDaysBefore", content.Validity.ReminderDaysBefore);
        writer.WriteEndObject();
        CaseServiceMembers.WriteForm(writer, content.Form);
        CaseServiceMembers.WriteLifecycle(writer, content.Lifecycle);
        writer.WriteStartObject("document");
        CaseServiceMembers.WriteText(writer, "title", content.DocumentTitle);
        writer.WriteEndObject();
    }
}
