using EGov.Agencies.Contracts;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EGov.Citizens.Persistence;

internal sealed class CitizensDb(DbContextOptions<CitizensDb> options, TimeProvider clock)
    : ModuleDbContext(options, CitizensModule.Descriptor.Schema, clock)
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
internal sealed class CitizensDbDesignTimeFactory : IDesignTimeDbContextFactory<CitizensDb>
{
    public CitizensDb CreateDbContext(string[] args) =>
        new(DesignTime.Options<CitizensDb>(CitizensModule.Descriptor.Schema), TimeProvider.System);
}
