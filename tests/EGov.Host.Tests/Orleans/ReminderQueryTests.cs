using EGov.Host.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Xunit;
using static EGov.Host.Tests.Orleans.ProviderParameter;

namespace EGov.Host.Tests.Orleans;

/// <summary>
/// Contract test plan A11, driven through the provider's reminder table (<see cref="IReminderTable"/>
/// as the ADO.NET provider registers it) and through the stored texts with the provider's parameter types.
/// </summary>
public sealed class ReminderQueryTests(OrleansSetupDatabase database) : IClassFixture<OrleansSetupDatabase>
{
    private static readonly DateTime Start = new(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    [Fact]
    public async Task A11_upsert_returns_a_new_version_each_time_and_delete_checks_it()
    {
        await using var provider = await ReminderTableAsync(NewServiceId());
        var table = provider.GetRequiredService<IReminderTable>();
        var grain = GrainId.Create("citizensession", "citizen-1");

        Assert.Equal("0", await table.UpsertRow(Reminder(grain, "expire", TimeSpan.FromMinutes(5)), TestContext.Current.CancellationToken));
        Assert.Equal("1", await table.UpsertRow(Reminder(grain, "expire", TimeSpan.FromMinutes(10)), TestContext.Current.CancellationToken));

        var read = await table.ReadRow(grain, "expire", TestContext.Current.CancellationToken);
        Assert.NotNull(read);
        Assert.Equal(grain, read.GrainId);
        Assert.Equal("1", read.ETag);
        Assert.Equal(TimeSpan.FromMinutes(10), read.Period);
        Assert.Equal(Start, read.StartAt);

        Assert.False(await table.RemoveRow(grain, "expire", "0", TestContext.Current.CancellationToken));
        Assert.NotNull(await table.ReadRow(grain, "expire", TestContext.Current.CancellationToken));
        Assert.True(await table.RemoveRow(grain, "expire", "1", TestContext.Current.CancellationToken));
        Assert.Null(await table.ReadRow(grain, "expire", TestContext.Current.CancellationToken));
        Assert.False(await table.RemoveRow(grain, "expire", "1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A11_upsert_result_column_is_named_version()
    {
        var serviceId = NewServiceId();
        var rows = await database.Queries.ExecuteAsync("UpsertReminderRowKey",
            String("ServiceId", serviceId),
            AnsiString("GrainId", "citizensession/citizen-2"),
            String("ReminderName", "r"),
            UtcDateTime("StartTime", Start),
            Int32("Period", 60_000),
            Int32("GrainHash", -42));

        var row = Assert.Single(rows);
        var column = Assert.Single(row.Keys);
        Assert.Equal("Version", column, ignoreCase: true);
        Assert.Equal(0, row[column]);
    }

    [Fact]
    public async Task A11_reads_by_grain_and_a_period_above_int_max_round_trips()
    {
        await using var provider = await ReminderTableAsync(NewServiceId());
        var table = provider.GetRequiredService<IReminderTable>();
        var grain = GrainId.Create("businesssession", "rep-1+business-9");
        var other = GrainId.Create("businesssession", "rep-2+business-9");
        var longPeriod = TimeSpan.FromMilliseconds(3_000_000_000L);

        await table.UpsertRow(Reminder(grain, "a", TimeSpan.FromMinutes(1)), TestContext.Current.CancellationToken);
        await table.UpsertRow(Reminder(grain, "b", longPeriod), TestContext.Current.CancellationToken);
        await table.UpsertRow(Reminder(other, "a", TimeSpan.FromMinutes(1)), TestContext.Current.CancellationToken);

        var rows = await table.ReadRows(grain, TestContext.Current.CancellationToken);
        Assert.Equal(["a", "b"], rows.Reminders.Select(reminder => reminder.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows.Reminders, reminder => Assert.Equal(grain, reminder.GrainId));
        Assert.Equal(longPeriod, rows.Reminders.Single(reminder => reminder.ReminderName == "b").Period);
        var b = await table.ReadRow(grain, "b", TestContext.Current.CancellationToken);
        Assert.NotNull(b);
        Assert.Equal(longPeriod, b.Period);
        Assert.Null(await table.ReadRow(grain, "missing", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A11_range_reads_cover_plain_wrapping_and_whole_ring_ranges()
    {
        var serviceId = NewServiceId();
        await using var provider = await ReminderTableAsync(serviceId);
        var table = provider.GetRequiredService<IReminderTable>();
        var grains = Enumerable.Range(0, 64).Select(i => GrainId.Create("citizensession", $"citizen-{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Reminder(grain, "tick", TimeSpan.FromMinutes(1)), TestContext.Current.CancellationToken);
        }

        // Another service's reminders never show up.
        await using (var otherProvider = await ReminderTableAsync(NewServiceId()))
        {
            await otherProvider.GetRequiredService<IReminderTable>()
                .UpsertRow(Reminder(grains[0], "tick", TimeSpan.FromMinutes(1)), TestContext.Current.CancellationToken);
        }

        // Hashes on both sides of zero once reinterpreted as signed 32-bit integers.
        var hashes = grains.Select(grain => grain.GetUniformHashCode()).ToList();
        Assert.Contains(hashes, hash => (int)hash < 0);
        Assert.Contains(hashes, hash => (int)hash >= 0);

        (uint Begin, uint End)[] ranges =
        [
            (0x1000_0000, 0x6000_0000), // both positive as int: begin < end (first range key)
            (0xC000_0000, 0x4000_0000), // wraps as uint, crosses zero as int: begin < end (first range key)
            (0x4000_0000, 0xC000_0000), // plain as uint, begin > end as int (second range key)
            (0xE000_0000, 0x2000_0000), // wraps both ways
            (0x1234_5678, 0x1234_5678), // begin = end: the whole ring (second range key)
        ];
        foreach (var (begin, end) in ranges)
        {
            var expected = grains.Where(grain => InRing(grain.GetUniformHashCode(), begin, end)).ToHashSet();
            var actual = await table.ReadRows(begin, end, TestContext.Current.CancellationToken);
            Assert.Equal(expected.Count, actual.Reminders.Count);
            Assert.All(actual.Reminders, reminder => Assert.Contains(reminder.GrainId, expected));
        }
    }

    [Fact]
    public async Task A11_range_keys_compare_signed_hashes_on_both_sides_of_zero()
    {
        var serviceId = NewServiceId();
        int[] hashes = [int.MinValue, -1000, -1, 0, 1, 1000, int.MaxValue];
        foreach (var hash in hashes)
        {
            await database.Queries.ExecuteAsync("UpsertReminderRowKey",
                String("ServiceId", serviceId),
                AnsiString("GrainId", $"citizensession/h{hash}"),
                String("ReminderName", "r"),
                UtcDateTime("StartTime", Start),
                Int32("Period", 60_000),
                Int32("GrainHash", hash));
        }

        async Task<int[]> RangeAsync(string key, int begin, int end) =>
            [.. (await database.Queries.ExecuteAsync(key, String("ServiceId", serviceId), Int32("BeginHash", begin), Int32("EndHash", end)))
                .Select(row => int.Parse(((string)row["GrainId"]!)["citizensession/h".Length..], System.Globalization.CultureInfo.InvariantCulture))
                .Order()];

        Assert.Equal(new[] { -1, 0, 1, 1000 }, await RangeAsync("ReadRangeRows1Key", -1000, 1000));
        Assert.Equal(new[] { int.MinValue, -1000, -1, 0, 1000, int.MaxValue }, await RangeAsync("ReadRangeRows2Key", 1, 0));
        Assert.Equal(new[] { int.MinValue, -1000, 1000, int.MaxValue }, await RangeAsync("ReadRangeRows2Key", 1, -1000));
        Assert.Equal(hashes, await RangeAsync("ReadRangeRows2Key", 5, 5));
    }

    [Fact]
    public async Task A11_clear_removes_one_service_only()
    {
        var serviceId = NewServiceId();
        var otherId = NewServiceId();
        await using var provider = await ReminderTableAsync(serviceId);
        await using var otherProvider = await ReminderTableAsync(otherId);
        var grain = GrainId.Create("citizensession", "citizen-1");
        await provider.GetRequiredService<IReminderTable>().UpsertRow(Reminder(grain, "r", TimeSpan.FromMinutes(1)), TestContext.Current.CancellationToken);
        await otherProvider.GetRequiredService<IReminderTable>().UpsertRow(Reminder(grain, "r", TimeSpan.FromMinutes(1)), TestContext.Current.CancellationToken);

        await provider.GetRequiredService<IReminderTable>().TestOnlyClearTable(TestContext.Current.CancellationToken);

        Assert.Empty((await provider.GetRequiredService<IReminderTable>().ReadRows(grain, TestContext.Current.CancellationToken)).Reminders);
        Assert.Single((await otherProvider.GetRequiredService<IReminderTable>().ReadRows(grain, TestContext.Current.CancellationToken)).Reminders);
    }

    private async Task<ServiceProvider> ReminderTableAsync(string serviceId)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = "egov-tests";
            options.ServiceId = serviceId;
        });
        services.UseAdoNetReminderService(options => options.Configure(reminders =>
        {
            reminders.Invariant = OrleansDatabaseSetup.Invariant;
            reminders.ConnectionString = database.OrleansConnectionString;
        }));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IReminderTable>().StartAsync(TestContext.Current.CancellationToken);
        return provider;
    }

    private static ReminderEntry Reminder(GrainId grain, string name, TimeSpan period) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = Start,
        Period = period,
    };

    /// <summary>The ring range (begin, end] on unsigned hashes; begin = end is the whole ring.</summary>
    private static bool InRing(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static string NewServiceId() => $"svc-{Guid.NewGuid():N}";
}
