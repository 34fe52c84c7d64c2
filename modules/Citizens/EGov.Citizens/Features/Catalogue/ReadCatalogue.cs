using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Features.Catalogue;

internal sealed record FeeDto(decimal Amount, string Currency);

internal sealed record FormFieldResponse(
    string Name, string Label, string Type, bool Required, decimal? Min, decimal? Max, int? MaxLength, string? Pattern, IReadOnlyList<string>? Choices);

internal sealed record FormResponse(IReadOnlyList<FormFieldResponse> Fields);

internal sealed record ServiceResponse(
    string Code,
    string Title,
    string Description,
    string Language,
    string AgencyCode,
    string? AgencyName,
    FeeDto Fee,
    int DeadlineDays,
    IReadOnlyList<string> RequiredDocuments,
    int Version,
    FormResponse Form)
{
    public static ServiceResponse From(CatalogueService service, string language, string? agencyName) => new(
        service.Code,
        service.Title(language),
        service.Description(language),
        language,
        service.AgencyCode,
        agencyName,
        new FeeDto(service.FeeAmount, service.FeeCurrency),
        service.DeadlineDays,
        service.RequiredDocuments,
        service.Version,
        new FormResponse(service.FormDefinition().Fields
            .Select(f => new FormFieldResponse(
                f.Name,
                language == Languages.French && f.LabelFr is { } fr ? fr : f.Label,
                f.Type, f.Required, f.Min, f.Max, f.MaxLength, f.Pattern, f.Choices))
            .ToList()));
}

/// <summary>The public service catalogue: what a citizen can apply for, in English or French.</summary>
internal static class ReadCatalogue
{
    public static void Map(RouteGroupBuilder services)
    {
        services.MapGet("/", ListAsync)
            .RequireAccess(Access.Public)
            .WithName("ListServices")
            .WithSummary("Browse the service catalogue")
            .WithDescription("Current version of every service, paged, optionally of one agency. Texts follow Accept-Language (en, fr; English otherwise).")
            .ProducesValidationProblem();

        services.MapGet("/{code}", GetAsync)
            .RequireAccess(Access.Public)
            .WithName("GetService")
            .WithSummary("One service with its form")
            .WithDescription("The current version of a service; `?version=` reads an earlier one (applications keep the version they were filed against).")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PagedList<ServiceResponse>>, ValidationProblem>> ListAsync(
        HttpRequest request, CitizensDb db, [AsParameters] PageQuery pageQuery, string? agency, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var language = RequestLanguage.Of(request);
        var query = db.Services.AsNoTracking().Where(s => s.IsCurrent);
        if (!string.IsNullOrWhiteSpace(agency))
        {
            var code = agency.ToUpperInvariant();
            query = query.Where(s => s.AgencyCode == code);
        }

        var found = await query.OrderBy(s => s.Code).ToPagedListAsync(paging, cancellationToken);
        var names = await AgencyNamesAsync(db, found.Items.Select(s => s.AgencyCode), cancellationToken);
        return TypedResults.Ok(found.Map(s => ServiceResponse.From(s, language, names.GetValueOrDefault(s.AgencyCode))));
    }

    private static async Task<Results<Ok<ServiceResponse>, ProblemHttpResult>> GetAsync(
        string code, int? version, HttpRequest request, CitizensDb db, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking()
            .Where(s => s.Code == code && (version == null ? s.IsCurrent : s.Version == version))
            .SingleOrDefaultAsync(cancellationToken);
        if (service is null)
        {
            return Problems.NotFound(version is null ? $"There is no service '{code}'." : $"Service '{code}' has no version {version}.");
        }

        var names = await AgencyNamesAsync(db, [service.AgencyCode], cancellationToken);
        return TypedResults.Ok(ServiceResponse.From(service, RequestLanguage.Of(request), names.GetValueOrDefault(service.AgencyCode)));
    }

    public static async Task<Dictionary<string, string>> AgencyNamesAsync(CitizensDb db, IEnumerable<string> codes, CancellationToken cancellationToken)
    {
        var wanted = codes.Distinct(StringComparer.Ordinal).ToList();
        return await db.Agencies.AsNoTracking().Where(a => wanted.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, cancellationToken);
    }
}
