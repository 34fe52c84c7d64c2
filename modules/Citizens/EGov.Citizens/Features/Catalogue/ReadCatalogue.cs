using EGov.BuildingBlocks.Forms;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using TextLanguages = EGov.BuildingBlocks.Texts.Languages;

namespace EGov.Citizens.Features.Catalogue;

internal sealed record FeeDto(decimal Amount, string Currency);

/// <summary>The document an approval issues, in the answer's language.</summary>
internal sealed record DocumentTemplateView(string Type, string Title, DocumentLayout Layout);

/// <summary>
/// One version of a service read in one language: <c>language</c> is the one chosen from Accept-Language among
/// <c>languages</c>, the languages the service is written in (a text missing in it falls back as the block states).
/// </summary>
internal sealed record ServiceResponse(
    string Code,
    int Version,
    string Title,
    string Description,
    string Language,
    IReadOnlyList<string> Languages,
    string AgencyCode,
    string? AgencyName,
    FeeDto Fee,
    int DeadlineDays,
    IReadOnlyList<string> RequiredDocuments,
    DocumentTemplateView? Document,
    FormView Form)
{
    public static ServiceResponse From(CatalogueService service, string language, string? agencyName) => new(
        service.Code,
        service.Version,
        service.Title(language),
        service.Description(language),
        language,
        service.Languages,
        service.AgencyCode,
        agencyName,
        new FeeDto(service.FeeAmount, service.FeeCurrency),
        service.DeadlineDays,
        service.RequiredDocuments.Select(d => d.In(language)).ToList(),
        service.DocumentTemplate is { } template ? new DocumentTemplateView(template.Type, template.Title.In(language), template.Layout) : null,
        service.Form.In(language));

    /// <summary>
    /// The caller's language among the service's (Accept-Language); when none matches, the platform's default
    /// language, or the service's first language if it is not written in that one.
    /// </summary>
    public static ServiceResponse For(HttpRequest request, CatalogueService service, string? agencyName)
    {
        var language = TextLanguages.Of(request, service.Languages);
        return From(service, service.Languages.Contains(language) ? language : service.Languages[0], agencyName);
    }
}

/// <summary>The public service catalogue: what a citizen can apply for, in the caller's language.</summary>
internal static class ReadCatalogue
{
    public static void Map(RouteGroupBuilder services)
    {
        services.MapGet("/", ListAsync)
            .RequireAccess(Access.Public)
            .WithName("ListServices")
            .WithSummary("Browse the service catalogue")
            .WithDescription("Current version of every service, paged, optionally of one agency. Texts follow Accept-Language among each service's languages (`language`, `languages`); English otherwise.")
            .ProducesValidationProblem();

        services.MapGet("/{code}", GetAsync)
            .RequireAccess(Access.Public)
            .WithName("GetService")
            .WithSummary("One service with its form")
            .WithDescription("The current version of a service with its form (pages, fields, conditions, limits as applied) in the caller's language; `?version=` reads an earlier one (applications keep the version they were filed against).")
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

        var query = db.Services.AsNoTracking().Where(s => s.IsCurrent);
        if (!string.IsNullOrWhiteSpace(agency))
        {
            var code = agency.ToUpperInvariant();
            query = query.Where(s => s.AgencyCode == code);
        }

        var found = await query.OrderBy(s => s.Code).ToPagedListAsync(paging, cancellationToken);
        var names = await AgencyNamesAsync(db, found.Items.Select(s => s.AgencyCode), cancellationToken);
        return TypedResults.Ok(found.Map(s => ServiceResponse.For(request, s, names.GetValueOrDefault(s.AgencyCode))));
    }

    private static async Task<Results<Ok<ServiceResponse>, ProblemHttpResult>> GetAsync(
        string code, int? version, HttpRequest request, CitizensDb db, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, code, version, cancellationToken) is not { } service)
        {
            return NotFound(code, version);
        }

        var names = await AgencyNamesAsync(db, [service.AgencyCode], cancellationToken);
        return TypedResults.Ok(ServiceResponse.For(request, service, names.GetValueOrDefault(service.AgencyCode)));
    }

    /// <summary>The current version of a service, or the given one; null when there is none.</summary>
    public static Task<CatalogueService?> FindAsync(CitizensDb db, string code, int? version, CancellationToken cancellationToken) =>
        db.Services.AsNoTracking()
            .Where(s => s.Code == code && (version == null ? s.IsCurrent : s.Version == version))
            .SingleOrDefaultAsync(cancellationToken);

    public static ProblemHttpResult NotFound(string code, int? version) =>
        Problems.NotFound(version is null ? $"There is no service '{code}'." : $"Service '{code}' has no version {version}.");

    public static async Task<Dictionary<string, string>> AgencyNamesAsync(CitizensDb db, IEnumerable<string> codes, CancellationToken cancellationToken)
    {
        var wanted = codes.Distinct(StringComparer.Ordinal).ToList();
        return await db.Agencies.AsNoTracking().Where(a => wanted.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, cancellationToken);
    }
}
