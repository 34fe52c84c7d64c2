using EGov.Agencies.Contracts;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EGov.Employees.Persistence;

internal sealed class EmployeesDb(DbContextOptions<EmployeesDb> options, TimeProvider clock)
    : ModuleDbContext(options, EmployeesModule.Descriptor.Schema, clock)
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
internal sealed class EmployeesDbDesignTimeFactory : IDesignTimeDbContextFactory<EmployeesDb>
{
    public EmployeesDb CreateDbContext(string[] args) =>
        new(DesignTime.Options<EmployeesDb>(EmployeesModule.Descriptor.Schema), TimeProvider.System);
}
