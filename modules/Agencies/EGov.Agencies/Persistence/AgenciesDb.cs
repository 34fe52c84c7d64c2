using EGov.Agencies.Domain;
using EGov.Agencies.Domain.Exchange;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EGov.Agencies.Persistence;

internal sealed class AgenciesDb(DbContextOptions<AgenciesDb> options, TimeProvider clock)
    : ModuleDbContext(options, AgenciesModule.Descriptor.Schema, clock)
{
    public DbSet<Agency> Agencies => Set<Agency>();

    public DbSet<DataService> DataServices => Set<DataService>();

    public DbSet<AccessRight> AccessRights => Set<AccessRight>();

    public DbSet<MessageLogRow> MessageLog => Set<MessageLogRow>();

    public DbSet<LogBatchRow> LogBatches => Set<LogBatchRow>();

    public DbSet<UsedMessageId> UsedMessageIds => Set<UsedMessageId>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Agency>(e =>
        {
            e.ToTable("agencies");
            e.HasKey(a => a.Code);
            e.Property(a => a.Code).HasMaxLength(16);
            e.Property(a => a.Name).HasMaxLength(Agency.MaxNameLength);
            e.Property(a => a.Level).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.ParentCode).HasMaxLength(16);
            e.Property(a => a.ContactEmail).HasMaxLength(Agency.MaxEmailLength);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasOne<Agency>().WithMany().HasForeignKey(a => a.ParentCode).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => a.Level);
        });

        modelBuilder.MapIdempotencyRecords();
        ExchangeModel.Map(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host.</summary>
internal sealed class AgenciesDbDesignTimeFactory : IDesignTimeDbContextFactory<AgenciesDb>
{
    public AgenciesDb CreateDbContext(string[] args) =>
        new(DesignTime.Options<AgenciesDb>(AgenciesModule.Descriptor.Schema), TimeProvider.System);
}
