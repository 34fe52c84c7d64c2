using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EGov.Notifications.Delivery;
using EGov.Notifications.Domain;
using EGov.Notifications.Features.Templates;
using EGov.Notifications.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Notifications.Features.Callbacks;

internal sealed record CallbackRequest(
    [property: Description("Where status callbacks are posted: an absolute http or https URL.")]
    string? Url,
    [property: Description("The HMAC-SHA256 key both sides hold: 32 to 200 characters. Never shown again.")]
    string? Secret);

internal sealed record CallbackResponse(string AgencyCode, string Url, DateTimeOffset UpdatedAt);

/// <summary>An agency registers its own system's URL and secret for signed delivery status callbacks.</summary>
internal static class CallbackEndpoints
{
    public static void Map(RouteGroupBuilder module)
    {
        var callbacks = module.MapGroup("/callbacks").RequireAccess(Access.AnyOf(PlatformRoles.Agency, PlatformRoles.PlatformAdmin));

        callbacks.MapPut("/{agencyCode}", SetAsync)
            .WithName("SetStatusCallback")
            .WithSummary("Register the agency's status callback")
            .WithDescription("Every later status (Delivered, TemporaryFailure, PermanentFailure) of the agency's messages is posted there, signed `X-EGov-Signature: sha256=<hex HMAC-SHA256 of the body>`, retried until it answers 2xx. The agency's system, or platform admins.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        callbacks.MapGet("/{agencyCode}", GetAsync)
            .WithName("GetStatusCallback")
            .WithSummary("The agency's status callback (without its secret)")
            .WithDescription("The URL and when it was set; the secret is never shown again. The agency's system, or platform admins.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<CallbackResponse>, ValidationProblem, ProblemHttpResult>> SetAsync(
        [RegularExpression(Outbound.AgencyCodePattern)] string agencyCode, CallbackRequest request, ICurrentUser user, NotificationsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        TemplateEndpoints.ReadRoute(agencyCode, null, null, errors);
        if (request.Url is not { Length: > 0 and <= AgencyCallback.MaxUrlLength } url
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add("url", $"An absolute http or https URL without credentials, at most {AgencyCallback.MaxUrlLength} characters.");
        }

        if (request.Secret is not { Length: >= AgencyCallback.MinSecretLength and <= AgencyCallback.MaxSecretLength } || string.IsNullOrWhiteSpace(request.Secret))
        {
            errors.Add("secret", $"A secret of {AgencyCallback.MinSecretLength} to {AgencyCallback.MaxSecretLength} characters.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!user.ActsFor(agencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(agencyCode, "this callback"));
        }

        var now = Outbound.StoredPrecision(clock.GetUtcNow());
        var callback = await db.Callbacks.SingleOrDefaultAsync(c => c.AgencyCode == agencyCode, ct);
        if (callback is null)
        {
            callback = AgencyCallback.Register(agencyCode, request.Url!, request.Secret!, now);
            db.Callbacks.Add(callback);
        }
        else
        {
            callback.Change(request.Url!, request.Secret!, now);
        }

        db.Audit(user, "notify-callback.set", "notify-callback", agencyCode);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CallbackResponse(callback.AgencyCode, callback.Url, callback.UpdatedAt));
    }

    private static async Task<Results<Ok<CallbackResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [RegularExpression(Outbound.AgencyCodePattern)] string agencyCode, ICurrentUser user, NotificationsDb db, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        TemplateEndpoints.ReadRoute(agencyCode, null, null, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!user.ActsFor(agencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(agencyCode, "this callback"));
        }

        var callback = await db.Callbacks.AsNoTracking().SingleOrDefaultAsync(c => c.AgencyCode == agencyCode, ct);
        return callback is null
            ? Problems.NotFound($"Agency {agencyCode} has no status callback.")
            : TypedResults.Ok(new CallbackResponse(callback.AgencyCode, callback.Url, callback.UpdatedAt));
    }
}
