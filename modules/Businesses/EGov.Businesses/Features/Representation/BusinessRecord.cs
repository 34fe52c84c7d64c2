using System.ComponentModel;
using EGov.Businesses.Contracts;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EGov.Businesses.Features.Representation;

internal sealed record MyBusinessResponse(
    string Number, string Name, Domain.LegalForm LegalForm, PowerBasis Basis, Domain.OfficerRole? Role, Guid? MandateId, IReadOnlyList<MandateScope> Scopes);

/// <summary>The full record for those who act for the business (and registry officials), and what the caller may act for.</summary>
internal static class BusinessRecord
{
    public static void Map(IEndpointRouteBuilder module)
    {
        module.MapGet("/businesses/{number}", GetAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Citizen, PlatformRoles.BusinessRepresentative, PlatformRoles.Registrar))
            .WithName("GetBusinessRecord")
            .WithSummary("The full record of a business")
            .WithDescription(
                "For its representatives (officers in office, holders of a valid mandate of any scope) and registry officials: the register as of `asOf` (default today) " +
                "with officers' and owners' national ids and home addresses, every officer and owner that ever held office, and changes filed for later days. " +
                "404 for anyone else, as for a business that does not exist.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        module.MapGet("/me/businesses", MineAsync)
            .RequireAccess(BusinessAccess.Representatives)
            .WithName("ListMyBusinesses")
            .WithSummary("Businesses I may act for")
            .WithDescription(
                "Every business the caller may act for today, by name: as an officer in office (every scope) or under valid mandates (their scopes together). " +
                "Decided from the register and its mandates, not from the token's `mandates` claim. Paged.")
            .ProducesValidationProblem();
    }

    private static async Task<Results<Ok<BusinessRecordResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string number, HttpContext http, ICurrentUser user, BusinessPowers powers, BusinessesDb db, TimeProvider clock, CancellationToken ct,
        [Description("The day to read the register for (yyyy-MM-dd); today when left out.")] DateOnly? asOf = null)
    {
        var today = Register.Today(clock);
        var notFound = Problems.NotFound($"There is no business {PublicRegister.Shown(number)} you may act for.");
        if (!Register.IsNumber(number))
        {
            return notFound;
        }

        if (!user.IsInRole(PlatformRoles.Registrar)
            && (BusinessPowers.RepresentativeOf(user, http) is not { } representative || await powers.ResolveAsync(number, representative, today, ct) is null))
        {
            return notFound;
        }

        if (await Register.LoadAsync(db, number, track: false, ct) is not { } business)
        {
            return notFound;
        }

        var state = business.AsOf(asOf ?? today);
        return state is null
            ? Problems.NotFound($"{business.Number} was registered on {business.RegisteredOn:O}.")
            : TypedResults.Ok(BusinessRecordResponse.From(business, state, today));
    }

    private static async Task<Results<Ok<PagedList<MyBusinessResponse>>, ValidationProblem>> MineAsync(
        [AsParameters] PageQuery pageQuery, HttpContext http, ICurrentUser user, BusinessPowers powers, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var representative = BusinessPowers.RepresentativeOf(user, http);
        var all = representative is null ? [] : await powers.ListAsync(representative, Register.Today(clock), ct);
        var items = all.Skip(paging.Offset).Take(paging.PageSize)
            .Select(p => new MyBusinessResponse(p.Business.Number, p.Business.Name, p.Business.LegalForm, p.Power.Basis, p.Power.Role, p.Power.MandateId, p.Power.Scopes))
            .ToList();
        return TypedResults.Ok(new PagedList<MyBusinessResponse>(items, all.Count, paging.Page, paging.PageSize));
    }
}
