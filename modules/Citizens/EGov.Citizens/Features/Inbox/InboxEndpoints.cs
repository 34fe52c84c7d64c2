using EGov.Citizens.Features.Applications;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Features.Inbox;

internal sealed record InboxMessageResponse(Guid Id, Guid? ApplicationId, string Subject, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>The citizen's inbox: a message on every status change and decision, in the citizen's language.</summary>
internal static class InboxEndpoints
{
    public static void Map(RouteGroupBuilder module)
    {
        var inbox = module.MapGroup("/inbox").RequireAccess(Access.AnyOf(PlatformRoles.Citizen));

        inbox.MapGet("/", ListAsync)
            .WithName("ListInbox")
            .WithSummary("My inbox")
            .WithDescription("Newest first, paged; `unread=true` shows unread messages only.")
            .ProducesValidationProblem();

        inbox.MapPost("/{id:guid}/read", MarkReadAsync)
            .WithName("MarkInboxMessageRead")
            .WithSummary("Mark a message as read")
            .WithDescription("Idempotent; the session's unread count follows.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PagedList<InboxMessageResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] PageQuery pageQuery, bool? unread, CitizensDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.Inbox.AsNoTracking().Where(m => m.CitizenSubject == user.Subject);
        if (unread == true)
        {
            query = query.Where(m => m.ReadAt == null);
        }

        return TypedResults.Ok(await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Select(m => new InboxMessageResponse(m.Id, m.ApplicationId, m.Subject, m.Body, m.CreatedAt, m.ReadAt))
            .ToPagedListAsync(paging, ct));
    }

    private static async Task<Results<Ok<InboxMessageResponse>, ProblemHttpResult>> MarkReadAsync(
        Guid id, CitizensDb db, ICurrentUser user, CitizenNotifier notifier, TimeProvider clock, CancellationToken ct)
    {
        var message = await db.Inbox.SingleOrDefaultAsync(m => m.Id == id && m.CitizenSubject == user.Subject, ct);
        if (message is null)
        {
            return Problems.NotFound($"You have no message {id}.");
        }

        if (message.ReadAt is null)
        {
            message.ReadAt = clock.GetUtcNow();
            db.Audit(user, "inbox.read", "inbox-message", message.Id.ToString());
            await db.SaveChangesAsync(ct);
        }

        await notifier.RefreshSessionAsync(message.CitizenSubject, ct);
        return TypedResults.Ok(new InboxMessageResponse(message.Id, message.ApplicationId, message.Subject, message.Body, message.CreatedAt, message.ReadAt));
    }
}
