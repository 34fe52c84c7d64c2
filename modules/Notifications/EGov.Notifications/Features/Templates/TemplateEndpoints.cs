using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EGov.BuildingBlocks.Notices;
using EGov.Notifications.Delivery;
using EGov.Notifications.Domain;
using EGov.Notifications.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Notifications.Features.Templates;

internal sealed record TemplateResponse(
    [property: Description("The agency the version belongs to, or '*' for the platform's template that agencies without their own use.")]
    string Owner,
    Channel Channel,
    string Key,
    int Version,
    IReadOnlyList<NoticeParameter> Parameters,
    IReadOnlyDictionary<string, string> Subject,
    IReadOnlyDictionary<string, string> Body,
    IReadOnlyDictionary<string, string> DateFormat,
    DateTimeOffset CreatedAt,
    string CreatedBy)
{
    public static TemplateResponse From(NotificationTemplate t) =>
        new(t.Owner, t.Channel, t.Key, t.Version, t.Content.Parameters, t.Content.Subject, t.Content.Body, t.Content.DateFormat, t.CreatedAt, t.CreatedBy);
}

internal sealed record SaveTemplateRequest(
    [property: Description("The placeholders the texts use: name (letters and digits), type (Text or Date), optional.")]
    List<NoticeParameter?>? Parameters,
    [property: Description("Language code to subject (one line). For SMS the subject names the template and is not sent.")]
    Dictionary<string, string?>? Subject,
    [property: Description("Language code to body, in the same languages as the subject; {{#name}}…{{/name}} shows only when the optional parameter 'name' has a value.")]
    Dictionary<string, string?>? Body,
    [property: Description("Language code to date format (yyyy-MM-dd, dd/MM/yyyy); languages without one show yyyy-MM-dd.")]
    Dictionary<string, string?>? DateFormat);

internal sealed record PreviewRequest(
    [property: Description("The language to render in; the template's fallback when it has no text in it.")]
    string? Language,
    [property: Description("Placeholder name to value; dates as yyyy-MM-dd. Every required parameter needs a value.")]
    Dictionary<string, string?>? Values);

internal sealed record PreviewResponse(string Owner, Channel Channel, string Key, int Version, string Language, string Subject, string Body);

/// <summary>An agency's templates: save a version (checked), read the effective one, list, preview.</summary>
internal static class TemplateEndpoints
{
    public static void Map(RouteGroupBuilder module)
    {
        var templates = module.MapGroup("/templates");
        var readers = Access.AnyOf(PlatformRoles.ServiceDesigner, PlatformRoles.Caseworker, PlatformRoles.Agency, PlatformRoles.PlatformAdmin);

        templates.MapGet("/{agencyCode}", ListAsync)
            .RequireAccess(readers)
            .WithName("ListNotificationTemplates")
            .WithSummary("An agency's templates")
            .WithDescription("The latest version of every template the agency can send: its own, and the platform's for keys it has none of. Staff of the agency, or platform admins.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        templates.MapGet("/{agencyCode}/{channel}/{key}", GetAsync)
            .RequireAccess(readers)
            .WithName("GetNotificationTemplate")
            .WithSummary("The template an agency sends for a key and channel")
            .WithDescription("The agency's latest version, else the platform's; `version` reads an earlier version of the agency's own.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        templates.MapPut("/{agencyCode}/{channel}/{key}", SaveAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.ServiceDesigner, PlatformRoles.PlatformAdmin))
            .WithName("SaveNotificationTemplate")
            .WithSummary("Save a new version of an agency's template")
            .WithDescription("Every placeholder must be a declared parameter (optional ones inside their own section), subject and body in the same languages. 201 with the new version; 200 when the content equals the latest version (nothing saved). Service designers of the agency, or platform admins.")
            .Produces<TemplateResponse>(StatusCodes.Status201Created)
            .Produces<TemplateResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        templates.MapPost("/{agencyCode}/{channel}/{key}/preview", PreviewAsync)
            .RequireAccess(readers)
            .WithName("PreviewNotificationTemplate")
            .WithSummary("Render a template without sending it")
            .WithDescription("The subject and body as the recipient would read them; a missing value is a 400, as it is for a send.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Checks the route's agency, channel and key; the agency check (403) comes after.</summary>
    internal static Channel? ReadRoute(string agencyCode, string? channel, string? key, ValidationErrors errors)
    {
        CheckAgency(agencyCode, "agencyCode", errors);
        var parsed = channel is null ? null : ParseEnum<Channel>(channel, "channel", errors);

        if (key is not null)
        {
            CheckKey(key, "key", errors);
        }

        return parsed;
    }

    /// <summary>An enum's value by its exact name (never a number), or null with the choices under <paramref name="field"/>.</summary>
    internal static T? ParseEnum<T>(string text, string field, ValidationErrors errors) where T : struct, Enum
    {
        if (Enum.GetNames<T>().Contains(text, StringComparer.Ordinal))
        {
            return Enum.Parse<T>(text);
        }

        errors.Add(field, $"'{field}' is one of: {string.Join(", ", Enum.GetNames<T>())}.");
        return null;
    }

    internal static void CheckAgency(string agencyCode, string field, ValidationErrors errors)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(agencyCode, Outbound.AgencyCodePattern))
        {
            errors.Add(field, "An agency code: 2 to 20 upper-case letters and digits (NCR).");
        }
    }

    internal static void CheckKey(string key, string field, ValidationErrors errors)
    {
        if (!NoticeTemplateRules.IsKey(key))
        {
            errors.Add(field, $"A key is lower-case words joined by '-', at most {NoticeTemplate.MaxKeyLength} characters.");
        }
    }

    private static async Task<Results<Ok<PagedList<TemplateResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [RegularExpression(Outbound.AgencyCodePattern)] string agencyCode, [AsParameters] PageQuery pageQuery, ICurrentUser user, NotificationsDb db, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        ReadRoute(agencyCode, null, null, errors);
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!user.ActsFor(agencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(agencyCode, "this template list"));
        }

        var owners = new[] { agencyCode, NotificationTemplate.PlatformOwner };
        var latest = db.Templates.AsNoTracking()
            .Where(t => owners.Contains(t.Owner))
            .Where(t => t.Version == db.Templates.Where(o => o.Owner == t.Owner && o.Channel == t.Channel && o.Key == t.Key).Max(o => o.Version))
            .Where(t => t.Owner == agencyCode || !db.Templates.Any(o => o.Owner == agencyCode && o.Channel == t.Channel && o.Key == t.Key))
            .OrderBy(t => t.Key).ThenBy(t => t.Channel);
        return TypedResults.Ok((await latest.ToPagedListAsync(paging, ct)).Map(TemplateResponse.From));
    }

