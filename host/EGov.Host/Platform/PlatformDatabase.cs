using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace EGov.Host.Platform;

/// <summary>Settings of section <c>Database</c>.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending EF Core migrations of every module when the host starts (safe with several instances).</summary>
    public bool MigrateAtStart { get; set; } = true;
}

internal static class PlatformDatabase
{
    public const string ConnectionStringName = "Platform";

    public static string ReadConnectionString(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new PlatformConfigurationException(
                "ConnectionStrings:Platform is not set. Give the PostgreSQL connection string (environment variable " +
                "ConnectionStrings__Platform), or start with ./run.sh, which starts a local PostgreSQL.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException)
        {
            throw new PlatformConfigurationException("ConnectionStrings:Platform is not a valid PostgreSQL connection string.");
        }

        return value;
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString, IServiceProvider services)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
        builder.ConnectionStringBuilder.ApplicationName ??= "egov-platform";
        return builder.Build();
    }
}
