using System.Text.Json.Nodes;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EGov.Businesses.Features.Procurement;

/// <summary>
/// The anonymous OCDS 1.1 publication, <c>/ocds/…</c>: every release as written (release packages, paged, oldest
/// first) and the record of each contracting process (record packages: its releases and the compiled release).
/// </summary>
internal static class Ocds
{
    public const string MediaType = "application/json";

    public static void Map(IEndpointRouteBuilder module)
    {
        var ocds = module.MapGroup("/ocds").RequireAccess(Access.Public);

        ocds.MapGet("/releases", ReleasesAsync)
            .WithName("ListOcdsReleases")
            .WithSummary("OCDS release package")
            .WithDescription(
                "Anonymous. A release package (OCDS 1.1, lots extension) of the platform's procurement releases — `tender`, `award` and `contract` stages — " +
                "oldest first. Paged; `links.next` and `links.prev` point to the neighbouring pages.")
            .Produces<JsonObject>(StatusCodes.Status200OK, MediaType)
            .ProducesValidationProblem();

        ocds.MapGet("/records", RecordsAsync)
            .WithName("ListOcdsRecords")
            .WithSummary("OCDS record package")
            .WithDescription("Anonymous. A record package: one record per contracting process (its releases and the compiled release), oldest first. Paged like the releases.")
            .Produces<JsonObject>(StatusCodes.Status200OK, MediaType)
            .ProducesValidationProblem();

        ocds.MapGet("/records/{ocid}", RecordAsync)
            .WithName("GetOcdsRecord")
            .WithSummary("The OCDS record of one contracting process")
            .WithDescription("Anonymous. A record package with the one record of `ocid`. 404 when no such process is published.")
            .Produces<JsonObject>(StatusCodes.Status200OK, MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem>> ReleasesAsync(
        [AsParameters] PageQuery pageQuery, HttpContext http, BusinessesDb db, IOptions<ProcurementOptions> options, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var total = await db.ProcurementReleases.CountAsync(ct);
        var rows = await db.ProcurementReleases.AsNoTracking().OrderBy(r => r.Date).ThenBy(r => r.Id)
            .Skip(paging.Offset).Take(paging.PageSize).ToListAsync(ct);
        var latest = rows.Count == 0 ? DateTimeOffset.UnixEpoch : rows.Max(r => r.Date);
        var package = Package(http, "releases", paging, total, latest, options.Value);
        package["releases"] = new JsonArray([.. rows.Select(r => JsonNode.Parse(r.Json))]);
        return TypedResults.Text(package.ToJsonString(), MediaType);
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem>> RecordsAsync(
        [AsParameters] PageQuery pageQuery, HttpContext http, BusinessesDb db, IOptions<ProcurementOptions> options, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var total = await db.Tenders.CountAsync(ct);
        var ocids = await db.Tenders.AsNoTracking().OrderBy(t => t.PublishedAt).ThenBy(t => t.Ocid)
            .Skip(paging.Offset).Take(paging.PageSize).Select(t => t.Ocid).ToListAsync(ct);
        var releases = await db.ProcurementReleases.AsNoTracking().Where(r => ocids.Contains(r.Ocid)).OrderBy(r => r.Date).ThenBy(r => r.Id).ToListAsync(ct);
        var latest = releases.Count == 0 ? DateTimeOffset.UnixEpoch : releases.Max(r => r.Date);
        var package = Package(http, "records", paging, total, latest, options.Value);
        package["records"] = new JsonArray([.. ocids
            .Select(o => releases.Where(r => r.Ocid == o).ToList())
            .Where(rs => rs.Count > 0)
            .Select(rs => (JsonNode)OcdsReleases.Record(rs[0].Ocid, rs))]);
        return TypedResults.Text(package.ToJsonString(), MediaType);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> RecordAsync(
        string ocid, HttpContext http, BusinessesDb db, IOptions<ProcurementOptions> options, CancellationToken ct)
    {
        var releases = ProcurementInput.IsOcid(ocid)
            ? await db.ProcurementReleases.AsNoTracking().Where(r => r.Ocid == ocid).OrderBy(r => r.Date).ThenBy(r => r.Id).ToListAsync(ct)
            : [];
        if (releases.Count == 0)
        {
            return Problems.NotFound("No contracting process is published under that ocid.");
        }

        var package = OcdsReleases.Package(Uri(http, $"records/{ocid}", null), releases.Max(r => r.Date), options.Value.PublisherName, null, null);
        package["records"] = new JsonArray(OcdsReleases.Record(ocid, releases));
        return TypedResults.Text(package.ToJsonString(), MediaType);
    }

    private static JsonObject Package(HttpContext http, string path, PageRequest paging, int total, DateTimeOffset latest, ProcurementOptions options)
    {
        var next = paging.Offset + paging.PageSize < total ? Uri(http, path, paging with { Page = paging.Page + 1 }) : null;
        var prev = paging.Page > 1 ? Uri(http, path, paging with { Page = paging.Page - 1 }) : null;
        return OcdsReleases.Package(Uri(http, path, paging), latest, options.PublisherName, next, prev);
    }

    private static string Uri(HttpContext http, string path, PageRequest? paging)
    {
        var request = http.Request;
        var uri = $"{request.Scheme}://{request.Host}{BusinessesModule.Descriptor.RoutePrefix}/ocds/{path}";
        return paging is { } p ? $"{uri}?page={p.Page}&pageSize={p.PageSize}" : uri;
    }
}