    private static async Task<Results<Ok<TemplateResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [RegularExpression(Outbound.AgencyCodePattern)] string agencyCode, [AllowedValues(nameof(Channel.Email), nameof(Channel.Sms), nameof(Channel.Letter))] string channel, [RegularExpression(NoticeTemplateRules.KeyPattern), StringLength(NoticeTemplate.MaxKeyLength)] string key,
        [Description("A version of the agency's own template, from 1."), Range(1, int.MaxValue)] int? version,
        ICurrentUser user, NotificationsDb db, Outbound outbound, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var parsed = ReadRoute(agencyCode, channel, key, errors);
        if (version is < 1)
        {
            errors.Add("version", "'version' is 1 or more.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!user.ActsFor(agencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(agencyCode, "this template"));
        }

        var template = version is { } v
            ? await db.Templates.AsNoTracking().SingleOrDefaultAsync(t => t.Owner == agencyCode && t.Channel == parsed!.Value && t.Key == key && t.Version == v, ct)
            : await outbound.TemplateAsync(agencyCode, parsed!.Value, key, ct);
        return template is null
            ? Problems.NotFound($"Agency {agencyCode} has no {parsed} template '{key}'{(version is null ? string.Empty : $" version {version}")}.")
            : TypedResults.Ok(TemplateResponse.From(template));
    }

    private static async Task<Results<Created<TemplateResponse>, Ok<TemplateResponse>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        [RegularExpression(Outbound.AgencyCodePattern)] string agencyCode, [AllowedValues(nameof(Channel.Email), nameof(Channel.Sms), nameof(Channel.Letter))] string channel, [RegularExpression(NoticeTemplateRules.KeyPattern), StringLength(NoticeTemplate.MaxKeyLength)] string key,
        SaveTemplateRequest request, ICurrentUser user, NotificationsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var parsed = ReadRoute(agencyCode, channel, key, errors);
        var content = NoticeTemplateRules.Validate(request.Parameters, request.Subject, request.Body, request.DateFormat, errors);
        if (parsed == Channel.Sms && content is not null && content.Body.MaxTextLength > NotificationTemplate.MaxSmsLength)
        {
            errors.Add("body", $"A text message template is at most {NotificationTemplate.MaxSmsLength} characters.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!user.ActsFor(agencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(agencyCode, "this template"));
        }

        var latest = await db.Templates.AsNoTracking()
            .Where(t => t.Owner == agencyCode && t.Channel == parsed!.Value && t.Key == key)
            .OrderByDescending(t => t.Version).FirstOrDefaultAsync(ct);
        if (latest is not null && latest.SameContentAs(content!))
        {
            return TypedResults.Ok(TemplateResponse.From(latest));
        }

        var now = Outbound.StoredPrecision(clock.GetUtcNow());
        var saved = latest is null
            ? NotificationTemplate.First(agencyCode, parsed!.Value, key, content!, now, user.Actor)
            : latest.Next(content!, now, user.Actor);
        db.Templates.Add(saved);
        db.Audit(user, "notify-template.saved", "notify-template", $"{agencyCode}/{parsed}/{key}", new { version = saved.Version });
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict($"Another version of '{key}' was saved at the same moment: read it and save again.");
        }

        return TypedResults.Created($"{NotificationsModule.Descriptor.RoutePrefix}/templates/{agencyCode}/{parsed}/{key}?version={saved.Version}", TemplateResponse.From(saved));
    }

    private static async Task<Results<Ok<PreviewResponse>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        [RegularExpression(Outbound.AgencyCodePattern)] string agencyCode, [AllowedValues(nameof(Channel.Email), nameof(Channel.Sms), nameof(Channel.Letter))] string channel, [RegularExpression(NoticeTemplateRules.KeyPattern), StringLength(NoticeTemplate.MaxKeyLength)] string key,
        PreviewRequest request, ICurrentUser user, Outbound outbound, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var parsed = ReadRoute(agencyCode, channel, key, errors);
        if (request.Language is not null && !EGov.BuildingBlocks.Texts.LocalizedText.IsLanguage(request.Language))
        {
            errors.Add("language", "A language code: en, fr, pt-BR.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!user.ActsFor(agencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(agencyCode, "this template"));
        }

        var template = await outbound.TemplateAsync(agencyCode, parsed!.Value, key, ct);
        if (template is null)
        {
            return Problems.NotFound($"Agency {agencyCode} has no {parsed} template '{key}'.");
        }

        if (template.Content.ReadValues(request.Values, "values", errors) is not { } values)
        {
            return Problems.Validation(errors);
        }

        var rendered = template.Render(request.Language, values);
        return TypedResults.Ok(new PreviewResponse(template.Owner, template.Channel, template.Key, template.Version, rendered.Language, rendered.Subject, rendered.Body));
    }
}
