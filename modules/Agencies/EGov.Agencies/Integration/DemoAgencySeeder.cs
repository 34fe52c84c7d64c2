using EGov.SharedKernel.Auditing;
using EGov.Agencies.Domain;
using EGov.Agencies.Features.Registry;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EGov.Agencies.Integration;

internal sealed class AgencySeedOptions
{
    public const string Section = "Agencies";

    /// <summary>Register the demo agencies that the realm file's demo users belong to. Default: on in Development.</summary>
    public bool? SeedDemoAgencies { get; set; }
}

/// <summary>
/// Registers the demo agencies (matching the <c>agency_id</c> claims of the realm's demo users) through the same
/// path as the API, so the other modules receive them as events.
/// </summary>
internal sealed class DemoAgencySeeder(IServiceProvider services, IOptions<AgencySeedOptions> options, TimeProvider clock) : IHostedService
{
    private static readonly (string Code, AgencyDetails Details)[] Demo =
    [
        ("MOI", new AgencyDetails("Ministry of the Interior", AgencyLevel.National, null, "contact@moi.gov.example")),
        ("NCR", new AgencyDetails("National Civil Registry", AgencyLevel.National, "MOI", "registry@ncr.gov.example")),
        ("NTA", new AgencyDetails("National Tax Agency", AgencyLevel.National, null, "contact@nta.gov.example")),
        ("PSC", new AgencyDetails("Public Service Commission", AgencyLevel.National, null, "hr@psc.gov.example")),
        ("NAO", new AgencyDetails("National Audit Office", AgencyLevel.National, null, "audit@nao.gov.example")),
        ("NRA", new AgencyDetails("Northern Regional Administration", AgencyLevel.Regional, "MOI", "info@nra.gov.example")),
        ("CCM", new AgencyDetails("Capital City Municipality", AgencyLevel.Municipal, "NRA", "permits@ccm.gov.example")),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SeedDemoAgencies != true)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        await StageMissingAsync(scope.ServiceProvider.GetRequiredService<AgenciesDb>(), clock, cancellationToken);
    }

    /// <summary>Registers the demo agencies that are missing (another instance registering them at once is fine).</summary>
    public static async Task StageMissingAsync(AgenciesDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var existing = await db.Agencies.Select(a => a.Code).ToListAsync(cancellationToken);
        var seeder = Actor.System("demo-seed");
        var missing = Demo.Where(d => !existing.Contains(d.Code)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        foreach (var (code, details) in missing)
        {
            RegisterAgency.Stage(db, seeder, code, details, clock.GetUtcNow());
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            // Another instance seeded at the same moment; its rows and events stand.
            db.ChangeTracker.Clear();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
