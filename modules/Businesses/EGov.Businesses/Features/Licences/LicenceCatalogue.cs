using System.ComponentModel.DataAnnotations;
using EGov.BuildingBlocks.Documents;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Packages;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TextLanguages = EGov.BuildingBlocks.Texts.Languages;

namespace EGov.Businesses.Features.Licences;

internal sealed record LicenceFee(decimal Amount, string Currency);

internal sealed record LicenceTypeSummary(
    string Code,
    int Version,
    string AgencyCode,
    string? AgencyName,
    string Title,
    string Description,
    LicenceFee Fee,
    int DecisionWorkingDays,
    int ValidityMonths,
    int RenewalWindowDays,
    int ReminderDaysBefore);

internal sealed record LicenceTypeResponse(LicenceTypeSummary Type, FormView Form);

/// <summary>
/// The licence types of the platform, by code: the current version of each (the highest), every version by number
/// (applications keep the one they were filed against), and the shipped packages seeded into every deployment.
/// </summary>
internal static class LicenceCatalogue
{
    public static IQueryable<LicenceType> Current(BusinessesDb db) =>
        db.LicenceTypes.AsNoTracking().Where(t => t.Version == db.LicenceTypes.Where(x => x.Code == t.Code).Max(x => x.Version));

    public static Task<LicenceType?> CurrentAsync(BusinessesDb db, string code, CancellationToken ct) =>
        db.LicenceTypes.AsNoTracking().Where(t => t.Code == code).OrderByDescending(t => t.Version).FirstOrDefaultAsync(ct);

    public static Task<LicenceType> VersionAsync(BusinessesDb db, string code, int version, CancellationToken ct) =>
        db.LicenceTypes.AsNoTracking().SingleAsync(t => t.Code == code && t.Version == version, ct);

    /// <summary>The current versions of the types named by <paramref name="codes"/>, by code.</summary>
    public static async Task<Dictionary<string, LicenceType>> CurrentOfAsync(BusinessesDb db, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct(StringComparer.Ordinal).ToList();
        return await Current(db).Where(t => wanted.Contains(t.Code)).ToDictionaryAsync(t => t.Code, StringComparer.Ordinal, ct);
    }

    public static LicenceTypeSummary Summary(LicenceType type, string? agencyName, string language)
    {
        var d = type.Definition;
        return new LicenceTypeSummary(
            type.Code, type.Version, type.AgencyCode, agencyName, d.Title.In(language), d.Description.In(language),
            new LicenceFee(d.Fee.Amount, d.Fee.Currency), d.DeadlineDays, d.Validity.Months, d.Validity.RenewalWindowDays, d.Validity.ReminderDaysBefore);
    }

