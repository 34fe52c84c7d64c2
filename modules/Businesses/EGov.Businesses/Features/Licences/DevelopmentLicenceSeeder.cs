using System.Text.Json;
using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Documents;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Notices;
using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EGov.Businesses.Features.Licences;

/// <summary>
/// Development only (with the development registry): licence cases in every state, from the <c>licences</c> of
/// <c>Persistence/Seed/development-registry.json</c> — applications submitted, in review, waiting for information and
/// rejected; licences active (one inside its renewal window), suspended, revoked and expired. Each goes through the
/// lifecycle and the licence's own methods as the API's would, dated the days ago the file says. Runs once, after the
/// registry and the licence types.
/// </summary>
internal sealed class DevelopmentLicenceSeeder(
    BusinessesDb db, IOptions<BusinessesOptions> options, IWorkingCalendar calendar, IDocumentIssuer documents, NoticeInbox<BusinessesDb> inbox, TimeProvider clock)
    : IModuleSeeder
{
    private static readonly Actor Seeder = Actor.System("development-seed");

    public string Name => "g2b development licences";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SeedDevelopmentRegistry != true)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.LockForSeedingAsync(Name, cancellationToken);
        if (await db.LicenceApplications.AnyAsync(cancellationToken))
        {
            return;
        }

        foreach (var seed in DevelopmentRegistrySeeder.Load().Licences ?? [])
        {
            await SeedAsync(seed, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task SeedAsync(SeedLicence seed, CancellationToken ct)
    {
        var business = await db.Businesses.AsNoTracking().SingleOrDefaultAsync(b => b.Name == seed.Company, ct)
            ?? throw new InvalidOperationException($"The development licence of '{seed.Company}' names no seeded company.");
        var type = await LicenceCatalogue.CurrentAsync(db, seed.LicenceType, ct)
            ?? throw new InvalidOperationException($"The development licence of '{seed.Company}' names no licence type '{seed.LicenceType}'.");
        var at = clock.GetUtcNow().AddDays(-seed.IssuedDaysAgo);
        var errors = new ValidationErrors();
        var values = seed.Answers.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var accepted = type.Definition.Form.CheckValues(values, FormCheck.Complete, DateOnly.FromDateTime(at.UtcDateTime), errors, "answers")
            ?? throw new InvalidOperationException($"The development licence answers of '{seed.Company}' are invalid: {string.Join("; ", errors.ToDictionary().Keys)}");
        var reference = await CaseReferences.NextAsync(db, BusinessesModule.Descriptor.Schema, LicensingModel.ApplicationSequence, BusinessesModule.Descriptor.Code, at, ct);
        var application = new LicenceApplication(
            Guid.CreateVersion7(at), reference, type, business.Id, business.Number, LicencePurpose.New, null,
            type.Definition.Form.AnswersToJson(accepted), Seeder.Id, calendar.For(type.AgencyCode), at);
        db.LicenceApplications.Add(application);

        var staff = new CaseParticipant([PlatformRoles.Caseworker], null, type.AgencyCode, Seeder.Id);
        void Move(string transition, string? message)
        {
            if (application.Take(transition, staff, message, type.Definition.Lifecycle, calendar.For(type.AgencyCode), at) is not CaseMove.Moved)
            {
                throw new InvalidOperationException($"The development licence of '{seed.Company}' cannot take '{transition}' from {application.State}.");
            }
        }

        if (seed.State == "Submitted")
        {
            return;
        }

        Move("start-review", null);
        switch (seed.State)
        {
            case "InReview":
                return;
            case "InformationRequested":
                Move("request-information", seed.Reason);
                return;
            case "Rejected":
                Move("reject", seed.Reason);
                return;
        }

        Move("approve", null);
        var past = new LicenceCases(db, inbox, calendar, documents, new FixedClock(at));
        if (await past.GrantAsync(application, type, Seeder, ct) is { } refusal)
        {
            throw new InvalidOperationException(refusal.Detail);
        }

        var licence = db.Licences.Local.Single(l => l.Id == application.LicenceId);
        var present = new LicenceCases(db, inbox, calendar, documents, clock);
        switch (seed.State)
        {
            case "Suspended":
                await present.ApplyAsync(licence, LicenceMeasure.Suspend, seed.Reason!, Seeder, ct);
                break;
            case "Revoked":
                await present.ApplyAsync(licence, LicenceMeasure.Revoke, seed.Reason!, Seeder, ct);
                break;
            case "Expired" when licence.Expire(clock.GetUtcNow()):
                db.Publish(new LicenceExpired(licence.Number, licence.BusinessNumber, licence.LicenceTypeCode, licence.AgencyCode, licence.ValidUntil, clock.GetUtcNow()));
                break;
        }
    }

    /// <summary>A clock standing at one moment: the day a seeded licence was decided.</summary>
    private sealed class FixedClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
