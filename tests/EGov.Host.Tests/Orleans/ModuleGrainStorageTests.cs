using System.Text.Json;
using EGov.SharedKernel.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Xunit;

namespace EGov.Host.Tests.Orleans;

/// <summary>Grain storage in a module's schema, through the public registration and <see cref="IGrainStorage"/>.</summary>
public sealed class ModuleGrainStorageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Clock = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly GrainId Grain = GrainId.Create("citizensession", "citizen-42");

    private string _connectionString = "";
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        _connectionString = await OrleansTestDatabase.CreateEmptyAsync("orl_grainstate");
        await OrleansTestDatabase.CreateGrainStateTableAsync(_connectionString, "g2c");
        await OrleansTestDatabase.CreateGrainStateTableAsync(_connectionString, "g2b");

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(NpgsqlDataSource.Create(_connectionString));
        services.AddSingleton<TimeProvider>(new FixedTimeProvider(Clock));
        var silo = new ServiceCollectionSiloBuilder(services);
        silo.AddModuleGrainStorage("citizens", "g2c");
        silo.AddModuleGrainStorage("businesses", "g2b");
        _services = services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private IGrainStorage Citizens => _services.GetRequiredKeyedService<IGrainStorage>("citizens");

    private IGrainStorage Businesses => _services.GetRequiredKeyedService<IGrainStorage>("businesses");

    [Fact]
    public async Task Reading_a_grain_that_never_wrote_gives_a_fresh_state_and_no_etag()
    {
        var state = new GrainState<SessionState>();

        await Citizens.ReadStateAsync("session", Grain, state, TestContext.Current.CancellationToken);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State!.Submissions);
    }

    [Fact]
    public async Task Write_then_read_round_trips_state_as_json_in_the_module_schema()
    {
        var state = new GrainState<SessionState>(new SessionState { Submissions = 3, ActingFor = "business-7", Drafts = ["a", "b"] });

        await Citizens.WriteStateAsync("session", Grain, state, TestContext.Current.CancellationToken);

        Assert.Equal("1", state.ETag);
        Assert.True(state.RecordExists);
        var row = Assert.Single(await OrleansTestDatabase.RowsAsync(_connectionString,
            "SELECT grain_type, grain_id, version, state::text AS state, updated_at FROM g2c.grain_state"));
        Assert.Equal("citizensession/session", row["grain_type"]);
        Assert.Equal("citizen-42", row["grain_id"]);
        Assert.Equal(1L, row["version"]);
        Assert.Equal(Clock.UtcDateTime, row["updated_at"]);
        using (var json = JsonDocument.Parse((string)row["state"]!))
        {
            // System.Text.Json web defaults: camelCase names.
            Assert.Equal(3, json.RootElement.GetProperty("submissions").GetInt32());
            Assert.Equal("business-7", json.RootElement.GetProperty("actingFor").GetString());
        }

        Assert.Equal(0L, await OrleansTestDatabase.ScalarAsync(_connectionString, "SELECT count(*) FROM g2b.grain_state"));

        var read = new GrainState<SessionState>();
        await Citizens.ReadStateAsync("session", Grain, read, TestContext.Current.CancellationToken);
        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal(3, read.State!.Submissions);
        Assert.Equal("business-7", read.State!.ActingFor);
        Assert.Equal(["a", "b"], read.State!.Drafts);
    }

    [Fact]
    public async Task Writes_with_the_current_etag_succeed_and_stale_etags_conflict()
    {
        var first = new GrainState<SessionState>(new SessionState { Submissions = 1 });
        await Citizens.WriteStateAsync("session", Grain, first, TestContext.Current.CancellationToken);
        var stale = new GrainState<SessionState>();
        await Citizens.ReadStateAsync("session", Grain, stale, TestContext.Current.CancellationToken);

        first.State!.Submissions = 2;
        await Citizens.WriteStateAsync("session", Grain, first, TestContext.Current.CancellationToken);
        Assert.Equal("2", first.ETag);

        stale.State!.Submissions = 99;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Citizens.WriteStateAsync("session", Grain, stale, TestContext.Current.CancellationToken));
        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        Assert.Equal("1", stale.ETag);

        var row = Assert.Single(await OrleansTestDatabase.RowsAsync(_connectionString,
            "SELECT version, (state->>'submissions')::int AS submissions FROM g2c.grain_state"));
        Assert.Equal(2L, row["version"]);
        Assert.Equal(2, row["submissions"]);
    }

    [Fact]
    public async Task Writes_of_many_grains_at_once_are_each_committed_and_a_conflict_among_them_fails_only_itself()
    {
        var ct = TestContext.Current.CancellationToken;
        var stale = GrainId.Create("citizensession", "stale");
        await Citizens.WriteStateAsync("session", stale, new GrainState<SessionState>(new SessionState { Submissions = 1 }), ct);

        // 200 first writes, 200 updates of the same grains, and one write with an outdated version, all in flight
        // together: the writer groups them into shared transactions.
        var grains = Enumerable.Range(0, 200).Select(i => GrainId.Create("citizensession", $"many-{i}")).ToArray();
        var states = grains.Select((_, i) => new GrainState<SessionState>(new SessionState { Submissions = i })).ToArray();
        var conflict = Citizens.WriteStateAsync("session", stale, new GrainState<SessionState>(new SessionState { Submissions = 9 }), ct);
        await Task.WhenAll(grains.Select((grain, i) => Citizens.WriteStateAsync("session", grain, states[i], ct)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => conflict);
        Assert.All(states, state => Assert.Equal("1", state.ETag));

        foreach (var state in states)
        {
            state.State!.Submissions += 1000;
        }

        await Task.WhenAll(grains.Select((grain, i) => Citizens.WriteStateAsync("session", grain, states[i], ct)));
        Assert.All(states, state => Assert.Equal("2", state.ETag));

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT count(*), sum((state->>'submissions')::int) FROM g2c.grain_state WHERE grain_id LIKE 'many-%' AND version = 2", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal(200, reader.GetInt64(0));
        Assert.Equal(Enumerable.Range(0, 200).Sum() + (200 * 1000), reader.GetInt64(1));

        var kept = new GrainState<SessionState>();
        await Citizens.ReadStateAsync("session", stale, kept, ct);
        Assert.Equal(1, kept.State!.Submissions);
    }

    [Fact]
    public async Task A_first_write_conflicts_when_somebody_else_already_wrote()
    {
        await Citizens.WriteStateAsync("session", Grain, new GrainState<SessionState>(new SessionState { Submissions = 1 }), TestContext.Current.CancellationToken);

        var second = new GrainState<SessionState>(new SessionState { Submissions = 5 });
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Citizens.WriteStateAsync("session", Grain, second, TestContext.Current.CancellationToken));

        Assert.Equal(1, await OrleansTestDatabase.ScalarAsync(_connectionString, "SELECT (state->>'submissions')::int FROM g2c.grain_state"));
    }

    [Fact]
    public async Task Clear_checks_the_etag_then_deletes_and_a_later_write_starts_again()
    {
        var state = new GrainState<SessionState>(new SessionState { Submissions = 1 });
        await Citizens.WriteStateAsync("session", Grain, state, TestContext.Current.CancellationToken);
        await Citizens.WriteStateAsync("session", Grain, state, TestContext.Current.CancellationToken);

        var stale = new GrainState<SessionState>(new SessionState()) { ETag = "1", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Citizens.ClearStateAsync("session", Grain, stale, TestContext.Current.CancellationToken));
        var unread = new GrainState<SessionState>();
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Citizens.ClearStateAsync("session", Grain, unread, TestContext.Current.CancellationToken));
        Assert.Equal(1L, await OrleansTestDatabase.ScalarAsync(_connectionString, "SELECT count(*) FROM g2c.grain_state"));

        await Citizens.ClearStateAsync("session", Grain, state, TestContext.Current.CancellationToken);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Submissions);
        Assert.Equal(0L, await OrleansTestDatabase.ScalarAsync(_connectionString, "SELECT count(*) FROM g2c.grain_state"));

        // Clearing what does not exist is fine; writing again starts at version 1.
        await Citizens.ClearStateAsync("session", Grain, state, TestContext.Current.CancellationToken);
        state.State!.Submissions = 7;
        await Citizens.WriteStateAsync("session", Grain, state, TestContext.Current.CancellationToken);
        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public async Task Each_provider_writes_to_its_own_schema_and_each_state_name_has_its_own_row()
    {
        await Citizens.WriteStateAsync("session", Grain, new GrainState<SessionState>(new SessionState { Submissions = 1 }), TestContext.Current.CancellationToken);
        await Citizens.WriteStateAsync("limits", Grain, new GrainState<SessionState>(new SessionState { Submissions = 2 }), TestContext.Current.CancellationToken);
        await Businesses.WriteStateAsync("session", Grain, new GrainState<SessionState>(new SessionState { Submissions = 3 }), TestContext.Current.CancellationToken);

        var citizens = await OrleansTestDatabase.RowsAsync(_connectionString,
            "SELECT grain_type, (state->>'submissions')::int AS submissions FROM g2c.grain_state ORDER BY grain_type");
        Assert.Equal(["citizensession/limits", "citizensession/session"], citizens.Select(row => (string)row["grain_type"]!));
        Assert.Equal([2, 1], citizens.Select(row => (int)row["submissions"]!));
        var businesses = Assert.Single(await OrleansTestDatabase.RowsAsync(_connectionString,
            "SELECT grain_type, (state->>'submissions')::int AS submissions FROM g2b.grain_state"));
        Assert.Equal(3, businesses["submissions"]);

        var read = new GrainState<SessionState>();
        await Businesses.ReadStateAsync("session", Grain, read, TestContext.Current.CancellationToken);
        Assert.Equal(3, read.State!.Submissions);
    }

    public sealed class SessionState
    {
        public int Submissions { get; set; }

        public string? ActingFor { get; set; }

        public List<string> Drafts { get; set; } = [];
    }
}

/// <summary>Registration checks that need no database.</summary>
public sealed class ModuleGrainStorageRegistrationTests
{
    [Theory]
    [InlineData("G2C")]
    [InlineData("g2c; DROP TABLE g2c.grain_state")]
    [InlineData("g2c.grain_state")]
    [InlineData("\"g2c\"")]
    [InlineData("g-2c")]
    [InlineData("2gc")]
    [InlineData("g2c\n")]
    [InlineData("")]
    [InlineData("pg_catalog")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")]
    public void Schema_names_must_be_plain_identifiers(string schema)
    {
        var silo = new ServiceCollectionSiloBuilder(new ServiceCollection());

        Assert.Throws<ArgumentException>(() => silo.AddModuleGrainStorage("module", schema));
        Assert.Empty(silo.Services);
    }

    [Theory]
    [InlineData("g2c")]
    [InlineData("_private")]
    [InlineData("module_2")]
    public void Plain_identifiers_are_accepted(string schema)
    {
        var silo = new ServiceCollectionSiloBuilder(new ServiceCollection());

        silo.AddModuleGrainStorage("module", schema);

        Assert.NotEmpty(silo.Services);
    }
}
