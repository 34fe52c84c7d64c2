using System.Text.Json;
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

namespace EGov.Agencies.Features.Directory;

/// <summary>The directory of data services: providers publish and update, agencies and auditors read.</summary>
internal static class DataServices
{
    public const string IdempotencyScope = "g2g.services.publish";

    public static void Map(RouteGroupBuilder module)
    {
        var services = module.MapGroup("/services");
        services.MapGet("/", ListAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Agency, PlatformRoles.Auditor, PlatformRoles.PlatformAdmin))
            .WithName("ListDataServices")
            .WithSummary("The directory of data services")
            .WithDescription("Active and withdrawn data services, by provider and code, paged. Filters: `provider` (agency code), `q` (part of the code or name).")
            .ProducesValidationProblem();
        services.MapGet("/module-answers", (DataServiceAnswers answers) => TypedResults.Ok(answers.Keys.Order(StringComparer.Ordinal).ToList()))
            .RequireAccess(Access.AnyOf(PlatformRoles.Agency, PlatformRoles.PlatformAdmin))
            .WithName("ListModuleAnswers")
            .WithSummary("Module answers a service may use")
            .WithDescription("The keys of the platform modules' answers (`g2c.person-basic-record`, ...) that a module-answered service names in `moduleAnswer`.");
        services.MapGet("/{provider}/{code}", GetAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Agency, PlatformRoles.Auditor, PlatformRoles.PlatformAdmin))
            .WithName("GetDataService")
            .WithSummary("One data service")
            .WithDescription("The service with its OpenAPI description, personal data, legal bases, operations and how it is answered.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        services.MapPost("/", PublishAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Agency, PlatformRoles.PlatformAdmin))
            .WithName("PublishDataService")
            .WithSummary("Publish a data service")
            .WithDescription(
                "An agency publishes a service answered by its own system (`answeredBy: AgencySystem`, an HTTPS `endpoint`) under its own code; a platform administrator " +
                "may also publish module-answered services (`answeredBy: Module`, `moduleAnswer` from `/services/module-answers`) for any agency (`providerCode`). " +
                "`openApi` is the service's OpenAPI 3 description (a JSON object). `logBodies` (default false) keeps request and response bodies in the message log; " +
                "without it the log keeps their SHA-512 only. Optional `Idempotency-Key`.")
            .Produces<DataServiceView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        services.MapPut("/{provider}/{code}", UpdateAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Agency, PlatformRoles.PlatformAdmin))
            .WithName("UpdateDataService")
            .WithSummary("Update a data service")
            .WithDescription("Replaces what the provider states about the service (same body as publishing; `code` and `providerCode` are ignored). The version grows; rights stay.")
            .Produces<DataServiceView>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        services.MapPost("/{provider}/{code}/withdraw", WithdrawAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Agency, PlatformRoles.PlatformAdmin))
            .WithName("WithdrawDataService")
            .WithSummary("Withdraw a data service")
            .WithDescription("Calls to the service are refused from now on (logged as NoSuchService); it stays in the directory, its rights and log entries stay.")
            .Produces<DataServiceView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static async Task<Results<Ok<PagedList<DataServiceSummary>>, ValidationProblem>> ListAsync(
        AgenciesDb db, [AsParameters] PageQuery pageQuery, CancellationToken ct, string? provider = null, string? q = null)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.DataServices.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(provider))
        {
            var code = provider.Trim().ToUpperInvariant();
            query = query.Where(s => s.ProviderCode == code);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).Replace("\0", string.Empty, StringComparison.Ordinal) + "%";
            query = query.Where(s => EF.Functions.ILike(s.Name, pattern) || EF.Functions.ILike(s.Code, pattern));
        }

        var page = await query.OrderBy(s => s.ProviderCode).ThenBy(s => s.Code).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page.Map(DataServiceSummary.From));
    }

    internal static async Task<Results<Ok<DataServiceView>, ProblemHttpResult>> GetAsync(string provider, string code, AgenciesDb db, CancellationToken ct) =>
        await FindAsync(db, provider, code, tracked: false, ct) is { } service
            ? TypedResults.Ok(DataServiceView.From(service))
            : Problems.NotFound($"Agency {provider.ToUpperInvariant()} publishes no data service '{code}'.");

    internal static async Task<IResult> PublishAsync(
        DataServiceBody body, [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey, AgenciesDb db, ICurrentUser user,
        DataServiceAnswers answers, IOptions<ExchangeOptions> exchange, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var key = idempotencyKey is null ? null : IdempotencyKeys.Validate(idempotencyKey, errors);
        var admin = user.IsInRole(PlatformRoles.PlatformAdmin);
        var code = body.Code?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            errors.Add("code", "'code' is required.");
        }
        else if (!DataService.IsValidCode(code))
        {
            errors.Add("code", "'code' is 2 to 64 lower-case letters, digits or '-', starting with a letter.");
        }

        var provider = body.ProviderCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(provider))
        {
            provider = user.AgencyId?.ToUpperInvariant();
            if (string.IsNullOrEmpty(provider))
            {
                errors.Add("providerCode", "'providerCode' is required: your token names no agency.");
            }
        }
        else if (!await db.Agencies.AnyAsync(a => a.Code == provider, ct))
        {
            errors.Add("providerCode", $"No agency '{provider}' is registered.");
        }

        var details = DataServiceInput.Validate(body, answers, exchange.Value, errors);
        if (errors.Any || details is null)
        {
            return Problems.Validation(errors);
        }

        if (!user.ActsFor(provider!))
        {
            return Problems.Forbidden(user.OutsideAgency(provider!, "a data service of that agency"));
        }

        if (details.AnsweredBy == ServiceAnswerer.Module && !admin)
        {
            return Problems.Forbidden("Module-answered services read platform registries: only a platform administrator publishes them.");
        }

        var canonical = JsonSerializer.Serialize(body, json.Value.SerializerOptions);
        return await Creation.RunAsync(db, IdempotencyScope, user, key, canonical, json.Value.SerializerOptions, clock, async token =>
        {
            if (await db.DataServices.AnyAsync(s => s.ProviderCode == provider && s.Code == code, token))
            {
                return (null, Problems.Conflict($"Agency {provider} already publishes a service '{code}'."));
            }

            var service = DataService.Publish(Guid.CreateVersion7(clock.GetUtcNow()), provider!, code!, details, clock.GetUtcNow());
            db.DataServices.Add(service);
            db.Audit(user, "data-service.published", "data-service", $"{provider}/{code}", new { answeredBy = service.AnsweredBy.ToString(), service.LogBodies }, onBehalfOf: provider);
            return (new Made(DataServiceView.From(service), $"{AgenciesModule.Descriptor.RoutePrefix}/services/{provider}/{code}"), null);
        }, ct);
    }

    internal static async Task<IResult> UpdateAsync(
        string provider, string code, DataServiceBody body, AgenciesDb db, ICurrentUser user, DataServiceAnswers answers, IOptions<ExchangeOptions> exchange,
        TimeProvider clock, CancellationToken ct)
    {
        var service = await FindAsync(db, provider, code, tracked: true, ct);
        if (service is null)
        {
            return Problems.NotFound($"Agency {provider.ToUpperInvariant()} publishes no data service '{code}'.");
        }

        var errors = new ValidationErrors();
        var details = DataServiceInput.Validate(body, answers, exchange.Value, errors);
        if (errors.Any || details is null)
        {
            return Problems.Validation(errors);
        }

        if (!user.ActsFor(service.ProviderCode))
        {
            return Problems.Forbidden(user.OutsideAgency(service.ProviderCode, "this data service"));
        }

        if ((details.AnsweredBy == ServiceAnswerer.Module || service.AnsweredBy == ServiceAnswerer.Module) && !user.IsInRole(PlatformRoles.PlatformAdmin))
        {
            return Problems.Forbidden("Module-answered services read platform registries: only a platform administrator changes them.");
        }

        service.Update(details, clock.GetUtcNow());
        db.Audit(user, "data-service.updated", "data-service", $"{service.ProviderCode}/{service.Code}", new { service.Version, service.LogBodies }, onBehalfOf: service.ProviderCode);
        var view = DataServiceView.From(service);
        return await db.TrySaveAsync(ct) == SaveResult.Saved
            ? TypedResults.Ok(view)
            : Problems.Conflict($"Service {view.ProviderCode}/{view.Code} was changed by someone else at the same time; read it again and retry.");
    }

    internal static async Task<IResult> WithdrawAsync(string provider, string code, AgenciesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var service = await FindAsync(db, provider, code, tracked: true, ct);
        if (service is null)
        {
            return Problems.NotFound($"Agency {provider.ToUpperInvariant()} publishes no data service '{code}'.");
        }

        if (!user.ActsFor(service.ProviderCode))
        {
            return Problems.Forbidden(user.OutsideAgency(service.ProviderCode, "this data service"));
        }

        if (service.Withdraw(clock.GetUtcNow()))
        {
            db.Audit(user, "data-service.withdrawn", "data-service", $"{service.ProviderCode}/{service.Code}", onBehalfOf: service.ProviderCode);
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(DataServiceView.From(service));
    }

    private static Task<DataService?> FindAsync(AgenciesDb db, string provider, string code, bool tracked, CancellationToken ct)
    {
        var p = provider.Trim().ToUpperInvariant();
        var c = code.Trim();
        var query = tracked ? db.DataServices : db.DataServices.AsNoTracking();
        return query.FirstOrDefaultAsync(s => s.ProviderCode == p && s.Code == c, ct);
    }
}
