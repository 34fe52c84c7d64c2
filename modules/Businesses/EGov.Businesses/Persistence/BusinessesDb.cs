using EGov.Agencies.Contracts;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EGov.Businesses.Persistence;

internal sealed class BusinessesDb(DbContextOptions<BusinessesDb> options, TimeProvider clock)
    : ModuleDbContext(options, BusinessesModule.Descriptor.Schema, clock)
{
    /// <summary>Local copy of the agency registry (from AgencyRegistered / AgencyUpdated).</summary>
    public DbSet<AgencyCopy> Agencies => Set<AgencyCopy>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AgencyCopy>(e =>
        {
            e.ToTable("agencies");
            e.HasKey(a => a.Code);
        });
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host.</summary>
internal sealed class BusinessesDbDesignTimeFactory : IDesignTimeDbContextFactory<BusinessesDb>
{
    public BusinessesDb CreateDbContext(string[] args) =>
        new(DesignTime.Options<BusinessesDb>(BusinessesModule.Descriptor.Schema), TimeProvider.System);
}
