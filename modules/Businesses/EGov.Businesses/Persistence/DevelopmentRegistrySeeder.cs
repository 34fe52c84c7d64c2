using System.Text.Json;
using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Filings;
using EGov.Businesses.Features.Registry;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EGov.Businesses.Persistence;

internal sealed record SeedOfficer(string Role, string NationalId, string GivenName, string FamilyName);

internal sealed record SeedOwner(string NationalId, string GivenName, string FamilyName, string? Shares, string? Voting, bool? AppointsBoard);

internal sealed record SeedFiling(int FiledDaysAgo, int EffectiveInDays, FileRequest Filing);

internal sealed record SeedMandate(string HolderKind, string HolderId, string? HolderName, List<string> Scopes, int ExpiresInDays, string? Reason);

internal sealed record SeedCompany(
    string Name, string LegalForm, int RegisteredDaysAgo, DateOnly FoundedOn, AddressRequest Address, List<string?> ActivityCodes,
    MoneyRequest ShareCapital, List<SeedOfficer> Officers, List<SeedOwner> Owners, List<SeedFiling> Filings, List<SeedMandate> Mandates);

/// <summary>A licence case of the development registry: filed (or issued) that many days ago, and where it stands now.</summary>
internal sealed record SeedLicence(string Company, string LicenceType, JsonElement Answers, int IssuedDaysAgo, string State, string? Reason, string? Note);

internal sealed record SeedRegistry(List<SeedCompany> Companies, List<SeedLicence>? Licences);

/// <summary>
/// Development only (<c>Businesses:SeedDevelopmentRegistry</c>, default on in Development): a living registry from
/// <c>Persistence/Seed/development-registry.json</c> — a dozen companies with officers, owners, filings (one taking
/// effect in the future, one company overdue with its annual confirmation, one about to be due) and mandates,
/// one of them for the system user <c>ledgerly-accounting</c>. Runs once, on an empty register, through the same
/// domain methods as the API.
/// </summary>
internal sealed class DevelopmentRegistrySeeder(BusinessesDb db, IOptions<BusinessesOptions> options, TimeProvider clock) : IModuleSeeder
{
    public const string Resource = "EGov.Businesses.development-registry.json";

    public string Name => "g2b development registry";

    public static SeedRegistry Load()
    {
        using var stream = typeof(DevelopmentRegistrySeeder).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The seed resource {Resource} is missing.");
        return JsonSerializer.Deserialize<SeedRegistry>(stream, Register.Json) ?? throw new InvalidOperationException("The development registry is empty.");
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.SeedDevelopmentRegistry != true)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.LockForSeedingAsync(Name, cancellationToken);
        if (await db.Businesses.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var company in Load().Companies)
        {
            await SeedAsync(company, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task SeedAsync(SeedCompany c, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var registeredAt = now.AddDays(-c.RegisteredDaysAgo);
        var address = RegistryInput.Address(c.Address, "address", errors);
        var codes = RegistryInput.Codes(c.ActivityCodes, "activityCodes", errors);
        var officers = c.Officers.Select((o, i) => RegistryInput.Officer(new OfficerRequest(o.Role, o.NationalId, o.GivenName, o.FamilyName, null), $"officers[{i}]", errors)).ToList();
        var owners = c.Owners.Select((o, i) => RegistryInput.Owner(new OwnerRequest(o.NationalId, o.GivenName, o.FamilyName, null, o.Shares, o.Voting, o.AppointsBoard), $"owners[{i}]", errors)).ToList();
        var form = RegistryInput.Enum<LegalForm>(c.LegalForm, "legalForm", errors, required: true);
        if (errors.Any || address is null || codes is null || form is null || BusinessName.From(c.Name) is not { } name)
        {
            throw new InvalidOperationException($"The development registry entry '{c.Name}' is invalid: {string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"))}");
        }

        var platform = new FilingActor(FilerKind.Platform, "development-seed");
        var number = await Register.NextNumberAsync(db, ct);
        var (business, incorporation) = Business.Register(
            Guid.CreateVersion7(registeredAt), number, name, form.Value, address, codes, c.ShareCapital.Amount ?? 0, c.ShareCapital.Currency ?? "EUR",
            c.FoundedOn, [.. officers.OfType<OfficerAppointment>()], [.. owners.OfType<OwnerNotice>()], new FilingActor(FilerKind.Registrar, "development-seed"), registeredAt);
        db.Businesses.Add(business);
        RegisterBusiness.Stage(db, business, incorporation, registeredAt);

        foreach (var seed in c.Filings.OrderByDescending(f => f.FiledDaysAgo))
        {
            var filedAt = now.AddDays(-seed.FiledDaysAgo);
            var filedOn = DateOnly.FromDateTime(filedAt.UtcDateTime);
            var request = seed.Filing with { EffectiveOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(seed.EffectiveInDays) };
            if (request.Kind is "NameChange" or "AnnualConfirmation")
            {
                request = request with { EffectiveOn = filedOn };
            }

            var instruction = FilingInput.Read(request, filedOn, errors) ?? throw new InvalidOperationException($"A seed filing of '{c.Name}' is invalid.");
            var outcome = BusinessFiling.Apply(business, instruction, platform, filedAt);
            var filing = outcome.Filing ?? throw new InvalidOperationException($"A seed filing of '{c.Name}' was refused: {outcome.Refusal!.Message}");
            BusinessFiling.Publish(db, business, filing, filedAt);
        }

        var director = business.Officers.First(o => o.Role == OfficerRole.Director);
        foreach (var m in c.Mandates)
        {
            var holder = new Representative(Enum.Parse<RepresentativeKind>(m.HolderKind), m.HolderId);
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var mandate = new Mandate(Guid.CreateVersion7(now), business.Id, holder, m.HolderName, [.. m.Scopes.Select(Enum.Parse<MandateScope>)],
                today, today.AddDays(m.ExpiresInDays), "development-seed", director.Id, m.Reason, now);
            db.Mandates.Add(mandate);
            db.Publish(new MandateGranted(number, mandate.Id, holder.Kind.ToString(), [.. mandate.Scopes.Select(s => s.ToString())], mandate.ValidFrom, mandate.ExpiresOn, now));
        }
    }
}
