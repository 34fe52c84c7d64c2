using EGov.Agencies.Contracts;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Citizens.Features.DataAccess;

/// <summary>"Who looked at my data": the page of exchanges that touched the caller's national id.</summary>
/// <param name="ExchangeLogAvailable">False when this deployment runs without the G2G exchange: the list is then empty.</param>
internal sealed record DataAccessPage(IReadOnlyList<DataAccessRecord> Items, int Total, int Page, int PageSize, bool ExchangeLogAvailable);

internal static class DataAccessEndpoints
{
    public static void Map(RouteGroupBuilder module) =>
        module.MapGet("/me/data-access", ListAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Citizen))
            .WithName("MyDataAccess")
            .WithSummary("Who looked at my data")
            .WithDescription(
                "Every call between agencies through the G2G exchange whose data subject is the caller's national id, newest first, paged: the agency that asked, " +
                "the providing agency and service, the purpose, legal basis and case, when, and the outcome (a refused call read nothing). From the exchange's signed message log.")
            .ProducesValidationProblem();

    private static async Task<Results<Ok<DataAccessPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery pageQuery, ICurrentUser user, IServiceProvider services, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (string.IsNullOrEmpty(user.NationalId))
        {
            return Problems.Forbidden("Your token carries no national id.");
        }

        if (services.GetService<IDataAccessLog>() is not { } log)
        {
            return TypedResults.Ok(new DataAccessPage([], 0, paging.Page, paging.PageSize, ExchangeLogAvailable: false));
        }

        var page = await log.ForPersonAsync(user.NationalId, paging, ct);
        return TypedResults.Ok(new DataAccessPage(page.Items, page.Total, page.Page, page.PageSize, ExchangeLogAvailable: true));
    }
}
