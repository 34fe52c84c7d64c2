using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.BuildingBlocks.Notices;

/// <summary>
/// Seeds the module's template file at start-up (after the migrations): a key the table does not have gets the
/// file's template as its version 1. A key the table has is left alone, so what an operator published is never
/// overwritten, and neither is a first version seeded by an earlier release.
/// </summary>
public sealed class NoticeTemplateSeeder<TDb>(TDb db, NoticeTemplateSource<TDb> source, TimeProvider clock) : IModuleSeeder
    where TDb : ModuleDbContext
{
    /// <summary>The <see cref="NoticeTemplate.CreatedBy"/> of a version that came from the module's file.</summary>
    public const string SeedAuthor = "seed";

    public string Name => $"{db.Schema} notice templates";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.LockForSeedingAsync($"{db.Schema}.notice_templates", cancellationToken);
        var present = (await db.Set<NoticeTemplate>().Select(t => t.Key).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var (key, content) in source.File.Templates.Where(t => !present.Contains(t.Key)))
        {
            db.Set<NoticeTemplate>().Add(NoticeTemplate.First(key, content, now, SeedAuthor));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
