using EGov.BuildingBlocks.Packages;
using EGov.Citizens.Domain;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EGov.Citizens.Persistence;

/// <summary>
/// The services every deployment starts with: the <c>g2c-service</c> packages shipped as embedded resources
/// (<c>Persistence/Seed/*.json</c>), inserted as version 1 by the platform when no service of that code exists, after
/// the migrations (an <see cref="IModuleSeeder"/>). A service already there — seeded before, published by a designer,
/// or carried over by a migration — is left as it is; service designers publish new versions from there. Instances
/// starting together take turns, so each service is inserted once.
/// </summary>
internal sealed partial class CatalogueSeeder(CitizensDb db, TimeProvider clock, ILogger<CatalogueSeeder> logger) : IModuleSeeder
{
    public const string Seeder = "catalogue-seed";

    private const string ResourcePrefix = "EGov.Citizens.Persistence.Seed.";

    public string Name => "g2c service catalogue";

    /// <summary>The shipped packages, read and checked (a package that is not valid stops the start with its mistakes).</summary>
    public static IReadOnlyList<Package<ServiceDefinition>> Packages() =>
        ServicePackage.Kind.ReadResources(typeof(CatalogueSeeder).Assembly, ResourcePrefix);

    /// <summary>Inserts version 1 of each shipped service whose code the catalogue does not have yet.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var packages = Packages();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.LockForSeedingAsync($"{db.Schema}.services", cancellationToken);
        var codes = packages.Select(p => p.Code).ToList();
        var existing = await db.Services.Where(s => codes.Contains(s.Code)).Select(s => s.Code).Distinct().ToListAsync(cancellationToken);
        var seeder = Actor.System(Seeder);
        var now = clock.GetUtcNow();
        var added = 0;
        foreach (var package in packages.Where(p => !existing.Contains(p.Code)))
        {
            db.Services.Add(CatalogueService.Publish(package.Code, 1, package.Content, now, seeder.Id));
            db.Audit(seeder, "service.seeded", "service", package.Code, new { version = 1, package.Content.AgencyCode });
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (added > 0)
        {
            LogSeeded(logger, added);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} services into the G2C catalogue")]
    private static partial void LogSeeded(ILogger logger, int count);
}
