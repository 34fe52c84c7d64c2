using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Parties;
using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Persistence;
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

namespace EGov.Businesses.Features.Representation;

internal sealed record MandateHolderRequest(
    [property: Required, AllowedValues("Person", "SystemUser")] string? Kind,
    [property: Description("A person's national id (Kind Person).")] string? NationalId,
    [property: Description("A system user's OAuth client id (Kind SystemUser), e.g. ledgerly-accounting.")] string? ClientId,
    [property: Description("How the holder is shown: a person's or a software's name.")] string? Name);

internal sealed record GrantMandateRequest(
    MandateHolderRequest? Holder,
    [property: Description("Filings, Licences, Procurement.")] List<string?>? Scopes,
    [property: Description("First day of the mandate; today when left out.")] DateOnly? ValidFrom,
    [property: Description("Last day of the mandate (at most three years ahead).")] DateOnly? ExpiresOn,
    string? Reason);

internal sealed record RevokeMandateRequest([property: Required] string? Reason);

internal sealed record MandateTrailEntry(string Action, DateTimeOffset At, string By, string? Reason);

internal sealed record MandateResponse(
    Guid Id, string Number, RepresentativeKind HolderKind, string HolderId, string? HolderName, IReadOnlyList<MandateScope> Scopes,
    DateOnly ValidFrom, DateOnly ExpiresOn, MandateState State, Guid GrantedByOfficer, IReadOnlyList<MandateTrailEntry> Trail)
{
    public static MandateResponse From(Mandate m, string number, DateOnly today)
    {
        var trail = new List<MandateTrailEntry> { new("Granted", m.GrantedAt, m.GrantedBy, m.GrantReason) };
        if (m.RevokedAt is { } revokedAt)
        {
            trail.Add(new MandateTrailEntry("Revoked", revokedAt, m.RevokedBy!, m.RevocationReason));
        }

        return new(m.Id, number, m.HolderKind, m.HolderId, m.HolderName, m.Scopes, m.ValidFrom, m.ExpiresOn, m.StateOn(today), m.GrantedByOfficer, trail);
    }
}

/// <summary>
/// Officers in office grant mandates to act for the business, to a person or a system user, for some scopes and a
/// period, and revoke them; each mandate keeps its trail (granted by, when, why; revoked by, when, why).
/// </summary>
internal static class Mandates
{
    public const string IdempotencyScope = "g2b.mandates.grant";

    public static void Map(RouteGroupBuilder business)
    {
        var mandates = business.MapGroup("/mandates");

        mandates.MapGet("/", ListAsync)
            .WithName("ListMandates")
            .WithSummary("Mandates of a business")
            .WithDescription("Every mandate of the business, newest first, with its state on today (Pending, Valid, Expired, Revoked). Officers in office only (403 for mandate holders). Paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        mandates.MapPost("/", GrantAsync)
            .WithName("GrantMandate")
            .WithSummary("Grant a mandate")
            .WithDescription(
                "An officer in office grants a person (national id) or a system user (client id) the power to act for the business in some scopes " +
                "(Filings, Licences, Procurement) from `validFrom` to `expiresOn`. Requires an `Idempotency-Key` header. 403 for mandate holders: only officers grant.")
            .Produces<MandateResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        mandates.MapGet("/{id:guid}", GetAsync)
            .WithName("GetMandate")
            .WithSummary("A mandate and its trail")
            .WithDescription("For officers in office and for the mandate's own holder; 404 for anyone else.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        mandates.MapPost("/{id:guid}/revoke", RevokeAsync)
            .WithName("RevokeMandate")
            .WithSummary("Revoke a mandate")
            .WithDescription("An officer in office revokes a mandate, with a reason: the holder's next request for the business is refused (404). Revoking twice keeps the first revocation. 403 for mandate holders.")
            .Produces<MandateResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static ProblemHttpResult OfficersOnly() => Problems.Forbidden("Only officers in office of the business manage its mandates.");

    private static async Task<Results<Ok<PagedList<MandateResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string number, [AsParameters] PageQuery pageQuery, HttpContext http, BusinessesDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var power = BusinessAccess.Power(http);
        if (power.Basis != PowerBasis.Officer)
        {
            return OfficersOnly();
        }

        var today = Register.Today(clock);
        var page = await db.Mandates.AsNoTracking().Where(m => m.BusinessId == power.BusinessId).OrderByDescending(m => m.GrantedAt).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page.Map(m => MandateResponse.From(m, power.Number, today)));
    }

    private static async Task<Results<Ok<MandateResponse>, ProblemHttpResult>> GetAsync(
        string number, Guid id, HttpContext http, BusinessesDb db, TimeProvider clock, CancellationToken ct)
    {
        var power = BusinessAccess.Power(http);
        var acting = BusinessAccess.Acting(http);
        var mandate = await db.Mandates.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.BusinessId == power.BusinessId, ct);
        if (mandate is null || (power.Basis != PowerBasis.Officer && !mandate.Holds(acting.ToRepresentative())))
        {
            return Problems.NotFound($"The business has no mandate {id} you may see.");
        }

        return TypedResults.Ok(MandateResponse.From(mandate, power.Number, Register.Today(clock)));
    }

