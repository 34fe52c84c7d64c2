using System.Text.RegularExpressions;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Features.Catalogue;

internal sealed record FormFieldRequest(
    string? Name, string? Label, string? LabelFr, string? Type, bool? Required, decimal? Min, decimal? Max, int? MaxLength, string? Pattern, List<string>? Choices);

internal sealed record FormRequest(List<FormFieldRequest?>? Fields);

/// <summary>A service definition as a service designer writes it. <c>code</c> is taken on creation only.</summary>
internal sealed record ServiceDefinitionRequest(
    string? Code,
    string? Title,
    string? TitleFr,
    string? Description,
    string? DescriptionFr,
    string? AgencyCode,
    FeeDto? Fee,
    int? DeadlineDays,
    List<string>? RequiredDocuments,
    FormRequest? Form);

/// <summary>Service designers publish services; every edit is a new version, earlier versions stay for the applications filed on them.</summary>
internal static partial class DesignService
{
    public const int MaxFields = 100;

    public static void Map(RouteGroupBuilder services)
    {
        services.MapPost("/", CreateAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.ServiceDesigner, PlatformRoles.PlatformAdmin))
            .WithName("CreateService")
            .WithSummary("Publish a new service")
            .WithDescription("Version 1 of a service. The responsible agency must be in the module's agency registry copy. A service designer publishes for their own agency only (403 otherwise); a platform administrator for any agency.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        services.MapPut("/{code}", UpdateAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.ServiceDesigner, PlatformRoles.PlatformAdmin))
            .WithName("UpdateService")
            .WithSummary("Publish a new version of a service")
            .WithDescription("The definition replaces the current one as a new version; applications keep the version they were filed against. A service designer changes their own agency's services only and cannot hand one to another agency (403); a platform administrator acts for any agency.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<ServiceResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ServiceDefinitionRequest request, CitizensDb db, CurrentForms forms, ICurrentUser user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (request.Code is null || !ServiceCode().IsMatch(request.Code))
        {
            errors.Add("code", "A service code is 2 to 64 lower-case letters, digits or hyphens, starting with a letter or digit.");
        }

        var (service, form) = await ValidateAsync(request, db, errors, cancellationToken);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!user.ActsFor(service.AgencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(service.AgencyCode, "the service"));
        }

        if (await db.Services.AnyAsync(s => s.Code == request.Code, cancellationToken))
        {
            return Problems.Conflict($"Service '{request.Code}' exists; publish a new version with PUT.");
        }

        service.Code = request.Code!;
        service.Version = 1;
        service.IsCurrent = true;
        service.CreatedAt = clock.GetUtcNow();
        service.CreatedBy = user.Actor;
        db.Services.Add(service);
        db.Audit(user, "service.created", "service", service.Code, new { service.Version, service.AgencyCode, fields = form.Fields.Count });
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return Problems.Conflict($"Service '{request.Code}' was created at the same time by someone else.");
        }

        forms.Replace(service.Code, form);

