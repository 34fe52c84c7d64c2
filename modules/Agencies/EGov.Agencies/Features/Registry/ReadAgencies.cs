using System.ComponentModel.DataAnnotations;
using EGov.Agencies.Domain;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Agencies.Features.Registry;

internal static class ReadAgencies
{
    public static void Map(IEndpointRouteBuilder agencies)
    {
        agencies.MapGet("/", ListAsync)
            .RequireAccess(Access.Public)
            .WithName("ListAgencies")
            .WithSummary("List agencies")
            .WithDescription("Public registry, ordered by code. Filters: `level` (national, regional, municipal), `parentCode`, `q` (part of the name or code).")
            .ProducesValidationProblem();

        agencies.MapGet("/{code}", GetAsync)
            .RequireAccess(Access.Public)
            .WithName("GetAgency")
            .WithSummary("Get an agency")
            .WithDescription("One agency of the public registry by its code (upper case), with its level, parent, contact and status.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static async Task<Results<Ok<PagedList<AgencyResponse>>, ValidationProblem>> ListAsync(
        AgenciesDb db, [AsParameters] PageQuery pageQuery, CancellationToken cancellationToken, [AllowedValues("national", "regional", "municipal")] string? level = null, string? parentCode = null, string? q = null)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        AgencyLevel parsedLevel = default;
        if (level is not null && !AgencyInput.TryParse(level, out parsedLevel))
        {
            errors.Add("level", "'level' must be national, regional or municipal.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.Agencies.AsNoTracking();
        if (level is not null)
        {
            query = query.Where(a => a.Level == parsedLevel);
        }

        if (!string.IsNullOrWhiteSpace(parentCode))
        {
            var parent = parentCode.Trim().ToUpperInvariant();
            query = query.Where(a => a.ParentCode == parent);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = $"%{q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
            query = query.Where(a => EF.Functions.ILike(a.Name, pattern) || EF.Functions.ILike(a.Code, pattern));
        }

        var found = await query.OrderBy(a => a.Code).ToPagedListAsync(paging, cancellationToken);
        return TypedResults.Ok(found.Map(AgencyResponse.From));
    }

    internal static async Task<Results<Ok<AgencyResponse>, ProblemHttpResult>> GetAsync(string code, AgenciesDb db, CancellationToken cancellationToken)
    {
        var normalized = code.ToUpperInvariant();
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == normalized, cancellationToken);
        return agency is null ? Problems.NotFound($"No agency '{normalized}' is registered.") : TypedResults.Ok(AgencyResponse.From(agency));
    }
}
