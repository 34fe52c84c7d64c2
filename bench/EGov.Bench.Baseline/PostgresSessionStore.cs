using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace EGov.Bench.Baseline;

/// <summary>One row per draft, the fields as jsonb; the session is the citizen's drafts (last activity = newest save).</summary>
internal sealed class DraftRow
{
    public required string Subject { get; set; }

    public required string ServiceCode { get; set; }

    public required string Fields { get; set; }

    public int FieldCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}

/// <summary>One row per power to act: representative and business.</summary>
internal sealed class PowerRow
{
    public required string Subject { get; set; }

    public required string Number { get; set; }
}

internal sealed class SavedDraft
{
    public required string Fields { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset SavedAt { get; init; }
}

internal sealed class SessionDb(DbContextOptions<SessionDb> options) : DbContext(options)
{
    public DbSet<DraftRow> Drafts => Set<DraftRow>();

    public DbSet<PowerRow> Powers => Set<PowerRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PowerRow>(power =>
        {
            power.ToTable("bench_powers");
            power.HasKey(p => new { p.Subject, p.Number });
            power.Property(p => p.Subject).HasColumnName("subject");
            power.Property(p => p.Number).HasColumnName("number");
        });
        modelBuilder.Entity<DraftRow>(Draft);
    }

    private static void Draft(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<DraftRow> draft)
    {
        draft.ToTable("bench_drafts");
        draft.HasKey(d => new { d.Subject, d.ServiceCode });
        draft.Property(d => d.Subject).HasColumnName("subject");
        draft.Property(d => d.ServiceCode).HasColumnName("service_code");
        draft.Property(d => d.Fields).HasColumnName("fields").HasColumnType("jsonb");
        draft.Property(d => d.FieldCount).HasColumnName("field_count");
        draft.Property(d => d.CreatedAt).HasColumnName("created_at");
        draft.Property(d => d.SavedAt).HasColumnName("saved_at");
    }
}

/// <summary>
/// Sessions in PostgreSQL through EF Core: pooled contexts, compiled no-tracking reads, and a save that is one
/// INSERT … ON CONFLICT DO UPDATE merging the jsonb fields (atomic, one round trip, durable on commit like the grain's write).
/// </summary>
internal sealed class PostgresSessionStore(SessionDb db, TimeProvider clock) : ISessionStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS bench_drafts (
            subject text NOT NULL,
            service_code text NOT NULL,
            fields jsonb NOT NULL,
            field_count integer NOT NULL,
            created_at timestamptz NOT NULL,
            saved_at timestamptz NOT NULL,
            PRIMARY KEY (subject, service_code));
        CREATE TABLE IF NOT EXISTS bench_powers (
            subject text NOT NULL,
            number text NOT NULL,
            PRIMARY KEY (subject, number))
        """;

    private static readonly Func<SessionDb, string, IAsyncEnumerable<DraftSummaryResponse>> Summaries = EF.CompileAsyncQuery(
        (SessionDb db, string subject) => db.Drafts
            .Where(d => d.Subject == subject)
            .OrderByDescending(d => d.SavedAt)
            .Select(d => new DraftSummaryResponse(d.ServiceCode, d.FieldCount, d.SavedAt)));

    private static readonly Func<SessionDb, string, string, Task<DraftRow?>> Draft = EF.CompileAsyncQuery(
        (SessionDb db, string subject, string serviceCode) => db.Drafts.AsNoTracking()
            .FirstOrDefault(d => d.Subject == subject && d.ServiceCode == serviceCode));

    public async Task<SessionResponse> GetSessionAsync(string subject)
    {
        var drafts = new List<DraftSummaryResponse>();
        await foreach (var draft in Summaries(db, subject))
        {
            drafts.Add(draft);
        }

        return new SessionResponse(drafts.Count == 0 ? null : drafts[0].SavedAt, 0, drafts);
    }

    public async Task<DraftResponse> SaveDraftAsync(string subject, string serviceCode, IReadOnlyDictionary<string, string> fields)
    {
        // Field names are validated ([A-Za-z][A-Za-z0-9_]*) and values are JSON already: no escaping needed.
        var json = new StringBuilder("{");
        foreach (var (name, value) in fields)
        {
            json.Append(json.Length > 1 ? ",\"" : "\"").Append(name).Append("\":").Append(value);
        }

        var document = json.Append('}').ToString();
        var now = clock.GetUtcNow();
        var saved = await db.Database.SqlQuery<SavedDraft>($"""
            INSERT INTO bench_drafts AS d (subject, service_code, fields, field_count, created_at, saved_at)
            VALUES ({subject}, {serviceCode}, {document}::jsonb, {fields.Count}, {now}, {now})
            ON CONFLICT (subject, service_code) DO UPDATE
            SET fields = d.fields || excluded.fields,
                field_count = (SELECT count(*) FROM jsonb_object_keys(d.fields || excluded.fields)),
                saved_at = excluded.saved_at
            RETURNING d.fields::text AS "Fields", d.created_at AS "CreatedAt", d.saved_at AS "SavedAt"
            """).ToListAsync();
        return Response(serviceCode, saved[0].Fields, saved[0].CreatedAt, saved[0].SavedAt);
    }

    public async Task<DraftResponse?> GetDraftAsync(string subject, string serviceCode) =>
        await Draft(db, subject, serviceCode) is { } row ? Response(serviceCode, row.Fields, row.CreatedAt, row.SavedAt) : null;

    public async Task<bool> DeleteDraftAsync(string subject, string serviceCode) =>
        await db.Drafts.Where(d => d.Subject == subject && d.ServiceCode == serviceCode).ExecuteDeleteAsync() > 0;

    private static DraftResponse Response(string serviceCode, string fields, DateTimeOffset createdAt, DateTimeOffset savedAt)
    {
        using var document = JsonDocument.Parse(fields);
        return new DraftResponse(serviceCode,
            document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal), createdAt, savedAt);
    }
}

/// <summary>The powers as rows of <c>bench_powers</c>, looked up with a compiled EF Core query on its primary key.</summary>
internal sealed class PostgresPowerStore(SessionDb db) : IPowerStore
{
    private static readonly Func<SessionDb, string, string, Task<bool>> Holds = EF.CompileAsyncQuery(
        (SessionDb db, string subject, string number) => db.Powers.Any(p => p.Subject == subject && p.Number == number));

    public async Task GrantAsync(IReadOnlyList<(string Subject, string Number)> powers)
    {
        foreach (var batch in powers.Chunk(1000))
        {
            db.Powers.AddRange(batch.Select(p => new PowerRow { Subject = p.Subject, Number = p.Number }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    public Task<bool> HoldsAsync(string subject, string number) => Holds(db, subject, number);
}
