using System.Text.Json;
using EGov.Agencies.Contracts;
using EGov.Agencies.Domain.Exchange;
using EGov.Agencies.Features.Exchange;
using EGov.Agencies.Features.Registry;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EGov.Agencies.Features.Rights;

/// <summary>Body of <c>POST /rights</c>: the service asked for, why, on which legal basis, for which operations (default: all).</summary>
internal sealed record RightRequestBody(string? Provider, string? Service, string? Purpose, string? LegalBasis, IReadOnlyList<string>? Operations);

/// <summary>Body of approve (<c>operations</c>: optional subset) and narrow (<c>operations</c>: required subset).</summary>
internal sealed record RightOperationsBody(IReadOnlyList<string>? Operations);

/// <summary>Body of refuse and revoke.</summary>
internal sealed record RightReasonBody(string? Reason);

internal sealed record AccessRightView(
    Guid Id, string ProviderCode, string ServiceCode, string ConsumerCode, string Purpose, string LegalBasis, IReadOnlyList<string> RequestedOperations,
    IReadOnlyList<string> Operations, AccessRightStatus Status, DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? Reason, long Version)
{
    public static AccessRightView From(AccessRight r) => new(
        r.Id, r.ProviderCode, r.ServiceCode, r.ConsumerCode, r.Purpose, r.LegalBasis, r.RequestedOperations, r.Operations, r.Status, r.RequestedAt,
        r.DecidedAt, r.Reason, r.Version);
}

/// <summary>
/// Access rights, deny by default: a consuming agency requests, the providing agency approves (all or some
/// operations) or refuses, narrows and revokes; the consumer may withdraw (revoke) its own. Both sides and auditors
/// read them; other agencies get 404.
/// </summary>
internal static class AccessRights
{
    public const string IdempotencyScope = "g2g.rights.request";

