using EGov.BuildingBlocks.Documents;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Events;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Modules;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace EGov.Host.Platform;

internal sealed record CallerResponse(
    string? Subject, string? Username, IReadOnlyCollection<string> Roles, string? AgencyId, string? EmployeeId,
    string? Department, IReadOnlyList<string> Mandates, bool HasNationalId);

/// <summary>A module of the platform; a module switched off has no routes and no OpenAPI document.</summary>
internal sealed record ModuleResponse(string Code, string Name, string Title, string RoutePrefix, bool Enabled, string? OpenApi);

/// <summary>Cross-cutting endpoints under <c>/api/platform</c>.</summary>
internal static class PlatformEndpoints
{
    public static IEndpointRouteBuilder MapPlatformEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var platform = endpoints.MapGroup("/api/platform").WithTags("Platform").WithGroupName(PlatformDefaults.PlatformDocument);

        platform.MapGet("/me", (ICurrentUser user) => TypedResults.Ok(new CallerResponse(
                user.Subject, user.Username, user.Roles, user.AgencyId, user.EmployeeId, user.Department, user.Mandates,
                user.NationalId is not null)))
            .RequireAccess(Access.AnyCaller)
            .WithName("GetCaller")
            .WithSummary("The caller as the platform sees them")
            .WithDescription("Subject, roles and organisational claims from the access token. The national id is never echoed.");

        platform.MapGet("/modules", (IEnumerable<ModuleSwitch> modules) => TypedResults.Ok(modules
                .Select(s => new ModuleResponse(
                    s.Module.Code, s.Module.Name, s.Module.Title, s.Module.RoutePrefix, s.Enabled,
                    s.Enabled ? $"/openapi/{s.Module.OpenApiDocument}.json" : null))
                .ToList()))
            .RequireAccess(Access.Public)
            .WithName("ListModules")
            .WithSummary("The modules of the platform and which this deployment runs")
            .WithDescription(
                "Code, name and route prefix of every module, whether this deployment runs it (`Modules:<Name>:Enabled`), and the " +
                "OpenAPI document of each module that is on. A module that is off has no routes (404) and no document.");

        platform.MapGet("/outbox", async (bool? stuck, OutboxMonitor monitor, CancellationToken ct) =>
                TypedResults.Ok(await monitor.PendingAsync(stuck ?? false, 200, ct)))
            .RequireAccess(Access.AnyOf(PlatformRoles.PlatformAdmin))
            .WithName("ListUndeliveredEvents")
            .WithSummary("Undelivered integration events")
            .WithDescription("Messages still in the modules' outboxes, with attempts, next attempt and last error; `stuck=true` lists only those past the stuck threshold.");

        platform.MapPost("/outbox/{module}/{id:guid}/retry", async Task<Results<NoContent, ProblemHttpResult>> (
                string module, Guid id, OutboxMonitor monitor, TimeProvider clock, CancellationToken ct) =>
                await monitor.RetryNowAsync(module, id, clock.GetUtcNow(), ct)
                    ? TypedResults.NoContent()
                    : Problems.NotFound($"No undelivered message {id} in module '{module}'."))
            .RequireAccess(Access.AnyOf(PlatformRoles.PlatformAdmin))
            .WithName("RetryUndeliveredEvent")
            .WithSummary("Retry an undelivered event now")
            .WithDescription("Makes an undelivered outbox message of a module due at once; the dispatcher delivers it on its next pass.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        platform.MapGet("/audit/{module}/verify", async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> (
                string module, IEnumerable<ModuleDescriptor> modules, NpgsqlDataSource dataSource, CancellationToken ct) =>
                modules.FirstOrDefault(m => string.Equals(m.Code, module, StringComparison.Ordinal)) is { } descriptor
                    ? TypedResults.Ok(await AuditVerifier.VerifyAsync(dataSource, descriptor.Schema, ct))
                    : Problems.NotFound($"No module '{module}'."))
            .RequireAccess(Access.AnyOf(PlatformRoles.Auditor, PlatformRoles.PlatformAdmin))
            .WithName("VerifyAuditTrail")
            .WithSummary("Verify a module's audit trail")
            .WithDescription("Recomputes the hash chain of the module's audit log and names every altered, inserted or deleted record.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        // The documents of every module: public check, published keys, revocation by the issuer, key rotation.
        endpoints.MapDocumentRoutes().WithGroupName(PlatformDefaults.PlatformDocument);

        return endpoints;
    }
}
