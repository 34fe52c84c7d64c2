using System.Text.Json;
using Orleans;
using EGov.BuildingBlocks.Forms;
using EGov.Citizens.Domain;
using EGov.Citizens.Features.Catalogue;
using EGov.Citizens.Sessions;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EGov.Citizens.Features.Session;

/// <summary>Body of <c>PUT /session/drafts/{serviceCode}</c>: field values to merge into the draft.</summary>
internal sealed record SaveDraftRequest(Dictionary<string, JsonElement>? Fields);

internal sealed record SessionResponse(DateTimeOffset? LastActivity, int UnreadCount, IReadOnlyList<DraftSummaryResponse> Drafts);

internal sealed record DraftSummaryResponse(string ServiceCode, int FieldCount, DateTimeOffset SavedAt);

internal sealed record DraftResponse(string ServiceCode, IReadOnlyDictionary<string, JsonElement> Fields, DateTimeOffset CreatedAt, DateTimeOffset SavedAt)
{
    public static DraftResponse From(DraftView draft)
    {
        using var fields = JsonDocument.Parse(draft.Fields);
        return new(
            draft.ServiceCode,
            fields.RootElement.EnumerateObject().ToDictionary(f => f.Name, f => f.Value.Clone(), StringComparer.Ordinal),
            draft.CreatedAt,
            draft.SavedAt);
    }
}

/// <summary>The citizen's own session: saved drafts to return to, from any device, on any node.</summary>
internal static class SessionEndpoints
{
    public static void Map(IEndpointRouteBuilder module)
    {
        var session = module.MapGroup("/session")
            .RequireAccess(Access.AnyOf(PlatformRoles.Citizen));

        session.MapGet("/", async (IGrainFactory grains, ICurrentUser user) =>
            {
                var view = await Grain(grains, user).GetAsync();
                return TypedResults.Ok(new SessionResponse(
                    view.LastActivity,
                    view.UnreadCount,
                    view.Drafts.Select(d => new DraftSummaryResponse(d.ServiceCode, d.FieldCount, d.SavedAt)).ToList()));
            })
            .WithName("GetSession")
            .WithSummary("The caller's session")
            .WithDescription("Saved drafts (newest first), unread inbox messages and last activity of the calling citizen.");

        session.MapPut("/drafts/{serviceCode}", SaveAsync)
            .WithName("SaveDraft")
            .WithSummary("Save a draft")
            .WithDescription("Merges field values into the caller's draft for a service. A draft may be incomplete: nothing is required and the field's own limits wait for the submission, but names must be the form's and each value of its field's kind (text, number, true/false, list, object). The draft is durable once this returns.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        session.MapGet("/drafts/{serviceCode}", async Task<Results<Ok<DraftResponse>, ProblemHttpResult>> (string serviceCode, IGrainFactory grains, ICurrentUser user) =>
                await Grain(grains, user).GetDraftAsync(serviceCode) is { } draft
                    ? TypedResults.Ok(DraftResponse.From(draft))
                    : Problems.NotFound($"You have no draft for service '{serviceCode}'."))
            .WithName("GetDraft")
            .WithSummary("Resume a draft")
            .WithDescription("The caller's saved answers for a service, as last saved on their session; 404 when there is none.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        session.MapDelete("/drafts/{serviceCode}", async Task<Results<NoContent, ProblemHttpResult>> (string serviceCode, IGrainFactory grains, ICurrentUser user) =>
                await Grain(grains, user).DeleteDraftAsync(serviceCode)
                    ? TypedResults.NoContent()
                    : Problems.NotFound($"You have no draft for service '{serviceCode}'."))
            .WithName("DeleteDraft")
            .WithSummary("Discard a draft")
            .WithDescription("Removes the caller's saved answers for a service from their session; 404 when there is none.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<DraftResponse>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string serviceCode, SaveDraftRequest request, IGrainFactory grains, ICurrentUser user, CurrentForms forms, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!ServicePackage.IsCode(serviceCode))
        {
            errors.Add("serviceCode", $"A service code is {ServicePackage.CodeRule}.");
        }

        if (request.Fields is null)
        {
            errors.Add("fields", "'fields' is required: an object of field name to value.");
        }
        else if (request.Fields.Count > FormLimits.MaxFields)
        {
            errors.Add("fields", $"A draft has at most {FormLimits.MaxFields} fields.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        // Drafts may be incomplete, but hold only the fields the service's current form defines, each of its kind.
        var form = await forms.GetAsync(serviceCode, ct);
        if (form is null)
        {
            return Problems.NotFound($"There is no service '{serviceCode}'.");
        }

        if (form.CheckValues(request.Fields!, FormCheck.Partial, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), errors) is null)
        {
            return Problems.Validation(errors);
        }

        var fields = request.Fields!.ToDictionary(f => f.Key, f => f.Value.GetRawText(), StringComparer.Ordinal);
        var draft = await Grain(grains, user).SaveDraftAsync(serviceCode, fields);
        return TypedResults.Ok(DraftResponse.From(draft));
    }

    private static ICitizenSessionGrain Grain(IGrainFactory grains, ICurrentUser user) =>
        grains.GetGrain<ICitizenSessionGrain>(user.Subject ?? throw new InvalidOperationException("An authenticated citizen has a subject."));
}
