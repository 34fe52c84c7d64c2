using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Documents;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Procurement;
using Microsoft.EntityFrameworkCore;

namespace EGov.Businesses.Features.Licences;

/// <summary>The licensing tables of schema <c>g2b</c>: licence types (packages by version), applications (cases) with their timeline, licences, signed documents.</summary>
internal static class LicensingModel
{
    /// <summary>The sequence of application references (<c>G2B-2026-000001</c>).</summary>
    public const string ApplicationSequence = "licence_application_seq";

    /// <summary>The sequence of licence numbers (<c>LIC-2026-000001</c>).</summary>
    public const string LicenceSequence = "licence_number_seq";

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.HasCaseReferenceSequence(ApplicationSequence);
        modelBuilder.HasCaseReferenceSequence(LicenceSequence);
        modelBuilder.MapIssuedDocuments("documents");

        modelBuilder.Entity<LicenceType>(e =>
        {
            e.ToTable("licence_types");
            e.HasKey(t => new { t.Code, t.Version });
            e.Property(t => t.Code).HasMaxLength(64);
            e.Property(t => t.AgencyCode).HasMaxLength(16);
            e.Property(t => t.PackageJson).HasColumnType("jsonb");
            e.Property(t => t.PublishedBy).HasMaxLength(200);
            e.Ignore(t => t.Definition);
        });

        modelBuilder.Entity<LicenceApplication>(e =>
        {
            e.ToTable("licence_applications");
            e.MapCase(modelBuilder, "licence_application_timeline", "application_id");
            e.Property(a => a.BusinessNumber).HasMaxLength(20);
            e.Property(a => a.LicenceTypeCode).HasMaxLength(64);
            e.Property(a => a.Purpose).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.Answers).HasColumnType("jsonb");
            e.Property(a => a.FiledBy).HasMaxLength(200);
            e.HasIndex(a => new { a.BusinessId, a.SubmittedAt });

            // One open application per business, licence type and purpose: two filed at once cannot both be saved.
            e.HasIndex(a => new { a.BusinessId, a.LicenceTypeCode, a.Purpose }).IsUnique().HasFilter("closed_at IS NULL").HasDatabaseName("ux_licence_applications_open");
            e.HasIndex(a => a.LicenceId);
        });

        modelBuilder.Entity<Licence>(e =>
        {
            e.ToTable("licences");
            e.HasKey(l => l.Id);
            e.Property(l => l.Id).ValueGeneratedNever();
            e.Property(l => l.Number).HasMaxLength(24);
            e.HasIndex(l => l.Number).IsUnique();
            e.Property(l => l.LicenceTypeCode).HasMaxLength(64);
            e.Property(l => l.AgencyCode).HasMaxLength(16);
            e.Property(l => l.BusinessNumber).HasMaxLength(20);
            e.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(l => l.StatusReason).HasMaxLength(Licence.MaxReasonLength);
            e.Property(l => l.DocumentCode).HasMaxLength(20);
            e.HasIndex(l => l.DocumentCode).IsUnique();
            ProcurementModel.JsonColumn(e.Property(l => l.History));
            e.Property(l => l.RowVersion).IsRowVersion();
            e.HasIndex(l => new { l.BusinessId, l.LicenceTypeCode });
            e.HasIndex(l => new { l.Status, l.ValidUntil });
            e.HasIndex(l => new { l.AgencyCode, l.Status });
        });
    }
}
