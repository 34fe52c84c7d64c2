using Microsoft.EntityFrameworkCore;

namespace EGov.SharedKernel.Persistence;

/// <summary>Options for design-time DbContext factories (migrations are generated without a database).</summary>
public static class DesignTime
{
    public static DbContextOptions<TDb> Options<TDb>(string schema) where TDb : DbContext =>
        new DbContextOptionsBuilder<TDb>()
            .UseNpgsql("Host=localhost;Database=egov_design", npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", schema))
            .UseSnakeCaseNamingConvention()
            .Options;
}
