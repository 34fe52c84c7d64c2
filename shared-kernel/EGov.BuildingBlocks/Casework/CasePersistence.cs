using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EGov.BuildingBlocks.Casework;

/// <summary>How a module maps its case type and the case timeline into its own schema.</summary>
public static class CasePersistence
{
    /// <summary>
    /// Maps the columns every case has (on the module's case table) and the timeline table
    /// (<paramref name="timelineTable"/>, its case column <paramref name="caseIdColumn"/>). The module maps what it adds.
    /// </summary>
    public static EntityTypeBuilder<TCase> MapCase<TCase>(
        this EntityTypeBuilder<TCase> entity, ModelBuilder model, string timelineTable, string caseIdColumn)
        where TCase : CaseRecord
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(model);
        entity.HasKey(c => c.Id);
        entity.Property(c => c.Id).ValueGeneratedNever();
        entity.Property(c => c.Reference).HasMaxLength(24);
        entity.HasIndex(c => c.Reference).IsUnique();
        entity.Property(c => c.AgencyCode).HasMaxLength(20);
        entity.Property(c => c.State).HasColumnName("status").HasMaxLength(40);
        entity.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(20);
        entity.Property(c => c.AssignedTo).HasMaxLength(200);
        entity.Property(c => c.DecisionReasons).HasMaxLength(CaseRecord.MaxMessageLength);
        entity.Property(c => c.PendingTransition).HasMaxLength(40);
        entity.Property(c => c.PendingApprovedBy).HasMaxLength(200);
        entity.Property(c => c.RowVersion).IsRowVersion();
        entity.Ignore(c => c.Applicant);
        entity.Ignore(c => c.Deadline);
        entity.Ignore(c => c.IsOpen);
        entity.HasIndex(c => new { c.AgencyCode, c.State });
        entity.HasMany(c => c.Timeline).WithOne().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        entity.Navigation(c => c.Timeline).UsePropertyAccessMode(PropertyAccessMode.Field);

        model.Entity<CaseTimelineEntry>(t =>
        {
            t.ToTable(timelineTable);
            t.HasKey(e => e.Id);
            t.Property(e => e.Id).ValueGeneratedNever();
            t.Property(e => e.CaseId).HasColumnName(caseIdColumn);
            t.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
            t.Property(e => e.Transition).HasMaxLength(40);
            t.Property(e => e.State).HasMaxLength(40);
            t.Property(e => e.Actor).HasConversion<string>().HasMaxLength(20);
            t.Property(e => e.Message).HasMaxLength(CaseRecord.MaxMessageLength);
            t.HasIndex(e => new { e.CaseId, e.OccurredAt });
        });
        return entity;
    }
}

/// <summary>Human reference numbers of cases: <c>&lt;MODULE&gt;-&lt;year&gt;-&lt;6 digits&gt;</c>, one sequence per module.</summary>
public static class CaseReferences
{
    /// <summary>Declares the module's reference sequence in its model.</summary>
    public static ModelBuilder HasCaseReferenceSequence(this ModelBuilder model, string sequence)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.HasSequence<long>(sequence).StartsAt(1).IncrementsBy(1);
        return model;
    }

    /// <summary>The next reference: never reused, gaps possible when a transaction rolls back.</summary>
    public static async Task<string> NextAsync(DbContext db, string schema, string sequence, string moduleCode, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);

        // Schema and sequence are constants of the module (identifiers), never input.
        var sql = $"SELECT nextval('{schema}.{sequence}') AS \"Value\"";
        var number = await db.Database.SqlQueryRaw<long>(sql).SingleAsync(ct);
        return Format(moduleCode, now.Year, number);
    }

    public static string Format(string moduleCode, int year, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{moduleCode.ToUpperInvariant()}-{year}-{number:D6}");
}
