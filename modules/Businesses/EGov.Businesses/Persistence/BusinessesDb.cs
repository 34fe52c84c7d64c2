using System.Text.Json;
using EGov.Agencies.Contracts;
using EGov.BuildingBlocks.Notices;
using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Licences;
using EGov.Businesses.Features.Procurement;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace EGov.Businesses.Persistence;

internal sealed class BusinessesDb(DbContextOptions<BusinessesDb> options, TimeProvider clock)
    : ModuleDbContext(options, BusinessesModule.Descriptor.Schema, clock)
{
    /// <summary>The sequence of registration numbers (<c>BRN-</c> and the next value).</summary>
    public const string NumberSequence = "business_number_seq";

    /// <summary>The shadow property of a business's full-text vector over its folded name (GIN-indexed).</summary>
    public const string SearchVector = "SearchVector";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Local copy of the agency registry (from AgencyRegistered / AgencyUpdated).</summary>
    public DbSet<AgencyCopy> Agencies => Set<AgencyCopy>();

    public DbSet<Business> Businesses => Set<Business>();

    public DbSet<Officer> Officers => Set<Officer>();

    public DbSet<BeneficialOwner> Owners => Set<BeneficialOwner>();

    public DbSet<Filing> Filings => Set<Filing>();

    public DbSet<Mandate> Mandates => Set<Mandate>();

    public DbSet<Tender> Tenders => Set<Tender>();

    public DbSet<Bid> Bids => Set<Bid>();

    public DbSet<ProcurementRelease> ProcurementReleases => Set<ProcurementRelease>();

    public DbSet<LicenceType> LicenceTypes => Set<LicenceType>();

    public DbSet<LicenceApplication> LicenceApplications => Set<LicenceApplication>();

    public DbSet<Licence> Licences => Set<Licence>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.MapIdempotencyRecords();
        modelBuilder.HasSequence<long>(NumberSequence).StartsAt(100001);
        modelBuilder.MapNotices();
        modelBuilder.MapNoticeTemplates();

        modelBuilder.Entity<AgencyCopy>(e =>
        {
            e.ToTable("agencies");
            e.HasKey(a => a.Code);
        });

        modelBuilder.Entity<Business>(e =>
        {
            e.ToTable("businesses");
            e.HasKey(b => b.Id);
            e.Property(b => b.Number).HasMaxLength(20);
            e.HasIndex(b => b.Number).IsUnique();
            e.Property(b => b.Name).HasMaxLength(BusinessName.MaxLength);
            e.Property(b => b.NameKey).HasMaxLength(BusinessName.MaxLength * 2);
            e.HasIndex(b => b.NameKey).IsUnique();
            e.Property(b => b.LegalForm).HasConversion<string>().HasMaxLength(40);
            e.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(b => b.ShareCapital).HasPrecision(18, 2);
            e.Property(b => b.ShareCapitalCurrency).HasMaxLength(3);
            e.Property(b => b.Version).IsRowVersion();
            e.Property<NpgsqlTsVector>(SearchVector).IsRequired().IsGeneratedTsVectorColumn("simple", nameof(Business.NameKey));
            e.HasIndex(SearchVector).HasMethod("GIN");
            e.HasIndex(b => b.ConfirmationDueOn);
            e.HasMany(b => b.Officers).WithOne().HasForeignKey(o => o.BusinessId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(b => b.Owners).WithOne().HasForeignKey(o => o.BusinessId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(b => b.Addresses).WithOne().HasForeignKey(a => a.BusinessId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(b => b.Filings).WithOne().HasForeignKey(f => f.BusinessId).OnDelete(DeleteBehavior.Restrict);
            e.Navigation(b => b.Officers).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Navigation(b => b.Owners).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Navigation(b => b.Addresses).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Navigation(b => b.Filings).UsePropertyAccessMode(PropertyAccessMode.Field);
        });

        modelBuilder.Entity<Officer>(e =>
        {
            e.ToTable("officers");
            e.HasKey(o => o.Id);
            e.Property(o => o.Id).ValueGeneratedNever();
            e.Property(o => o.Role).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.NationalId).HasMaxLength(32);
            e.Property(o => o.GivenName).HasMaxLength(100);
            e.Property(o => o.FamilyName).HasMaxLength(100);
            AddressColumn(e.Property(o => o.HomeAddress));
            e.HasIndex(o => o.NationalId);
            e.Ignore(o => o.Name);
        });

        modelBuilder.Entity<BeneficialOwner>(e =>
        {
            e.ToTable("beneficial_owners");
            e.HasKey(o => o.Id);
            e.Property(o => o.Id).ValueGeneratedNever();
            e.Property(o => o.NationalId).HasMaxLength(32);
            e.Property(o => o.GivenName).HasMaxLength(100);
            e.Property(o => o.FamilyName).HasMaxLength(100);
            e.Property(o => o.Shares).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.Voting).HasConversion<string>().HasMaxLength(20);
            AddressColumn(e.Property(o => o.HomeAddress));
            e.Ignore(o => o.Name);
        });

        modelBuilder.Entity<RegisteredAddress>(e =>
        {
            e.ToTable("registered_addresses");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).ValueGeneratedNever();
            RequiredAddressColumn(e.Property(a => a.Address)).IsRequired();
            e.HasIndex(a => new { a.BusinessId, a.EffectiveFrom });
        });

        modelBuilder.Entity<Filing>(e =>
        {
            e.ToTable("filings");
            e.HasKey(f => f.Id);
            e.Property(f => f.Id).ValueGeneratedNever();
            e.Property(f => f.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(f => f.FiledAs).HasConversion<string>().HasMaxLength(20);
            e.Property(f => f.FiledBy).HasMaxLength(200);
            e.Property(f => f.Details).HasColumnType("jsonb");
            e.HasIndex(f => new { f.BusinessId, f.Sequence }).IsUnique();
            e.HasOne<Filing>().WithMany().HasForeignKey(f => f.Corrects).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Mandate>(e =>
        {
            e.ToTable("mandates");
            e.HasKey(m => m.Id);
            e.Property(m => m.HolderKind).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.HolderId).HasMaxLength(200);
            e.Property(m => m.HolderName).HasMaxLength(200);
            e.Property(m => m.Scopes)
                .HasConversion(
                    v => string.Join(',', v),
                    v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<MandateScope>).ToList(),
                    new ValueComparer<List<MandateScope>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToList()))
                .HasMaxLength(200);
            e.Property(m => m.GrantedBy).HasMaxLength(200);
            e.Property(m => m.GrantReason).HasMaxLength(500);
            e.Property(m => m.RevokedBy).HasMaxLength(200);
            e.Property(m => m.RevocationReason).HasMaxLength(500);
            e.Property(m => m.Version).IsRowVersion();
            e.HasIndex(m => new { m.HolderKind, m.HolderId });
            e.HasIndex(m => m.BusinessId);
            e.HasOne<Business>().WithMany().HasForeignKey(m => m.BusinessId).OnDelete(DeleteBehavior.Restrict);
        });

        ProcurementModel.Configure(modelBuilder);
        LicensingModel.Configure(modelBuilder);
    }

    private static PropertyBuilder<Address?> AddressColumn(PropertyBuilder<Address?> property) =>
        property.HasColumnType("jsonb").HasConversion(
            a => a == null ? null : JsonSerializer.Serialize(a, Json),
            s => s == null ? null : JsonSerializer.Deserialize<Address>(s, Json));

    private static PropertyBuilder<Address> RequiredAddressColumn(PropertyBuilder<Address> property) =>
        property.HasColumnType("jsonb").HasConversion(
            a => JsonSerializer.Serialize(a, Json),
            s => JsonSerializer.Deserialize<Address>(s, Json)!);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host.</summary>
internal sealed class BusinessesDbDesignTimeFactory : IDesignTimeDbContextFactory<BusinessesDb>
{
    public BusinessesDb CreateDbContext(string[] args) =>
        new(DesignTime.Options<BusinessesDb>(BusinessesModule.Descriptor.Schema), TimeProvider.System);
}
