using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Filings;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Sessions;
using EGov.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;
using System.Text.Json;

namespace EGov.Businesses.Features.Representation;

internal sealed record BusinessSessionResponse(
    string Number, PowerBasis Basis, OfficerRole? Role, Guid? MandateId, IReadOnlyList<MandateScope> Scopes,
    DateTimeOffset StartedAt, DateTimeOffset? LastActivity, int FilingsInWindow, IReadOnlyList<DraftSummaryResponse> Drafts);

internal sealed record DraftSummaryResponse(FilingKind Kind, DateTimeOffset SavedAt);

internal sealed record DraftFilingResponse(FilingKind Kind, FileRequest Filing, DateTimeOffset CreatedAt, DateTimeOffset SavedAt);

/// <summary>
/// The representative's session for a business (a <see cref="IBusinessSessionGrain"/>): the acting context, and draft
/// filings saved to return to from any device, on any node.
/// </summary>
internal static class SessionEndpoints
{
    public static void Map(RouteGroupBuilder business)
    {
        var session = business.MapGroup("/session");

        session.MapGet("/", async Task<IResult> (string number, HttpContext http, IGrainFactory grains) =>
            {
                var acting = BusinessAccess.Acting(http);
                var outcome = await BusinessAccess.Session(grains, acting, number).StartAsync(acting);
                return outcome is { Kind: SessionOutcomeKind.Ok, Context: { } context }
                    ? TypedResults.Ok(Response(context))
                    : SessionResults.ToHttp(outcome, http);
            })
            .WithName("StartBusinessSession")
            .WithSummary("Start or resume acting for a business")
            .WithDescription("Checks the caller's power against the register and answers the acting context: on what footing (officer or mandate), with which scopes, and the saved draft filings (newest first).")
            .Produces<BusinessSessionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        session.MapPut("/drafts/{kind}", async Task<IResult> (string number, string kind, FileRequest request, HttpContext http, IGrainFactory grains) =>
            {
                var errors = new ValidationErrors();
                var filingKind = FilingInput.Kind(kind, errors);
                if (filingKind is not null && request.Kind is not null && request.Kind != kind)
                {
                    errors.Add("kind", $"The draft is a {kind} filing: 'kind' is {kind} or left out.");
                }

                if (errors.Any)
                {
                    return Problems.Validation(errors);
                }

                var acting = BusinessAccess.Acting(http);
                var json = JsonSerializer.Serialize(request with { Kind = kind }, Register.Json);
                var outcome = await BusinessAccess.Session(grains, acting, number).SaveDraftAsync(acting, kind, json);
                return outcome is { Kind: SessionOutcomeKind.Ok, Draft: { } draft } ? TypedResults.Ok(Draft(draft)) : SessionResults.ToHttp(outcome, http);
            })
            .WithName("SaveBusinessDraft")
            .WithSummary("Save a draft filing")
            .WithDescription("Saves what the representative has filled in so far for a filing of `kind` (any member may be missing or incomplete) on their session; durable once this returns. Needs the power to file (scope `Filings`).")
            .Produces<DraftFilingResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        session.MapGet("/drafts/{kind}", async Task<IResult> (string number, string kind, HttpContext http, IGrainFactory grains) =>
            {
                var acting = BusinessAccess.Acting(http);
                var outcome = await BusinessAccess.Session(grains, acting, number).GetDraftAsync(acting, kind);
                return outcome is { Kind: SessionOutcomeKind.Ok, Draft: { } draft } ? TypedResults.Ok(Draft(draft)) : SessionResults.ToHttp(outcome, http);
            })
            .WithName("GetBusinessDraft")
            .WithSummary("Resume a draft filing")
            .WithDescription("The draft filing of `kind` as last saved on this session; 404 when there is none.")
            .Produces<DraftFilingResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        session.MapDelete("/drafts/{kind}", async Task<IResult> (string number, string kind, HttpContext http, IGrainFactory grains) =>
            {
                var acting = BusinessAccess.Acting(http);
                var outcome = await BusinessAccess.Session(grains, acting, number).DeleteDraftAsync(acting, kind);
                return SessionResults.ToHttp(outcome, http);
            })
            .WithName("DeleteBusinessDraft")
            .WithSummary("Discard a draft filing")
            .WithDescription("Removes the draft filing of `kind` from this session; 404 when there is none.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static BusinessSessionResponse Response(SessionContext c) => new(
        c.Number, Enum.Parse<PowerBasis>(c.Basis), c.Role is null ? null : Enum.Parse<OfficerRole>(c.Role), c.MandateId, c.Scopes,
        c.StartedAt, c.LastActivity, c.FilingsInWindow, [.. c.Drafts.Select(d => new DraftSummaryResponse(Enum.Parse<FilingKind>(d.Kind), d.SavedAt))]);

    private static DraftFilingResponse Draft(DraftView d) =>
        new(Enum.Parse<FilingKind>(d.Kind), JsonSerializer.Deserialize<FileRequest>(d.Json, Register.Json)!, d.CreatedAt, d.SavedAt);
}
