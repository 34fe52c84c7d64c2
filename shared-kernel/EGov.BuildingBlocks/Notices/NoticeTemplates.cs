using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.BuildingBlocks.Notices;

/// <summary>What became of a publication.</summary>
public enum NoticeTemplatePublishOutcome
{
    /// <summary>A new version was saved.</summary>
    Published,

    /// <summary>The texts are those of the latest version: nothing was saved, the latest version stands.</summary>
    Unchanged,

    /// <summary>The module has no template of that key (operators publish new versions of the module's keys only).</summary>
    UnknownKey,

    /// <summary>The texts are invalid: see the errors; nothing was saved.</summary>
    Invalid,

    /// <summary>Another version of the key was published at the same moment: nothing was saved.</summary>
    Conflict,
}

public sealed record NoticeTemplatePublication(NoticeTemplatePublishOutcome Outcome, NoticeTemplate? Template, ValidationErrors? Errors = null);

/// <summary>The versions of a module's templates in its <c>notice_templates</c> table.</summary>
public sealed class NoticeTemplates<TDb>(TDb db, TimeProvider clock) where TDb : ModuleDbContext
{
    private IQueryable<NoticeTemplate> Templates => db.Set<NoticeTemplate>().AsNoTracking();

    public Task<NoticeTemplate?> LatestAsync(string key, CancellationToken cancellationToken) =>
        Templates.Where(t => t.Key == key).OrderByDescending(t => t.Version).FirstOrDefaultAsync(cancellationToken);

    public Task<NoticeTemplate?> VersionAsync(string key, int version, CancellationToken cancellationToken) =>
        Templates.SingleOrDefaultAsync(t => t.Key == key && t.Version == version, cancellationToken);

    /// <summary>The latest version of every key, by key.</summary>
    public Task<PagedList<NoticeTemplate>> ListLatestAsync(PageRequest paging, CancellationToken cancellationToken) =>
        Templates.Where(t => t.Version == db.Set<NoticeTemplate>().Where(o => o.Key == t.Key).Max(o => o.Version))
            .OrderBy(t => t.Key).ToPagedListAsync(paging, cancellationToken);

    /// <summary>
    /// Publishes new texts for an existing key as its next version, with an audit record; the parameters stay the
    /// key's own. The next notice of that key uses it; notices already written keep their text.
    /// </summary>
    public async Task<NoticeTemplatePublication> PublishAsync(
        string key,
        IReadOnlyDictionary<string, string?>? subject,
        IReadOnlyDictionary<string, string?>? body,
        IReadOnlyDictionary<string, string?>? dateFormat,
        ICurrentUser actor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var latest = NoticeTemplateRules.IsKey(key) ? await LatestAsync(key, cancellationToken) : null;
        if (latest is null)
        {
            return new NoticeTemplatePublication(NoticeTemplatePublishOutcome.UnknownKey, null);
        }

        var errors = new ValidationErrors();
        if (NoticeTemplateRules.Validate(latest.Parameters.ToList(), subject, body, dateFormat, errors) is not { } content)
        {
            return new NoticeTemplatePublication(NoticeTemplatePublishOutcome.Invalid, null, errors);
        }

        if (content.SameTextsAs(latest))
        {
            return new NoticeTemplatePublication(NoticeTemplatePublishOutcome.Unchanged, latest);
        }

        var next = latest.Next(content, clock.GetUtcNow(), actor.Actor);
        db.Set<NoticeTemplate>().Add(next);
        db.Audit(actor, "notice-template.published", "notice-template", key, new { key, version = next.Version });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            db.Entry(next).State = EntityState.Detached;
            return new NoticeTemplatePublication(NoticeTemplatePublishOutcome.Conflict, null);
        }

        return new NoticeTemplatePublication(NoticeTemplatePublishOutcome.Published, next);
    }
}
