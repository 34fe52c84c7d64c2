using EGov.Agencies.Contracts;
using EGov.Agencies.Domain;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Agencies.Features.Registry;

internal static class UpdateAgency
{
    public static void Map(IEndpointRouteBuilder agencies) =>
        agencies.MapPut("/{code}", HandleAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.PlatformAdmin))
            .WithName("UpdateAgency")
            .WithSummary("Update an agency")
            .WithDescription("Replaces the agency's name, level, parent, contact and status, and publishes AgencyUpdated. Requires platform-admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    internal static async Task<Results<Ok<AgencyResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string code, UpdateAgencyRequest request, AgenciesDb db, ICurrentUser user, TimeProvider clock, CancellationToken cancellationToken)
    {
        code = code.ToUpperInvariant();
        var agency = await db.Agencies.FirstOrDefaultAsync(a => a.Code == code, cancellationToken);
        if (agency is null)
        {
            return Problems.NotFound($"No agency '{code}' is registered.");
        }

        var errors = new ValidationErrors();
        var status = AgencyStatus.Active;
        if (!string.IsNullOrWhiteSpace(request.Status) && !AgencyInput.TryParse(request.Status, out status))
        {
            errors.Add("status", "'status' must be active or inactive.");
        }

        var details = await AgencyInput.ValidateAsync(db, code, request.Name, request.Level, request.ParentCode, request.ContactEmail, errors, cancellationToken);
        if (details is null || errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!agency.Update(details, status, clock.GetUtcNow()))
        {
            return TypedResults.Ok(AgencyResponse.From(agency));
        }

        db.Publish(new AgencyUpdated(AgencyResponse.Snapshot(agency)));
        db.Audit(user, "agency.updated", "agency", code, new { agency.Name, level = AgencyResponse.Wire(agency.Level), agency.ParentCode, status = AgencyResponse.Wire(agency.Status), agency.Version });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict($"Agency '{code}' was changed by someone else at the same time; read it again and retry.");
        }

        return TypedResults.Ok(AgencyResponse.From(agency));
    }
}