        var names = await ReadCatalogue.AgencyNamesAsync(db, [service.AgencyCode], cancellationToken);
        return TypedResults.Created($"/api/g2c/services/{service.Code}", ServiceResponse.From(service, Languages.English, names.GetValueOrDefault(service.AgencyCode)));
    }

    private static async Task<Results<Ok<ServiceResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string code, ServiceDefinitionRequest request, CitizensDb db, CurrentForms forms, ICurrentUser user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var current = await db.Services.SingleOrDefaultAsync(s => s.Code == code && s.IsCurrent, cancellationToken);
        if (current is null)
        {
            return Problems.NotFound($"There is no service '{code}'.");
        }

        if (!user.ActsFor(current.AgencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(current.AgencyCode, $"service '{code}'"));
        }

        var errors = new ValidationErrors();
        if (request.Code is not null && request.Code != code)
        {
            errors.Add("code", "A service's code cannot change.");
        }

        var (service, form) = await ValidateAsync(request, db, errors, cancellationToken);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!user.ActsFor(service.AgencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(service.AgencyCode, "the new version"));
        }

        current.IsCurrent = false;
        service.Code = code;
        service.Version = current.Version + 1;
        service.IsCurrent = true;
        service.CreatedAt = clock.GetUtcNow();
        service.CreatedBy = user.Actor;
        db.Services.Add(service);
        db.Audit(user, "service.versioned", "service", code, new { service.Version, previous = current.Version, service.AgencyCode, fields = form.Fields.Count });
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return Problems.Conflict($"Service '{code}' was changed at the same time by someone else; read it again and retry.");
        }

        forms.Replace(code, form);

        var names = await ReadCatalogue.AgencyNamesAsync(db, [service.AgencyCode], cancellationToken);
        return TypedResults.Ok(ServiceResponse.From(service, Languages.English, names.GetValueOrDefault(service.AgencyCode)));
    }

    private static async Task<bool> TrySaveAsync(CitizensDb db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            return false;
        }
    }

    private static async Task<(CatalogueService Service, FormDefinition Form)> ValidateAsync(
        ServiceDefinitionRequest request, CitizensDb db, ValidationErrors errors, CancellationToken cancellationToken)
    {
        errors.Required("title", request.Title).MaxLength("title", request.Title, 200).MaxLength("titleFr", request.TitleFr, 200);
        errors.Required("description", request.Description).MaxLength("description", request.Description, 4000)
            .MaxLength("descriptionFr", request.DescriptionFr, 4000);

        var agencyCode = request.AgencyCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(agencyCode))
        {
            errors.Add("agencyCode", "'agencyCode' is required: the agency responsible for the service.");
        }
        else if (!await db.Agencies.AnyAsync(a => a.Code == agencyCode && a.Status == "active", cancellationToken))
        {
            errors.Add("agencyCode", $"'{agencyCode}' is not an active agency of the registry.");
        }

        if (request.Fee is null)
        {
            errors.Add("fee", "'fee' is required ({\"amount\": 0, \"currency\": \"EUR\"} for a free service).");
        }
        else
        {
            if (request.Fee.Amount is < 0 or > 1_000_000 || decimal.Round(request.Fee.Amount, 2) != request.Fee.Amount)
            {
                errors.Add("fee.amount", "A fee is between 0 and 1,000,000 with at most two decimals.");
            }

            if (request.Fee.Currency is null || !Currency().IsMatch(request.Fee.Currency))
            {
                errors.Add("fee.currency", "A currency is an ISO 4217 code such as EUR.");
            }
        }

        if (request.DeadlineDays is null or < 1 or > 365)
        {
            errors.Add("deadlineDays", "'deadlineDays' (statutory deadline in working days) is between 1 and 365.");
        }

        var documents = request.RequiredDocuments ?? [];
        if (documents.Count > 20)
        {
            errors.Add("requiredDocuments", "At most 20 required documents.");
        }

        for (var i = 0; i < documents.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(documents[i]) || documents[i].Length > 200)
            {
                errors.Add($"requiredDocuments[{i}]", "A required document is named in 1 to 200 characters.");
            }
        }

        var fields = new List<FormField>();
        var requested = request.Form?.Fields;
        if (requested is null || requested.Count == 0)
        {
            errors.Add("form.fields", "A form has at least one field.");
        }
        else if (requested.Count > MaxFields)
        {
            errors.Add("form.fields", $"A form has at most {MaxFields} fields.");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < requested.Count; i++)
            {
                if (ValidateField(requested[i], $"form.fields[{i}]", seen, errors) is { } field)
                {
                    fields.Add(field);
                }
            }
        }

        var form = new FormDefinition(fields);
        var service = new CatalogueService
        {
            AgencyCode = agencyCode ?? string.Empty,
            TitleEn = request.Title?.Trim() ?? string.Empty,
            TitleFr = string.IsNullOrWhiteSpace(request.TitleFr) ? null : request.TitleFr.Trim(),
            DescriptionEn = request.Description?.Trim() ?? string.Empty,
            DescriptionFr = string.IsNullOrWhiteSpace(request.DescriptionFr) ? null : request.DescriptionFr.Trim(),
            FeeAmount = request.Fee?.Amount ?? 0,
            FeeCurrency = request.Fee?.Currency ?? "EUR",
            DeadlineDays = request.DeadlineDays ?? 0,
            RequiredDocuments = documents.Select(d => d?.Trim() ?? string.Empty).ToList(),
            Form = form.ToJson(),
        };
        return (service, form);
    }

    private static FormField? ValidateField(FormFieldRequest? field, string path, HashSet<string> seen, ValidationErrors errors)
    {
        if (field is null)
        {
            errors.Add(path, "A field is an object.");
            return null;
        }

        var before = errors.ToDictionary().Count;
        if (field.Name is null || !FieldName().IsMatch(field.Name))
        {
            errors.Add($"{path}.name", "A field name is a letter followed by up to 63 letters, digits or '_'.");
        }
        else if (!seen.Add(field.Name))
        {
            errors.Add($"{path}.name", $"Field '{field.Name}' appears twice.");
        }

        errors.Required($"{path}.label", field.Label).MaxLength($"{path}.label", field.Label, 200).MaxLength($"{path}.labelFr", field.LabelFr, 200);
        if (field.Type is null || !FieldTypes.All.Contains(field.Type))
        {
            errors.Add($"{path}.type", $"A field type is one of: {string.Join(", ", FieldTypes.All)}.");
        }

        if (field.Min is { } min && field.Max is { } max && min > max)
        {
            errors.Add($"{path}.max", "'max' is at least 'min'.");
        }

        if (field.MaxLength is < 1 or > 10_000)
        {
            errors.Add($"{path}.maxLength", "'maxLength' is between 1 and 10000.");
        }

        if (field.Pattern is not null)
        {
            try
            {
                _ = new Regex(field.Pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException)
            {
                errors.Add($"{path}.pattern", "'pattern' is not a valid regular expression.");
            }
        }

        if (field.Type == FieldTypes.Choice && (field.Choices is null || field.Choices.Count == 0 || field.Choices.Any(string.IsNullOrWhiteSpace)))
        {
            errors.Add($"{path}.choices", "A choice field lists its non-empty choices.");
        }
        else if (field.Type != FieldTypes.Choice && field.Choices is not null)
        {
            errors.Add($"{path}.choices", "Only a choice field has choices.");
        }

        if (errors.ToDictionary().Count != before)
        {
            return null;
        }

        return new FormField(
            field.Name!, field.Label!.Trim(), string.IsNullOrWhiteSpace(field.LabelFr) ? null : field.LabelFr.Trim(), field.Type!, field.Required ?? false,
            field.Min, field.Max, field.MaxLength, field.Pattern, field.Choices);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex ServiceCode();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex FieldName();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex Currency();
}