    public static void Map(IEndpointRouteBuilder module)
    {
        var types = module.MapGroup("/licence-types").RequireAccess(Access.Public);

        types.MapGet("/", async (BusinessesDb db, HttpRequest request, CancellationToken ct) =>
            {
                var current = await Current(db).OrderBy(t => t.Code).ToListAsync(ct);
                var names = await AgencyNamesAsync(db, current.Select(t => t.AgencyCode), ct);
                return TypedResults.Ok(current.Select(t => Summary(t, names.GetValueOrDefault(t.AgencyCode), LanguageOf(request, t))).ToList());
            })
            .WithName("ListLicenceTypes")
            .WithSummary("The licence types businesses may apply for")
            .WithDescription("Every licence and permit of the platform in its current version: issuing agency, fee, decision deadline in working days, validity in months, " +
                "renewal window and reminder. Texts in the language of `Accept-Language` when the type has it. Anyone may read it.");

        types.MapGet("/{code}", async Task<Results<Ok<LicenceTypeResponse>, ProblemHttpResult>> ([MaxLength(64)] string code, BusinessesDb db, HttpRequest request, CancellationToken ct) =>
            {
                if (await CurrentAsync(db, code, ct) is not { } type)
                {
                    return NotFound(code);
                }

                var language = LanguageOf(request, type);
                var names = await AgencyNamesAsync(db, [type.AgencyCode], ct);
                return TypedResults.Ok(new LicenceTypeResponse(Summary(type, names.GetValueOrDefault(type.AgencyCode), language), type.Definition.Form.In(language)));
            })
            .WithName("GetLicenceType")
            .WithSummary("One licence type with its application form")
            .WithDescription("The current version of the licence type and the form an application answers (pages, fields, rules).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        types.MapGet("/{code}/package", async Task<Results<ContentHttpResult, ProblemHttpResult>> ([MaxLength(64)] string code, BusinessesDb db, CancellationToken ct) =>
                await CurrentAsync(db, code, ct) is { } type
                    ? TypedResults.Text(LicenceTypePackage.Kind.Write(new Package<LicenceTypeDefinition>(type.Code, type.Version, type.Definition)), "application/json")
                    : NotFound(code))
            .WithName("ExportLicenceType")
            .WithSummary("The licence type as a g2b-licence-type package")
            .WithDescription("The current version as one JSON document that validates against the JSON Schema at `/openapi/packages/g2b-licence-type.json`.")
            .Produces<System.Text.Json.JsonElement>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static async Task<Dictionary<string, string>> AgencyNamesAsync(BusinessesDb db, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct(StringComparer.Ordinal).ToList();
        return await db.Agencies.AsNoTracking().Where(a => wanted.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, StringComparer.Ordinal, ct);
    }

    public static string LanguageOf(HttpRequest request, LicenceType type) => TextLanguages.Of(request, type.Definition.Title.Keys.ToList());

    private static ProblemHttpResult NotFound(string code) => Problems.NotFound($"There is no licence type {Shown(code)}.");

    /// <summary>A code as an answer may repeat it: only when it has the shape of one.</summary>
    public static string Shown(string? code) => PackageKind<LicenceTypeDefinition>.IsCode(code) ? $"'{code}'" : "with that code";
}

/// <summary>
/// The licence types every deployment starts with: the <c>g2b-licence-type</c> packages shipped with the module
/// (<c>Persistence/LicenceTypes/*.json</c>), inserted as version 1 when no type of that code exists. A type already
/// there is left as it is.
/// </summary>
internal sealed partial class LicenceTypeSeeder(BusinessesDb db, TimeProvider clock, ILogger<LicenceTypeSeeder> logger) : IModuleSeeder
{
    private const string ResourcePrefix = "EGov.Businesses.LicenceTypes.";

    public string Name => "g2b licence types";

    public static IReadOnlyList<Package<LicenceTypeDefinition>> Packages() =>
        LicenceTypePackage.Kind.ReadResources(typeof(LicenceTypeSeeder).Assembly, ResourcePrefix);

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var packages = Packages();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.LockForSeedingAsync($"{db.Schema}.licence_types", cancellationToken);
        var codes = packages.Select(p => p.Code).ToList();
        var existing = await db.LicenceTypes.Where(t => codes.Contains(t.Code)).Select(t => t.Code).Distinct().ToListAsync(cancellationToken);
        var seeder = Actor.System("licence-type-seed");
        var added = 0;
        foreach (var package in packages.Where(p => !existing.Contains(p.Code)))
        {
            db.LicenceTypes.Add(new LicenceType(package.Code, 1, package.Content, seeder.Id, clock.GetUtcNow()));
            db.Audit(seeder, "licence-type.seeded", "licence-type", package.Code, new { version = 1, package.Content.AgencyCode });
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (added > 0)
        {
            LogSeeded(logger, added);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} licence types into the G2B catalogue")]
    private static partial void LogSeeded(ILogger logger, int count);
}

/// <summary>
/// What G2B tells the platform's public check about its documents: the issuer's name from the module's copy of the
/// agency registry, and a licence's standing (suspended, expired, valid until its last day).
/// </summary>
internal sealed class LicenceDocumentIssuers(BusinessesDb db, TimeProvider clock) : IDocumentIssuers
{
    public async Task<string?> NameOfAsync(string agencyCode, CancellationToken cancellationToken) =>
        await db.Agencies.AsNoTracking().Where(a => a.Code == agencyCode).Select(a => a.Name).SingleOrDefaultAsync(cancellationToken);

    public async Task<DocumentStanding?> StandingOfAsync(IssuedDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        // By the verification code (the licences' unique index): the public check is the hot path.
        var licence = await db.Licences.AsNoTracking().SingleOrDefaultAsync(l => l.DocumentCode == document.VerificationCode, cancellationToken);
        if (licence is null)
        {
            // A document the licence no longer carries (replaced by a renewal) is withdrawn then; any other has no standing of its own.
            return null;
        }

        var status = licence.StatusOn(Register.Today(clock)) switch
        {
            LicenceStatus.Suspended => DocumentStatus.Suspended,
            LicenceStatus.Expired => DocumentStatus.Expired,
            _ => DocumentStatus.Valid,
        };
        return new DocumentStanding(status, licence.ValidUntil);
    }
}
