using EGov.Host.Orleans;
using Npgsql;

namespace EGov.Host.Platform;

/// <summary>
/// Command-line verbs: <c>migrate</c> applies every module's migrations and seeders and the Orleans database setup, then exits
/// (for deployments that set <c>Database:MigrateAtStart</c> and <c>Orleans:ApplySchemaAtStart</c> to false).
/// </summary>
internal static class PlatformCommands
{
    public static bool IsMigrateCommand(string[] args) =>
        args.Length > 0 && string.Equals(args[0], "migrate", StringComparison.OrdinalIgnoreCase);

    public static async Task<int> MigrateAsync(WebApplication app)
    {
        var runner = app.Services.GetRequiredService<MigrationRunner>();
        await runner.MigrateAllAsync(CancellationToken.None);
        await new OrleansDatabaseSetup(app.Services.GetRequiredService<NpgsqlDataSource>()).ApplyAsync(CancellationToken.None);
        await Console.Out.WriteLineAsync("All module migrations, module seeders and the Orleans database setup are applied.");
        return 0;
    }
}
