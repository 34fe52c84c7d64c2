using System.Net;
using System.Reflection;
using EGov.Agencies;
using EGov.Businesses;
using EGov.Citizens;
using EGov.Employees;
using EGov.Testing;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EGov.Host.Tests.Platform;

/// <summary>Schemas come from each module's migrations: at start (also with several instances at once) or by command.</summary>
public sealed class MigrationTests
{
    /// <summary>Each module's schema and the number of migrations its assembly ships.</summary>
    private static readonly (string Schema, int Migrations)[] Schemas =
    [
        ("g2c", MigrationsIn(typeof(CitizensModule).Assembly)),
        ("g2b", MigrationsIn(typeof(BusinessesModule).Assembly)),
        ("g2g", MigrationsIn(typeof(AgenciesModule).Assembly)),
        ("g2e", MigrationsIn(typeof(EmployeesModule).Assembly)),
        ("notify", MigrationsIn(typeof(EGov.Notifications.NotificationsModule).Assembly)),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Instances_starting_together_migrate_each_schema_once()
    {
        var cs = await PostgresServer.CreateDatabaseAsync("concurrentmigrate");
        await using var first = new PlatformFactory(cs);
        await using var second = first.Another();
        await Task.WhenAll(Task.Run(first.StartServer, Ct), Task.Run(second.StartServer, Ct));

        foreach (var (schema, migrations) in Schemas)
        {
            Assert.Equal(migrations, await Database.CountAsync(cs, $"SELECT count(*) FROM {schema}.\"__EFMigrationsHistory\""));
            Assert.Equal(1, await Database.CountAsync(cs, "SELECT count(*) FROM information_schema.tables WHERE table_schema = @s AND table_name = 'outbox_messages'", ("s", schema)));
        }

        using var client = second.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/g2g/agencies/NCR", Ct)).StatusCode);
        Assert.Equal(7, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.agencies"));
    }

    [Fact]
    public async Task The_migrate_command_prepares_a_database_for_hosts_that_do_not_migrate()
    {
        var cs = await PostgresServer.CreateDatabaseAsync("migratecommand");
        var (exitCode, stderr) = await ConfigurationTests.RunHostAsync(new Dictionary<string, string?> { ["ConnectionStrings__Platform"] = cs }, "migrate");
        Assert.True(exitCode == 0, stderr);
        foreach (var (schema, migrations) in Schemas)
        {
            Assert.Equal(migrations, await Database.CountAsync(cs, $"SELECT count(*) FROM {schema}.\"__EFMigrationsHistory\""));
        }

        Assert.Equal(17, await Database.CountAsync(cs, "SELECT count(*) FROM orleans.orleansquery"));

        await using var host = new PlatformFactory(cs, new Dictionary<string, string?>
        {
            ["Database:MigrateAtStart"] = "false",
            ["Orleans:ApplySchemaAtStart"] = "false",
        });
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", Ct)).StatusCode);
    }

    private static int MigrationsIn(Assembly module) =>
        module.GetTypes().Count(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract);
}