    private static async Task<IResult> GrantAsync(
        string number,
        GrantMandateRequest request,
        [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey,
        HttpContext http,
        BusinessesDb db,
        NoticeInbox<BusinessesDb> inbox,
        ICurrentUser user,
        TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var key = IdempotencyKeys.Validate(idempotencyKey, errors);
        var today = Register.Today(clock);
        var input = Read(request, today, errors);
        if (errors.Any || input is null)
        {
            return Problems.Validation(errors);
        }

        var power = BusinessAccess.Power(http);
        if (power.Basis != PowerBasis.Officer)
        {
            return OfficersOnly();
        }

        var (holder, name, scopes, validFrom, expiresOn) = input.Value;
        var hash = IdempotencyKeys.Hash(JsonSerializer.Serialize(request, Register.Json));
        var outcome = await IdempotentCreate.RunAsync<string>(db, new IdempotentRequest(IdempotencyScope, user.Actor, key!, hash), async token =>
        {
            var now = clock.GetUtcNow();
            var mandate = new Mandate(Guid.CreateVersion7(now), power.BusinessId, holder, name, scopes, validFrom, expiresOn, user.Actor, power.OfficerId!.Value, request.Reason?.Trim(), now);
            db.Mandates.Add(mandate);
            db.Publish(new MandateGranted(power.Number, mandate.Id, holder.Kind.ToString(), [.. mandate.Scopes.Select(s => s.ToString())], validFrom, expiresOn, now));
            db.Audit(user, "mandate.granted", "mandate", mandate.Id.ToString(), new { power.Number, HolderKind = holder.Kind, mandate.Scopes, validFrom, expiresOn }, onBehalfOf: power.Number);
            await inbox.SendAsync(PartyRef.Business(power.Number), null, "mandate-granted", new NoticeValues
            {
                { "holder", name ?? (holder.Kind == RepresentativeKind.SystemUser ? holder.Id : "a representative") },
                { "scopes", string.Join(", ", mandate.Scopes) },
                { "expiresOn", expiresOn },
            }, null, token);
            var body = JsonSerializer.Serialize(MandateResponse.From(mandate, power.Number, today), Register.Json);
            return CreateAttempt<string>.Created(new StoredAnswer(StatusCodes.Status201Created, body,
                $"{BusinessesModule.Descriptor.RoutePrefix}/businesses/{power.Number}/mandates/{mandate.Id}"));
        }, clock, ct);
        return outcome switch
        {
            IdempotentOutcome<string>.Answered answered => new StoredResult(answered.Answer),
            IdempotentOutcome<string>.Refused refused => Problems.Conflict(refused.Refusal),
            _ => Problems.Conflict($"This {IdempotencyKeys.HeaderName} was already used with a different request."),
        };
    }

    private static async Task<Results<Ok<MandateResponse>, ValidationProblem, ProblemHttpResult>> RevokeAsync(
        string number, Guid id, RevokeMandateRequest request, HttpContext http, BusinessesDb db, NoticeInbox<BusinessesDb> inbox,
        ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        RegistryInput.Text(request.Reason, "reason", 500, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var power = BusinessAccess.Power(http);
        if (power.Basis != PowerBasis.Officer)
        {
            return OfficersOnly();
        }

        var mandate = await db.Mandates.SingleOrDefaultAsync(m => m.Id == id && m.BusinessId == power.BusinessId, ct);
        if (mandate is null)
        {
            return Problems.NotFound($"The business has no mandate {id}.");
        }

        var now = clock.GetUtcNow();
        if (mandate.Revoke(user.Actor, request.Reason!.Trim(), now))
        {
            db.Publish(new MandateRevoked(power.Number, mandate.Id, now));
            db.Audit(user, "mandate.revoked", "mandate", mandate.Id.ToString(), new { power.Number }, onBehalfOf: power.Number);
            await inbox.SendAsync(PartyRef.Business(power.Number), null, "mandate-revoked", new NoticeValues
            {
                { "holder", mandate.HolderName ?? (mandate.HolderKind == RepresentativeKind.SystemUser ? mandate.HolderId : "a representative") },
            }, null, ct);
            if (await db.TrySaveAsync(ct) != SaveResult.Saved)
            {
                return Problems.Conflict("The mandate changed meanwhile: read it again.");
            }
        }

        return TypedResults.Ok(MandateResponse.From(mandate, power.Number, Register.Today(clock)));
    }

    private static (Representative, string?, List<MandateScope>, DateOnly, DateOnly)? Read(GrantMandateRequest request, DateOnly today, ValidationErrors errors)
    {
        var before = errors.Count;
        Representative? holder = null;
        if (request.Holder is null)
        {
            errors.Add("holder", "'holder' is required: a person (nationalId) or a system user (clientId).");
        }
        else
        {
            var kind = RegistryInput.Enum<RepresentativeKind>(request.Holder.Kind, "holder.kind", errors, required: true);
            if (kind == RepresentativeKind.Person)
            {
                if (request.Holder.ClientId is not null)
                {
                    errors.Add("holder.clientId", "A person is named by 'nationalId'.");
                }

                holder = RegistryInput.NationalId(request.Holder.NationalId, "holder.nationalId", errors) is { } id ? Representative.Person(id) : null;
            }
            else if (kind == RepresentativeKind.SystemUser)
            {
                if (request.Holder.NationalId is not null)
                {
                    errors.Add("holder.nationalId", "A system user is named by 'clientId'.");
                }

                var client = request.Holder.ClientId?.Trim();
                if (string.IsNullOrEmpty(client) || client.Length > 100 || !client.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                {
                    errors.Add("holder.clientId", "'holder.clientId' is 1 to 100 letters, digits, '-', '_' or '.'.");
                }
                else
                {
                    holder = Representative.SystemUser(client);
                }
            }

            errors.MaxLength("holder.name", request.Holder.Name, 200);
        }

        var scopes = new List<MandateScope>();
        if (request.Scopes is not { Count: > 0 } || request.Scopes.Count > 10)
        {
            errors.Add("scopes", "'scopes' lists 1 to 10 of Filings, Licences, Procurement.");
        }
        else
        {
            for (var i = 0; i < request.Scopes.Count; i++)
            {
                if (RegistryInput.Enum<MandateScope>(request.Scopes[i], $"scopes[{i}]", errors, required: true) is { } scope)
                {
                    scopes.Add(scope);
                }
            }
        }

        var validFrom = request.ValidFrom ?? today;
        if (validFrom < today || validFrom > today.AddDays(Mandate.MaxDays))
        {
            errors.Add("validFrom", "'validFrom' is today or a later day within three years.");
        }

        if (request.ExpiresOn is not { } expiresOn)
        {
            errors.Add("expiresOn", "'expiresOn' is required: the last day of the mandate.");
            expiresOn = default;
        }
        else if (expiresOn < validFrom || expiresOn > today.AddDays(Mandate.MaxDays))
        {
            errors.Add("expiresOn", "'expiresOn' is on or after 'validFrom' and at most three years ahead.");
        }

        errors.MaxLength("reason", request.Reason, 500);
        return errors.Count > before || holder is null ? null : (holder, string.IsNullOrWhiteSpace(request.Holder!.Name) ? null : request.Holder.Name.Trim(), scopes, validFrom, expiresOn);
    }
}