    public static void Map(RouteGroupBuilder module)
    {
        var rights = module.MapGroup("/rights");
        rights.MapPost("/", RequestAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Agency))
            .WithName("RequestAccessRight")
            .WithSummary("Request access to a data service")
            .WithDescription("The caller's agency asks the provider for `{provider, service, purpose, legalBasis, operations}`; `legalBasis` is one the service accepts, `operations` default to all. " +
                "One open (requested or granted) right per agency and service: a second is 409. Optional `Idempotency-Key`.")
            .Produces<AccessRightView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        rights.MapGet("/", ListAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Agency, PlatformRoles.Auditor, PlatformRoles.PlatformAdmin))
            .WithName("ListAccessRights")
            .WithSummary("Access rights")
            .WithDescription("An agency sees the rights it holds (`side=consumer`) and those to its services (`side=provider`; default both); auditors and administrators see all. " +
                "`status` (Requested, Granted, Refused, Revoked) filters; newest first, paged.")
            .ProducesValidationProblem();
        rights.MapGet("/{id:guid}", GetAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Agency, PlatformRoles.Auditor, PlatformRoles.PlatformAdmin))
            .WithName("GetAccessRight")
            .WithSummary("One access right")
            .WithDescription("For the consumer, the provider, auditors and administrators; for any other agency 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        Decision(rights, "approve", "ApproveAccessRight", "Approve an access request",
            "The provider grants the request, for all requested operations or the subset in `operations`. Only a requested right.");
        Decision(rights, "refuse", "RefuseAccessRight", "Refuse an access request", "The provider refuses the request with a `reason` (1 to 1000 characters).");
        Decision(rights, "narrow", "NarrowAccessRight", "Narrow a granted right", "The provider restricts a granted right to the `operations` named (a subset of the granted ones).");
        Decision(rights, "revoke", "RevokeAccessRight", "Revoke a right",
            "The provider revokes a granted or requested right, or the consumer withdraws its own, with a `reason`; the next call is refused.");
    }

    private static void Decision(RouteGroupBuilder rights, string verb, string name, string summary, string description)
    {
        var route = verb switch
        {
            "approve" => rights.MapPost($"/{{id:guid}}/{verb}", (Guid id, RightOperationsBody body, AgenciesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct) =>
                DecideAsync(id, verb, body.Operations, null, db, user, clock, ct)),
            "narrow" => rights.MapPost($"/{{id:guid}}/{verb}", (Guid id, RightOperationsBody body, AgenciesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct) =>
                DecideAsync(id, verb, body.Operations, null, db, user, clock, ct)),
            _ => rights.MapPost($"/{{id:guid}}/{verb}", (Guid id, RightReasonBody body, AgenciesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct) =>
                DecideAsync(id, verb, null, body.Reason, db, user, clock, ct)),
        };
        route.RequireAccess(Access.AnyOf(PlatformRoles.Agency, PlatformRoles.PlatformAdmin))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description + " Another agency: 404; the other party where only the provider decides: 403; a right not in a state for this: 409.")
            .Produces<AccessRightView>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    internal static async Task<IResult> RequestAsync(
        RightRequestBody body, [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey, AgenciesDb db, ICurrentUser user,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var key = idempotencyKey is null ? null : IdempotencyKeys.Validate(idempotencyKey, errors);
        errors.Required("provider", body.Provider).Required("service", body.Service)
            .Required("purpose", body.Purpose).MaxLength("purpose", body.Purpose?.Trim(), AccessRight.MaxPurposeLength)
            .Required("legalBasis", body.LegalBasis);
        var consumer = user.AgencyId?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(consumer))
        {
            return Problems.Forbidden("Your token names no agency (claim agency_id): only agencies request access.");
        }

        if (body.Purpose is not null && body.Purpose.Any(c => c == '\0' || char.IsSurrogate(c)))
        {
            errors.Add("purpose", "'purpose' may not contain NUL characters or surrogates.");
        }

        var provider = body.Provider?.Trim().ToUpperInvariant();
        var code = body.Service?.Trim();
        DataService? service = null;
        if (!errors.Any)
        {
            service = await db.DataServices.AsNoTracking().FirstOrDefaultAsync(s => s.ProviderCode == provider && s.Code == code && s.Status == DataServiceStatus.Active, ct);
            if (service is null)
            {
                errors.Add("service", $"Agency {provider} publishes no active data service '{code}'.");
            }
            else
            {
                if (service.ProviderCode == consumer)
                {
                    errors.Add("provider", "An agency does not need a right to its own service.");
                }

                if (!service.LegalBases.Contains(body.LegalBasis!.Trim()))
                {
                    errors.Add("legalBasis", $"The service accepts: {string.Join("; ", service.LegalBases)}.");
                }

                var unknown = (body.Operations ?? []).Where(o => service.Operations.All(s => s.Name != o)).ToList();
                if (unknown.Count > 0 || body.Operations is { Count: 0 })
                {
                    errors.Add("operations", $"'operations' is a non-empty subset of: {string.Join(", ", service.Operations.Select(o => o.Name))}.");
                }
            }
        }

        if (errors.Any || service is null)
        {
            return Problems.Validation(errors);
        }

        var operations = body.Operations?.Distinct(StringComparer.Ordinal).ToList() ?? service.Operations.Select(o => o.Name).ToList();
        var canonical = JsonSerializer.Serialize(body, json.Value.SerializerOptions);
        return await Creation.RunAsync(db, IdempotencyScope, user, key, canonical, json.Value.SerializerOptions, clock, async token =>
        {
            if (await db.AccessRights.AnyAsync(r => r.ServiceId == service.Id && r.ConsumerCode == consumer && (r.Status == AccessRightStatus.Requested || r.Status == AccessRightStatus.Granted), token))
            {
                return (null, Problems.Conflict($"Agency {consumer} already has an open right to {service.ProviderCode}/{service.Code}."));
            }

            var now = clock.GetUtcNow();
            var right = AccessRight.Request(Guid.CreateVersion7(now), service, consumer, body.Purpose!.Trim(), body.LegalBasis!.Trim(), operations, user.Actor, now);
            db.AccessRights.Add(right);
            Record(db, user, right, "requested");
            return (new Made(AccessRightView.From(right), $"{AgenciesModule.Descriptor.RoutePrefix}/rights/{right.Id}"), null);
        }, ct);
    }

    internal static async Task<Results<Ok<PagedList<AccessRightView>>, ValidationProblem>> ListAsync(
        AgenciesDb db, ICurrentUser user, [AsParameters] PageQuery pageQuery, CancellationToken ct,
        [System.ComponentModel.DataAnnotations.AllowedValues("consumer", "provider", null)] string? side = null,
        [System.ComponentModel.DataAnnotations.AllowedValues("Requested", "Granted", "Refused", "Revoked", null)] string? status = null)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        AccessRightStatus parsed = default;
        if (status is not null && !AgencyInput.TryParse(status, out parsed))
        {
            errors.Add("status", "'status' is Requested, Granted, Refused or Revoked.");
        }

        if (side is not null && side != "consumer" && side != "provider")
        {
            errors.Add("side", "'side' is consumer or provider.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.AccessRights.AsNoTracking();
        var seesAll = user.IsInRole(PlatformRoles.Auditor) || user.IsInRole(PlatformRoles.PlatformAdmin);
        var own = user.AgencyId?.ToUpperInvariant() ?? string.Empty;
        if (!seesAll || side is not null)
        {
            query = side switch
            {
                "consumer" => query.Where(r => r.ConsumerCode == own),
                "provider" => query.Where(r => r.ProviderCode == own),
                _ => query.Where(r => r.ConsumerCode == own || r.ProviderCode == own),
            };
        }

        if (status is not null)
        {
            query = query.Where(r => r.Status == parsed);
        }

        var page = await query.OrderByDescending(r => r.RequestedAt).ThenBy(r => r.Id).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page.Map(AccessRightView.From));
    }

    internal static async Task<Results<Ok<AccessRightView>, ProblemHttpResult>> GetAsync(Guid id, AgenciesDb db, ICurrentUser user, CancellationToken ct)
    {
        var right = await db.AccessRights.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return right is not null && (Involved(user, right) || user.IsInRole(PlatformRoles.Auditor))
            ? TypedResults.Ok(AccessRightView.From(right))
            : Problems.NotFound($"There is no access right {id} for you.");
    }

    private static async Task<IResult> DecideAsync(
        Guid id, string verb, IReadOnlyList<string>? operations, string? reason, AgenciesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var right = await db.AccessRights.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (right is null || !Involved(user, right))
        {
            return Problems.NotFound($"There is no access right {id} for you.");
        }

        var errors = new ValidationErrors();
        if (verb is "refuse" or "revoke")
        {
            errors.Required("reason", reason).MaxLength("reason", reason?.Trim(), AccessRight.MaxReasonLength);
            if (reason is not null && reason.Any(c => c == '\0' || char.IsSurrogate(c)))
            {
                errors.Add("reason", "'reason' may not contain NUL characters or surrogates.");
            }
        }
        else if (verb == "narrow" && operations is not { Count: > 0 })
        {
            errors.Add("operations", "'operations' is required: the operations the right keeps.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var provider = user.ActsFor(right.ProviderCode);
        if (!provider && verb != "revoke")
        {
            return Problems.Forbidden($"Only the provider, agency {right.ProviderCode}, decides on this right.");
        }

        var now = clock.GetUtcNow();
        var refusal = verb switch
        {
            "approve" => right.Approve(operations, user.Actor, now),
            "refuse" => right.Refuse(reason!.Trim(), user.Actor, now),
            "narrow" => right.Narrow(operations!, user.Actor, now),
            _ => right.Revoke(reason!.Trim(), user.Actor, now),
        };
        switch (refusal)
        {
            case RightChangeRefusal.WrongState:
                return Problems.Conflict($"The right is {right.Status}: it cannot be {verb}d now.");
            case RightChangeRefusal.OperationsOutside:
                return Problems.Validation(new ValidationErrors().Add("operations", verb == "narrow"
                    ? $"Narrowing keeps some of the granted operations: {string.Join(", ", right.Operations)}."
                    : $"Approval grants some of the requested operations: {string.Join(", ", right.RequestedOperations)}."));
            case RightChangeRefusal.NoOperations:
                return Problems.Validation(new ValidationErrors().Add("operations", "A right keeps at least one operation."));
        }

        Record(db, user, right, verb switch { "approve" => "granted", "refuse" => "refused", "narrow" => "narrowed", _ => "revoked" });
        var view = AccessRightView.From(right);
        return await db.TrySaveAsync(ct) == SaveResult.Saved
            ? TypedResults.Ok(view)
            : Problems.Conflict("The right was changed by someone else at the same time; read it again and retry.");
    }

    private static bool Involved(ICurrentUser user, AccessRight right) =>
        user.ActsFor(right.ProviderCode) || user.ActsFor(right.ConsumerCode);

    private static void Record(AgenciesDb db, ICurrentUser user, AccessRight right, string change)
    {
        db.Audit(user, $"access-right.{change}", "access-right", right.Id.ToString(),
            new { right.ProviderCode, right.ServiceCode, right.ConsumerCode, status = right.Status.ToString(), right.Operations }, onBehalfOf: user.AgencyId);
        db.Publish(new DataAccessRightChanged(
            right.Id, right.ProviderCode, right.ServiceCode, right.ConsumerCode, right.Status.ToString(), right.Operations, right.LegalBasis, right.DecidedAt ?? right.RequestedAt));
    }
}
