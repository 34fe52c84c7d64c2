using System.Linq.Expressions;
using EGov.BuildingBlocks.Parties;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.BuildingBlocks.Notices;

/// <summary>The inboxes of every party a module writes to, in the module's own <c>notices</c> table.</summary>
public sealed class NoticeInbox<TDb>(TDb db, TimeProvider clock) where TDb : ModuleDbContext
{
    private IQueryable<Notice> Of(PartyRef party) =>
        db.Set<Notice>().Where(n => n.RecipientKind == party.Kind && n.RecipientId == party.Id);

    /// <summary>
    /// Renders the latest version of <paramref name="templateKey"/> for <paramref name="recipient"/> in
    /// <paramref name="language"/> and adds the notice to the module's context: it is saved, in the same transaction,
    /// with the change it reports (the caller saves). Throws when the module has no such template (its template
    /// file seeds every key it uses at start-up).
    /// </summary>
    public async Task<Notice> SendAsync(
        PartyRef recipient, string? language, string templateKey, NoticeValues values, NoticeRegarding? regarding, CancellationToken cancellationToken)
    {
        var template = await db.Set<NoticeTemplate>().AsNoTracking()
            .Where(t => t.Key == templateKey).OrderByDescending(t => t.Version).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"There is no notice template '{templateKey}' in the schema {db.Schema}.");
        var notice = Notice.Render(recipient, language, template, values, regarding, clock.GetUtcNow());
        db.Set<Notice>().Add(notice);
        return notice;
    }

    public Task<int> UnreadCountAsync(PartyRef party, CancellationToken cancellationToken) =>
        Of(party).CountAsync(n => n.ReadAt == null, cancellationToken);

    /// <summary>The party's notices, newest first, shaped by <paramref name="response"/>.</summary>
    public Task<PagedList<TResponse>> ListAsync<TResponse>(
        PartyRef party, bool unreadOnly, PageRequest paging, Expression<Func<Notice, TResponse>> response, CancellationToken cancellationToken)
    {
        var query = Of(party).AsNoTracking();
        if (unreadOnly)
        {
            query = query.Where(n => n.ReadAt == null);
        }

        return query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Select(response).ToPagedListAsync(paging, cancellationToken);
    }

    /// <summary>
    /// Marks the party's notice read and saves, with an audit record; a notice read before stays as it was (idempotent).
    /// Null when the party has no such notice.
    /// </summary>
    public async Task<Notice?> MarkReadAsync(PartyRef party, Guid id, ICurrentUser actor, CancellationToken cancellationToken)
    {
        var notice = await Of(party).SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notice is not null && notice.MarkRead(clock.GetUtcNow()))
        {
            db.Audit(actor, "notice.read", "notice", notice.Id.ToString());
            await db.SaveChangesAsync(cancellationToken);
        }

        return notice;
    }
}
