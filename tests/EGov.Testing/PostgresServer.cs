using Npgsql;

namespace EGov.Testing;

/// <summary>
/// The PostgreSQL server the tests run against. <c>./test.sh</c> starts a throwaway cluster and passes its
/// superuser connection string in <c>EGOV_TEST_PG</c>; every test class gets a database of its own.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "EGOV_TEST_PG";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL.");

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var full = $"{Sanitize(prefix)}_{Guid.NewGuid():N}";
        var name = full[..Math.Min(60, full.Length)];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    private static string Sanitize(string prefix) =>
        new string(prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray()) is { Length: > 0 } s
            ? s
            : "test";
}
