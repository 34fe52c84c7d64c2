using EGov.SharedKernel.Auditing;
using EGov.Agencies.Contracts;
using EGov.Agencies.Domain;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Agencies.Features.Registry;

internal static class RegisterAgency
{
    public static void Map(IEndpointRouteBuilder agencies) =>
        agencies.MapPost("/", HandleAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.PlatformAdmin))
            .WithName("RegisterAgency")
            .WithSummary("Register an agency")
            .WithDescription("Adds a public body to the registry and publishes AgencyRegistered to the other modules. Requires platform-admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    internal static async Task<Results<Created<AgencyResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        RegisterAgencyRequest request, AgenciesDb db, ICurrentUser user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var code = request.Code?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(code))
        {
            errors.Add("code", "'code' is required.");
        }
        else if (!Agency.IsValidCode(code))
        {
            errors.Add("code", "'code' must be 2 to 16 capital letters or digits, starting with a letter.");
        }

        var details = await AgencyInput.ValidateAsync(db, code, request.Name, request.Level, request.ParentCode, request.ContactEmail, errors, cancellationToken);
        if (details is null || code is null)
        {
            return Problems.Validation(errors);
        }

        if (await db.Agencies.AnyAsync(a => a.Code == code, cancellationToken))
        {
            return Problems.Conflict($"An agency with code '{code}' is already registered.");
        }

        var agency = Stage(db, Actor.Of(user), code, details, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            return Problems.Conflict($"An agency with code '{code}' is already registered.");
        }

        return TypedResults.Created($"/api/g2g/agencies/{code}", AgencyResponse.From(agency));
    }

    /// <summary>Adds the agency, its <see cref="AgencyRegistered"/> event and its audit record; the caller saves.</summary>
    internal static Agency Stage(AgenciesDb db, Actor actor, string code, AgencyDetails details, DateTimeOffset now)
    {
        var agency = Agency.Register(code, details, now);
        db.Agencies.Add(agency);
        db.Publish(new AgencyRegistered(AgencyResponse.Snapshot(agency)));
        db.Audit(actor, "agency.registered", "agency", code, new { agency.Name, level = AgencyResponse.Wire(agency.Level), agency.ParentCode });
        return agency;
    }
}
