using System.Reflection;
using EGov.Citizens.Domain;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EGov.Citizens.Persistence;

/// <summary>
/// The services every deployment starts with: the <c>g2c-service</c> packages shipped as embedded resources
/// (<c>Persistence/Seed/*.json</c>), inserted as version 1 by the platform when no service of that code exists,
/// after the migrations. A service already there (seeded before, published by a designer, or carried over by a
/// migration) is left as it is; service designers publish new versions from there. Runs as a start-up step.
/// </summary>
internal sealed partial class CatalogueSeeder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CatalogueSeeder> logger) : IHostedService
{
    public const string Seeder = "catalogue-seed";

    private const string ResourcePrefix = "EGov.Citizens.Persistence.Seed.";

    /// <summary>The shipped packages, read and checked (a package that is not valid stops the start with its mistakes).</summary>
    public static IReadOnlyList<EGov.BuildingBlocks.Packages.Package<ServiceDefinition>> Packages()
    {
        var assembly = typeof(CatalogueSeeder).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => ServicePackage.Kind.ReadTrusted(Read(assembly, n), n[ResourcePrefix.Length..]))
            .ToList();
    }

    public Task StartAsync(CancellationToken cancellationToken) => SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Inserts version 1 of each shipped service whose code the catalogue does not have yet.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var packages = Packages();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CitizensDb>();
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

        if (added == 0)
        {
            return;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogSeeded(logger, added);
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            // Another instance seeded at the same moment; its rows stand.
        }
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} services into the G2C catalogue")]
    private static partial void LogSeeded(ILogger logger, int count);
}
