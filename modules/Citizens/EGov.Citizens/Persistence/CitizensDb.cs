using EGov.Agencies.Contracts;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Documents;
using EGov.BuildingBlocks.Notices;
using EGov.Citizens.Domain;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using NpgsqlTypes;

namespace EGov.Citizens.Persistence;

internal sealed class CitizensDb(DbContextOptions<CitizensDb> options, TimeProvider clock)
    : ModuleDbContext(options, CitizensModule.Descriptor.Schema, clock)
{
    public const string ReferenceSequence = "application_reference_seq";

    /// <summary>
    /// The shadow property of a disclosure request's full-text search vector: a column PostgreSQL generates from
    /// title, question and answer (GIN-indexed), read in queries as <c>EF.Property&lt;NpgsqlTsVector&gt;(d, SearchVector)</c>.
    /// </summary>
    public const string SearchVector = "SearchVector";

    /// <summary>Local copy of the agency registry (from AgencyRegistered / AgencyUpdated).</summary>
    public DbSet<AgencyCopy> Agencies => Set<AgencyCopy>();

    public DbSet<CatalogueService> Services => Set<CatalogueService>();

    public DbSet<CitizenProfile> Citizens => Set<CitizenProfile>();

    public DbSet<Application> Applications => Set<Application>();

    public DbSet<CaseTimelineEntry> ApplicationTimeline => Set<CaseTimelineEntry>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    /// <summary>The platform's document records (<see cref="DocumentsModel.MapIssuedDocuments"/>) G2C issued, in <c>g2c.documents</c>.</summary>
    public DbSet<IssuedDocument> Documents => Set<IssuedDocument>();

    public DbSet<DisclosureRequest> DisclosureRequests => Set<DisclosureRequest>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.MapIdempotencyRecords();
        modelBuilder.HasCaseReferenceSequence(ReferenceSequence);

        modelBuilder.Entity<AgencyCopy>(e =>
        {
            e.ToTable("agencies");
            e.HasKey(a => a.Code);
        });

        modelBuilder.Entity<CatalogueService>(e =>
        {
            e.ToTable("services");
            e.HasKey(s => new { s.Code, s.Version });
            e.Property(s => s.Code).HasMaxLength(64);
            e.Property(s => s.AgencyCode).HasMaxLength(20);
            e.Property(s => s.FeeAmount).HasPrecision(12, 2);
            e.Property(s => s.FeeCurrency).HasMaxLength(3);
            ServiceColumns.Map(e);
            e.Property(s => s.CreatedBy).HasMaxLength(200);
            e.HasIndex(s => s.Code).IsUnique().HasFilter("is_current").HasDatabaseName("ix_services_current");
        });

        modelBuilder.Entity<CitizenProfile>(e =>
        {
            e.ToTable("citizens");
            e.HasKey(c => c.Subject);
            e.Property(c => c.Subject).HasMaxLength(200);
            e.Property(c => c.NationalId).HasMaxLength(50);
            e.Property(c => c.GivenName).HasMaxLength(200);
            e.Property(c => c.FamilyName).HasMaxLength(200);
            e.Property(c => c.Email).HasMaxLength(320);
            e.Property(c => c.Language).HasMaxLength(5);
            e.HasIndex(c => c.NationalId);
            e.Ignore(c => c.DisplayName);
        });

        modelBuilder.Entity<Application>(e =>
        {
            e.ToTable("applications");
            e.MapCase(modelBuilder, "application_events", "application_id");
            e.Property(a => a.CitizenSubject).HasMaxLength(200);
            e.Property(a => a.ServiceCode).HasMaxLength(64);
            e.Property(a => a.Fields).HasColumnType("jsonb");
            e.HasIndex(a => new { a.CitizenSubject, a.SubmittedAt });
            e.HasOne<CatalogueService>().WithMany().HasForeignKey(a => new { a.ServiceCode, a.ServiceVersion }).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Attachment>(e =>
        {
            e.ToTable("attachments");
            e.HasKey(a => a.Id);
            e.Property(a => a.FileName).HasMaxLength(255);
            e.Property(a => a.ContentType).HasMaxLength(100);
            e.Property(a => a.Sha256).HasMaxLength(64);
            e.HasOne<Application>().WithMany().HasForeignKey(a => a.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        });

        // The citizens' inboxes and the message templates (building block Notices).
        modelBuilder.MapNotices();
        modelBuilder.MapNoticeTemplates();

        // The platform's document records in g2c.documents; G2C adds its own rules: a document is about an
        // application, and an application has at most one (two approvals at once: the second save fails on it).
        modelBuilder.MapIssuedDocuments("documents");
        modelBuilder.Entity<IssuedDocument>(e =>
        {
            e.HasIndex(d => d.CaseId).IsUnique().HasDatabaseName("ix_documents_application_id");
            e.HasOne<Application>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<DisclosureRequest>(e =>
        {
            e.ToTable("disclosure_requests");
            e.HasKey(d => d.Id);
            e.Property(d => d.CitizenSubject).HasMaxLength(200);
            e.Property(d => d.AgencyCode).HasMaxLength(20);
            e.Property(d => d.Title).HasMaxLength(200);
            e.Property(d => d.Question).HasMaxLength(4000);
            e.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.Answer).HasMaxLength(8000);
            e.Property(d => d.AnsweredBy).HasMaxLength(200);
            e.Property(d => d.RowVersion).IsRowVersion();
            e.Property<NpgsqlTsVector>(SearchVector).IsRequired()
                .IsGeneratedTsVectorColumn("english", nameof(DisclosureRequest.Title), nameof(DisclosureRequest.Question), nameof(DisclosureRequest.Answer));
            e.HasIndex(SearchVector).HasMethod("GIN");
            e.HasIndex(d => new { d.CitizenSubject, d.SubmittedAt });
            e.HasIndex(d => new { d.AgencyCode, d.Status });
        });
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host.</summary>
internal sealed class CitizensDbDesignTimeFactory : IDesignTimeDbContextFactory<CitizensDb>
{
    public CitizensDb CreateDbContext(string[] args) =>
        new(DesignTime.Options<CitizensDb>(CitizensModule.Descriptor.Schema), TimeProvider.System);
}
