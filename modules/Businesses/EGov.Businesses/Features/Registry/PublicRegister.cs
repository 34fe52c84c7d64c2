using System.ComponentModel;
using System.Text;
using EGov.Businesses.Domain;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace EGov.Businesses.Features.Registry;

internal sealed record ActivityCodeResponse(string Code, ActivityLevel Level, string Title, string Section);

/// <summary>
/// The anonymous register: search by name (full text over the folded name, ranked), a business by number as of any
/// day, its filing history, and the NACE Rev. 2 codelist. Open-data fields only.
/// </summary>
internal static class PublicRegister
{
    public const int MaxQueryLength = 200;

    public static void Map(IEndpointRouteBuilder module)
    {
        var register = module.MapGroup("/register").RequireAccess(Access.Public);

        register.MapGet("/", SearchAsync)
            .WithName("SearchBusinessRegister")
            .WithSummary("Search the business register")
            .WithDescription(
                "Anonymous. `q` matches words of company names as prefixes, without case and diacritics (`cafe lod` finds \"Café Łódź Lda\"), " +
                "best match first; without `q`, every business by name. A registration number (`BRN-…`) as `q` finds that business. Paged; open-data fields only.")
            .ProducesValidationProblem();

        register.MapGet("/{number}", GetAsync)
            .WithName("GetRegisterEntry")
            .WithSummary("A business on the register")
            .WithDescription(
                "Anonymous. The register as of `asOf` (default today): name, status, legal form, registered address in effect that day, activities, share capital, " +
                "officers in office and beneficial owners in notice (names, roles, bands; never a national id or a home address), and the annual confirmation due date " +
                "with its overdue flag. 404 when there is no such business or it was not yet registered on `asOf`.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        register.MapGet("/{number}/filings", FilingsAsync)
            .WithName("ListRegisterFilings")
            .WithSummary("The filing history of a business")
            .WithDescription(
                "Anonymous. Every filing of the ledger, newest first: kind, effective date (and whether it is in effect today), when it was filed, on what footing, " +
                "the filing it corrects and the corrections of it, and its open-data details. Paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        module.MapGet("/activity-codes", ActivityCodesAsync)
            .RequireAccess(Access.Public)
            .WithName("ListActivityCodes")
            .WithSummary("NACE Rev. 2 activity codes")
            .WithDescription("Anonymous. The codelist the register validates activity codes against (sections, divisions and groups); `q` filters by code prefix or words of the title. Paged.")
            .ProducesValidationProblem();
    }

    private static async Task<Results<Ok<PagedList<BusinessSearchHit>>, ValidationProblem>> SearchAsync(
        [AsParameters] PageQuery pageQuery, BusinessesDb db, CancellationToken ct,
        [Description("Words of the name (prefixes), or a registration number.")] string? q = null)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        errors.MaxLength("q", q, MaxQueryLength);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.Businesses.AsNoTracking();
        var number = q?.Trim().ToUpperInvariant();
        if (Register.IsNumber(number))
        {
            return TypedResults.Ok(await query.Where(b => b.Number == number).OrderBy(b => b.Number)
                .Select(b => new BusinessSearchHit(b.Number, b.Name, b.Status, b.LegalForm, b.RegisteredOn, 1f))
                .ToPagedListAsync(paging, ct));
        }

        var tsQuery = q is null ? null : PrefixQuery(q);
        if (tsQuery is null)
        {
            return TypedResults.Ok(await query.OrderBy(b => b.NameKey).ThenBy(b => b.Number)
                .Select(b => new BusinessSearchHit(b.Number, b.Name, b.Status, b.LegalForm, b.RegisteredOn, 0f))
                .ToPagedListAsync(paging, ct));
        }

        var matches = query.Where(b => EF.Property<NpgsqlTsVector>(b, BusinessesDb.SearchVector).Matches(EF.Functions.ToTsQuery("simple", tsQuery)));
        return TypedResults.Ok(await matches
            .OrderByDescending(b => EF.Property<NpgsqlTsVector>(b, BusinessesDb.SearchVector).Rank(EF.Functions.ToTsQuery("simple", tsQuery)))
            .ThenBy(b => b.NameKey.Length)
            .ThenBy(b => b.Number)
            .Select(b => new BusinessSearchHit(b.Number, b.Name, b.Status, b.LegalForm, b.RegisteredOn,
                EF.Property<NpgsqlTsVector>(b, BusinessesDb.SearchVector).Rank(EF.Functions.ToTsQuery("simple", tsQuery))))
            .ToPagedListAsync(paging, ct));
    }

    /// <summary>
    /// The words of <paramref name="q"/>, folded as names are, as a prefix query (<c>cafe:* &amp; lod:*</c>); null when
    /// nothing searchable is left. Folding keeps only letters and digits, so no tsquery operator can come from input.
    /// </summary>
    public static string? PrefixQuery(string q)
    {
        var words = BusinessName.Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(10).ToList();
        if (words.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var word in words)
        {
            if (text.Length > 0)
            {
                text.Append(" & ");
            }

            text.Append(word).Append(":*");
        }

        return text.ToString();
    }

    private static async Task<Results<Ok<PublicBusinessResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string number, BusinessesDb db, TimeProvider clock, CancellationToken ct,
        [Description("The day to read the register for (yyyy-MM-dd); today when left out.")] DateOnly? asOf = null)
    {
        var today = Register.Today(clock);
        if (!Register.IsNumber(number) || await Register.LoadAsync(db, number, track: false, ct) is not { } business)
        {
            return Problems.NotFound($"There is no business {Shown(number)} on the register.");
        }

        var state = business.AsOf(asOf ?? today);
        return state is null
            ? Problems.NotFound($"{business.Number} was registered on {business.RegisteredOn:O}.")
            : TypedResults.Ok(PublicBusinessResponse.From(business, state, today));
    }

