using System.Text.Json;
using EGov.Businesses.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EGov.Businesses.Features.Procurement;

/// <summary>The procurement tables of schema <c>g2b</c>: tenders, bids (sealed), published OCDS releases.</summary>
internal static class ProcurementModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tender>(e =>
        {
            e.ToTable("tenders");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedNever();
            e.Property(t => t.Ocid).HasMaxLength(80);
            e.HasIndex(t => t.Ocid).IsUnique();
            e.Property(t => t.AgencyCode).HasMaxLength(16);
            e.HasIndex(t => t.AgencyCode);
            e.Property(t => t.Title).HasMaxLength(ProcurementInput.MaxTitle);
            e.Property(t => t.Description).HasMaxLength(ProcurementInput.MaxDescription);
            e.Property(t => t.Currency).HasMaxLength(3);
            e.Property(t => t.EstimatedValue).HasPrecision(18, 2);
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.PublishedBy).HasMaxLength(200);
            JsonColumn(e.Property(t => t.CpvCodes));
            JsonColumn(e.Property(t => t.Lots));
            JsonColumn(e.Property(t => t.Criteria));
            JsonColumn(e.Property(t => t.Openings));
            JsonColumn(e.Property(t => t.Evaluations));
            JsonColumn(e.Property(t => t.Awards));
            JsonColumn(e.Property(t => t.Contracts));
            JsonColumn(e.Property(t => t.Enquiries));
            JsonColumn(e.Property(t => t.Amendments));
            JsonColumn(e.Property(t => t.Complaints));
            JsonColumn(e.Property(t => t.ContractAmendments));
            e.Property(t => t.Version).IsRowVersion();
        });

        modelBuilder.Entity<Bid>(e =>
        {
            e.ToTable("bids");
            e.HasKey(b => b.Id);
            e.Property(b => b.Id).ValueGeneratedNever();
            e.Property(b => b.LotId).HasMaxLength(20);
            e.Property(b => b.BusinessNumber).HasMaxLength(20);
            e.Property(b => b.Sha256).HasMaxLength(64);
            e.Property(b => b.SubmittedBy).HasMaxLength(200);
            e.Property(b => b.OpenedAmount).HasPrecision(18, 2);
            e.Property(b => b.OpenedCurrency).HasMaxLength(3);
            e.Property(b => b.OpenedProposal).HasMaxLength(Bid.MaxProposalLength);
            e.Ignore(b => b.Sealed);
            e.Ignore(b => b.Active);
            e.Property(b => b.Version).IsRowVersion();
            e.HasIndex(b => new { b.TenderId, b.LotId, b.BusinessId }).IsUnique();
            e.HasOne<Tender>().WithMany().HasForeignKey(b => b.TenderId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<ProcurementRelease>(e =>
        {
            e.ToTable("ocds_releases");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasMaxLength(160);
            e.Property(r => r.Ocid).HasMaxLength(80);
            e.Property(r => r.Tag).HasMaxLength(40);
            e.HasIndex(r => new { r.Ocid, r.Date });
            e.HasIndex(r => new { r.Date, r.Id });
        });
    }

    internal static void JsonColumn<T>(PropertyBuilder<List<T>> property) =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, Json),
            s => JsonSerializer.Deserialize<List<T>>(s, Json) ?? new List<T>(),
            new ValueComparer<List<T>>(
                (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, Json), Json)!));
}
