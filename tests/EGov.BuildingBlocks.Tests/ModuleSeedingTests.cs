using EGov.SharedKernel.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.BuildingBlocks.Tests;

/// <summary>The seed-after-migrations hook the blocks' seeders (notice templates) plug into.</summary>
public sealed class ModuleSeedingTests
{
    [Fact]
    public async Task Seeders_run_once_each_in_the_order_added_and_each_in_a_scope_of_its_own()
    {
        var log = new SeedLog();
        var services = new ServiceCollection()
            .AddSingleton(log)
            .AddScoped<ScopedThing>()
            .AddModuleSeeder<FirstSeeder>()
            .AddModuleSeeder<SecondSeeder>()
            .AddModuleSeeder<FirstSeeder>();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        var ran = await provider.SeedAllAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["first", "second"], ran);
        Assert.Equal(["first", "second"], log.Entries.Select(e => e.Seeder));
        Assert.NotEqual(log.Entries[0].Scope, log.Entries[1].Scope);
    }

    [Fact]
    public async Task A_failing_seeder_stops_the_run()
    {
        var log = new SeedLog();
        var services = new ServiceCollection()
            .AddSingleton(log)
            .AddScoped<ScopedThing>()
            .AddModuleSeeder<FailingSeeder>()
            .AddModuleSeeder<FirstSeeder>();
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<InvalidOperationException>(() => provider.SeedAllAsync(TestContext.Current.CancellationToken));
        Assert.Empty(log.Entries);
    }

    private sealed class SeedLog
    {
        public List<(string Seeder, Guid Scope)> Entries { get; } = [];
    }

    private sealed class ScopedThing
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    private sealed class FirstSeeder(SeedLog log, ScopedThing scope) : IModuleSeeder
    {
        public string Name => "first";

        public Task SeedAsync(CancellationToken cancellationToken)
        {
            log.Entries.Add((Name, scope.Id));
            return Task.CompletedTask;
        }
    }

    private sealed class SecondSeeder(SeedLog log, ScopedThing scope) : IModuleSeeder
    {
        public string Name => "second";

        public Task SeedAsync(CancellationToken cancellationToken)
        {
            log.Entries.Add((Name, scope.Id));
            return Task.CompletedTask;
        }
    }

    private sealed class FailingSeeder : IModuleSeeder
    {
        public string Name => "failing";

        public Task SeedAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("seed data is broken");
    }
}
