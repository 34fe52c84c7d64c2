using BrokenPlatform.Permits.Domain;
using Microsoft.EntityFrameworkCore;

namespace BrokenPlatform.Permits.Persistence;

/// <summary>Compliant: an internal DbContext is all EF Core needs.</summary>
internal sealed class PermitsDb(DbContextOptions<PermitsDb> options) : DbContext(options)
{
    public DbSet<Permit> Permits => Set<Permit>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Permit>().HasKey(p => p.Id);
}
