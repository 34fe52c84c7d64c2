using EGov.Businesses.Contracts;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Sessions;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace EGov.Businesses.Features.Representation;

/// <summary>
/// The routes of one business a representative acts for, <c>/businesses/{number}/…</c>: an endpoint filter resolves the
/// caller's power from the register on every request and answers 404 when there is none (a business one may not
/// act for is not shown to exist), then hands the power to the route.
/// </summary>
internal static class BusinessAccess
{
    private const string PowerItem = "g2b.power";
    private const string ActingItem = "g2b.acting";

    /// <summary>Who may call the representatives' routes: people (citizens, representatives) and system users.</summary>
    public static readonly Access Representatives = Access.AnyOf(PlatformRoles.Citizen, PlatformRoles.BusinessRepresentative);

    public static RouteGroupBuilder MapBusiness(this IEndpointRouteBuilder module) =>
        module.MapGroup("/businesses/{number}")
            .RequireAccess(Representatives)
            .AddEndpointFilter(async (context, next) =>
            {
                var http = context.HttpContext;
                var number = http.GetRouteValue("number") as string ?? string.Empty;
                var user = http.RequestServices.GetRequiredService<ICurrentUser>();
                var representative = BusinessPowers.RepresentativeOf(user, http);
                var power = representative is null || !Register.IsNumber(number)
                    ? null
                    : await http.RequestServices.GetRequiredService<BusinessPowers>()
                        .ResolveAsync(number, representative, Register.Today(http.RequestServices.GetRequiredService<TimeProvider>()), http.RequestAborted);
                if (power is null)
                {
                    return Problems.NotFound($"There is no business {PublicRegister.Shown(number)} you may act for.");
                }

                http.Items[PowerItem] = power;
                http.Items[ActingItem] = new ActingRepresentative { Kind = representative!.Kind, Id = representative.Id, Actor = user.Actor };
                return await next(context);
            });

    /// <summary>
    /// Declares the <c>{number}</c> path parameter on an operation whose handler does not bind it (the Notices block's
    /// inbox routes, mapped under the business's group): the filter reads it.
    /// </summary>
    public static RouteHandlerBuilder DeclaresBusinessNumber(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            if (!operation.Parameters.Any(p => p.Name == "number" && p.In == Microsoft.OpenApi.ParameterLocation.Path))
            {
                operation.Parameters.Insert(0, new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = "number",
                    In = Microsoft.OpenApi.ParameterLocation.Path,
                    Required = true,
                    Description = "The business's registration number (BRN- and digits).",
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                });
            }

            return Task.CompletedTask;
        });

    /// <summary>The power the filter resolved for this request.</summary>
    public static Power Power(HttpContext http) => (Power)http.Items[PowerItem]!;

    public static ActingRepresentative Acting(HttpContext http) => (ActingRepresentative)http.Items[ActingItem]!;

    public static IBusinessSessionGrain Session(IGrainFactory grains, ActingRepresentative acting, string number) =>
        grains.GetGrain<IBusinessSessionGrain>(BusinessSessionGrain.KeyOf(acting.Actor, number));
}

/// <summary>Session outcomes as HTTP answers.</summary>
internal static class SessionResults
{
    public static IResult ToHttp(SessionOutcome outcome, HttpContext http) => outcome.Kind switch
    {
        SessionOutcomeKind.NoPower or SessionOutcomeKind.NoDraft => Problems.NotFound(outcome.Message ?? "Not found."),
        SessionOutcomeKind.OutOfScope => Problems.Forbidden(outcome.Message ?? "Your mandate does not cover this."),
        SessionOutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors ?? new Dictionary<string, string[]>(), title: "One or more fields are invalid."),
        SessionOutcomeKind.Conflict or SessionOutcomeKind.KeyReused => Problems.Conflict(outcome.Message ?? "Conflict."),
        SessionOutcomeKind.RateLimited => RateLimited(outcome, http),
        _ when outcome.Answer is { } answer => new StoredResult(new SharedKernel.Idempotency.StoredAnswer(answer.StatusCode, answer.Body, answer.Location)),
        _ => TypedResults.NoContent(),
    };

    private static IResult RateLimited(SessionOutcome outcome, HttpContext http)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((outcome.RetryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail: "Too many filings for this business in a short time; try again later.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
    }
}
