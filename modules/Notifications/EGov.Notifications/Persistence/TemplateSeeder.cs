using EGov.BuildingBlocks.Notices;
using EGov.Notifications.Domain;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.Notifications.Persistence;

/// <summary>
/// Seeds the platform's templates (owner <c>*</c>, used by every agency without its own) from the template files
/// embedded in the module, one file per channel (<c>Persistence/Seed/{email,sms,letter}-templates.json</c>, the Notices
/// block's template file format, checked whole at start-up). A key the table has is left alone.
/// </summary>
internal sealed class TemplateSeeder(NotificationsDb db, TimeProvider clock) : IModuleSeeder
{
    public const string SeedAuthor = "seed";

    public string Name => "notify templates";

    public static IReadOnlyList<(Channel Channel, NoticeTemplateFile File)> Files { get; } =
        Enum.GetValues<Channel>()
            .Select(c => (c, NoticeTemplateFile.FromResource(typeof(TemplateSeeder).Assembly, $"EGov.Notifications.{c.ToString().ToLowerInvariant()}-templates.json")))
            .ToList();

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.LockForSeedingAsync("notify.templates", cancellationToken);
        var present = (await db.Templates.Where(t => t.Owner == NotificationTemplate.PlatformOwner).Select(t => new { t.Channel, t.Key }).Distinct().ToListAsync(cancellationToken))
            .Select(t => (t.Channel, t.Key)).ToHashSet();
        var now = clock.GetUtcNow();
        foreach (var (channel, file) in Files)
        {
            foreach (var (key, content) in file.Templates.Where(t => !present.Contains((channel, t.Key))))
            {
                db.Templates.Add(NotificationTemplate.First(NotificationTemplate.PlatformOwner, channel, key, content, now, SeedAuthor));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