    private static async Task<Results<Ok<PagedList<FilingResponse>>, ValidationProblem, ProblemHttpResult>> FilingsAsync(
        string number, [AsParameters] PageQuery pageQuery, BusinessesDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var id = Register.IsNumber(number) ? await db.Businesses.Where(b => b.Number == number).Select(b => (Guid?)b.Id).SingleOrDefaultAsync(ct) : null;
        if (id is null)
        {
            return Problems.NotFound($"There is no business {Shown(number)} on the register.");
        }

        var page = await db.Filings.AsNoTracking().Where(f => f.BusinessId == id).OrderByDescending(f => f.Sequence).ToPagedListAsync(paging, ct);
        var ids = page.Items.Select(f => (Guid?)f.Id).ToList();
        var corrections = await db.Filings.AsNoTracking().Where(f => f.BusinessId == id && ids.Contains(f.Corrects))
            .Select(f => new { f.Id, f.Corrects, f.Sequence }).ToListAsync(ct);
        var today = Register.Today(clock);
        return TypedResults.Ok(page.Map(f => FilingResponse.From(
            f, [.. corrections.Where(c => c.Corrects == f.Id).OrderBy(c => c.Sequence).Select(c => c.Id)], today)));
    }

    private static Results<Ok<PagedList<ActivityCodeResponse>>, ValidationProblem> ActivityCodesAsync(
        [AsParameters] PageQuery pageQuery, [Description("A code prefix (62) or words of the title.")] string? q = null)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        errors.MaxLength("q", q, MaxQueryLength);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        IEnumerable<ActivityCode> codes = ActivityCodes.Shipped.All;
        if (!string.IsNullOrWhiteSpace(q))
        {
            var words = BusinessName.Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var prefix = q.Trim();
            codes = codes.Where(c => c.Code.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                || (words.Length > 0 && words.All(w => BusinessName.Fold(c.Title).Contains(w, StringComparison.Ordinal))));
        }

        var all = codes.ToList();
        var items = all.Skip(paging.Offset).Take(paging.PageSize).Select(c => new ActivityCodeResponse(c.Code, c.Level, c.Title, c.Section)).ToList();
        return TypedResults.Ok(new PagedList<ActivityCodeResponse>(items, all.Count, paging.Page, paging.PageSize));
    }

    /// <summary>A number as it may be echoed in a message: the register's format, or nothing of the input.</summary>
    public static string Shown(string number) => Register.IsNumber(number) ? number : "with that number";
}
