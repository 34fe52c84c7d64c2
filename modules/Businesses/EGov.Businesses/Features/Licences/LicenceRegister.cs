using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace EGov.Businesses.Features.Licences;

/// <summary>
/// The public licence register, <c>/licences</c>: anyone may look up who holds which licence, issued by whom, valid
/// until when and whether it stands today (active, suspended, revoked, expired). Open data only: no reasons, no
/// history, no people.
/// </summary>
internal static class LicenceRegister
{
    public const int MaxQueryLength = 200;

    public static void Map(IEndpointRouteBuilder module)
    {
        var register = module.MapGroup("/licences").RequireAccess(Access.Public);

        register.MapGet("/", SearchAsync)
            .WithName("SearchLicenceRegister")
            .WithSummary("Search the public licence register")
            .WithDescription("Anonymous. Filter by `business` (a registration number, or words of the business's name), `type` (a licence type code), " +
                "`status` (the status today: a licence past its last day is expired) and `agency` (the issuing agency's code). Newest first, paged.")
            .ProducesValidationProblem();

        register.MapGet("/{licenceNumber}", GetAsync)
            .WithName("GetPublicLicence")
            .WithSummary("One licence in the public register")
            .WithDescription("Anonymous. The licence's holder, type, issuing agency, validity and status today.")
            .Produces<PublicLicence>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PagedList<PublicLicence>>, ValidationProblem>> SearchAsync(
        [AsParameters] PageQuery pageQuery, BusinessesDb db, TimeProvider clock, HttpRequest request, CancellationToken ct,
        [Description("A registration number, or words of the business's name (prefixes)."), MaxLength(MaxQueryLength)] string? business = null,
        [Description("A licence type code."), MaxLength(64)] string? type = null,
        [Description("The status today.")] LicenceStatus? status = null,
        [Description("The issuing agency's code."), MaxLength(16)] string? agency = null)
    {
        var errors = new ValidationErrors().MaxLength("business", business, MaxQueryLength).MaxLength("type", type, 64).MaxLength("agency", agency, 16);
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var today = Register.Today(clock);
        var licences = db.Licences.AsNoTracking();
        if (type is not null)
        {
            licences = licences.Where(l => l.LicenceTypeCode == type);
        }

        if (agency is not null)
        {
            var code = agency.Trim().ToUpperInvariant();
            licences = licences.Where(l => l.AgencyCode == code);
        }

        if (status is { } s)
        {
            licences = licences.Where(Licence.HavingStatusOn(s, today));
        }

        var businesses = db.Businesses.AsNoTracking();
        var number = business?.Trim().ToUpperInvariant();
        if (Register.IsNumber(number))
        {
            businesses = businesses.Where(b => b.Number == number);
        }
        else if (business is not null && PublicRegister.PrefixQuery(business) is { } words)
        {
            businesses = businesses.Where(b => EF.Property<NpgsqlTsVector>(b, BusinessesDb.SearchVector).Matches(EF.Functions.ToTsQuery("simple", words)));
        }
        else if (business is not null)
        {
            businesses = businesses.Where(_ => false);
        }

        var page = await licences
            .Join(businesses, l => l.BusinessId, b => b.Id, (l, b) => new { Licence = l, b.Name })
            .OrderByDescending(x => x.Licence.IssuedAt).ThenBy(x => x.Licence.Number)
            .ToPagedListAsync(paging, ct);
        var titles = await TitlesAsync(db, page.Items.Select(x => x.Licence.LicenceTypeCode), request, ct);
        var agencies = await LicenceCatalogue.AgencyNamesAsync(db, page.Items.Select(x => x.Licence.AgencyCode), ct);
        return TypedResults.Ok(new PagedList<PublicLicence>(
            page.Items.Select(x => Public(x.Licence, x.Name, titles, agencies, today)).ToList(), page.Total, page.Page, page.PageSize));
    }

    private static async Task<Results<Ok<PublicLicence>, ProblemHttpResult>> GetAsync(
        [MaxLength(BusinessLicences.MaxReferenceLength)] string licenceNumber, BusinessesDb db, TimeProvider clock, HttpRequest request, CancellationToken ct)
    {
        var found = await db.Licences.AsNoTracking().Where(l => l.Number == licenceNumber)
            .Join(db.Businesses, l => l.BusinessId, b => b.Id, (l, b) => new { Licence = l, b.Name })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return Problems.NotFound("There is no licence with that number in the register.");
        }

        var titles = await TitlesAsync(db, [found.Licence.LicenceTypeCode], request, ct);
        var agencies = await LicenceCatalogue.AgencyNamesAsync(db, [found.Licence.AgencyCode], ct);
        return TypedResults.Ok(Public(found.Licence, found.Name, titles, agencies, Register.Today(clock)));
    }

    private static PublicLicence Public(Licence l, string businessName, Dictionary<string, string> titles, Dictionary<string, string> agencies, DateOnly today) => new(
        l.Number, l.LicenceTypeCode, titles.GetValueOrDefault(l.LicenceTypeCode), l.AgencyCode, agencies.GetValueOrDefault(l.AgencyCode),
        l.BusinessNumber, businessName, l.StatusOn(today), l.ValidFrom, l.ValidUntil, l.StatusSince);

    private static async Task<Dictionary<string, string>> TitlesAsync(BusinessesDb db, IEnumerable<string> codes, HttpRequest request, CancellationToken ct) =>
        (await LicenceCatalogue.CurrentOfAsync(db, codes, ct)).ToDictionary(t => t.Key, t => t.Value.Definition.Title.In(LicenceCatalogue.LanguageOf(request, t.Value)), StringComparer.Ordinal);
}
