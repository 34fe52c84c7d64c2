using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EGov.Businesses.Domain;
using EGov.Businesses.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EGov.Businesses.Features.Registry;

/// <summary>A company already registered under a name that compares equal (without case and diacritics).</summary>
internal sealed record NameClash(string Number, string Name);

/// <summary>Reads and locks of the register shared by its features.</summary>
internal static class Register
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The business with all it holds (officers, owners, addresses, the ledger), tracked for a change or not.</summary>
    public static Task<Business?> LoadAsync(BusinessesDb db, string number, bool track, CancellationToken ct)
    {
        var query = db.Businesses
            .Include(b => b.Officers)
            .Include(b => b.Owners)
            .Include(b => b.Addresses)
            .Include(b => b.Filings)
            .AsSplitQuery();
        return (track ? query : query.AsNoTracking()).SingleOrDefaultAsync(b => b.Number == number, ct);
    }

    public static bool IsNumber(string? number) =>
        number is { Length: >= 10 and <= 20 } && number.StartsWith("BRN-", StringComparison.Ordinal) && number[4..].All(char.IsAsciiDigit);

    public static string FormatNumber(long value) => string.Create(CultureInfo.InvariantCulture, $"BRN-{value:D6}");

    /// <summary>The next registration number; schema and sequence are constants of the module, never input.</summary>
    public static async Task<string> NextNumberAsync(BusinessesDb db, CancellationToken ct) =>
        FormatNumber(await db.Database.SqlQueryRaw<long>(NextNumberSql).SingleAsync(ct));

    private static readonly string NextNumberSql = $"SELECT nextval('{BusinessesModule.Descriptor.Schema}.{BusinessesDb.NumberSequence}') AS \"Value\"";

    /// <summary>
    /// Makes registrations and renames of one name take turns until the transaction ends, so the clash check and the
    /// insert see the same register (the unique index stays the last word).
    /// </summary>
    public static Task LockNameAsync(BusinessesDb db, BusinessName name, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [AdvisoryLockKey.For("g2b-name:" + name.Key)], ct);

    public static async Task<NameClash?> ClashAsync(BusinessesDb db, BusinessName name, CancellationToken ct) =>
        await db.Businesses.AsNoTracking().Where(b => b.NameKey == name.Key).Select(b => new NameClash(b.Number, b.Name)).SingleOrDefaultAsync(ct);

    public static ProblemHttpResult Conflict(NameClash clash) =>
        Problems.Conflict(
            $"The name is taken: {clash.Name} ({clash.Number}) compares equal without case and diacritics.",
            new Dictionary<string, object?> { ["clashingBusiness"] = clash });

    /// <summary>Today by the platform clock (UTC).</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
