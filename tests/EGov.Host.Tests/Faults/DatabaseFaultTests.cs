using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Host.Tests.Orleans;
using EGov.Testing;
using Npgsql;

namespace EGov.Host.Tests.Faults;

/// <summary>
/// PostgreSQL failing under a stream of writes across modules — agency registrations in G2G (fanned out by events
/// to the local copies of G2C, G2B and G2E) and applications in G2C (with their outbox event, inbox notice and
/// audit record) — stopped and started once, and its connections terminated several times. The client sees a 2xx
/// or a 503 problem, never a 500; every acknowledged write has its rows, its event and its effects exactly once;
/// a write that failed is absent or present but never twice, and repeating it (same code, same Idempotency-Key)
/// makes it exactly once.
/// </summary>
[Collection(nameof(SiloTests))]
public sealed class DatabaseFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Citizens:SubmissionLimit"] = "100000",
        ["DevelopmentIssuer:SyntheticCitizens"] = "1",
    };

    [Fact]
    public async Task PostgreSQL_stopped_and_started_mid_stream_loses_and_duplicates_nothing()
    {
        await using var server = await PrivatePostgres.StartAsync();
        var cs = await server.CreateDatabaseAsync("faults_stop");
        await using var platform = new PlatformFactory(cs, Settings);
        platform.StartServer();
        using var anna = await platform.ClientForAsync("citizen.anna");
        using var admin = await platform.ClientForAsync("admin.jan");
        using var newcomer = await platform.ClientForAsync("bench.citizen.000000");

        // A saved draft puts the parking form in the node's form cache: the draft probes below reach the session grains.
        Assert.True((await Writers.SaveDraftAsync(anna, "anna", "PX-0000")).Acknowledged);

        var probes = new List<Write>();
        var prefix = "PS" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var log = await StreamAsync(platform, prefix, async log =>
        {
            await server.StopAsync();

            // Whatever is asked while the database is down is a 503 problem with Retry-After.
            probes.Add(await Writers.RegisterAgencyAsync(admin, "PX" + prefix));
            probes.Add(await Writers.SubmitAsync(anna, "anna", Guid.NewGuid().ToString(), "PX-0001"));
            probes.Add(await Writers.SaveDraftAsync(anna, "anna", "PX-0002"));
            probes.Add(await Writers.SaveDraftAsync(newcomer, "newcomer", "PX-0003")); // a session that must activate: its state cannot be read
            probes.Add(await Writers.SubmitAsync(newcomer, "newcomer", Guid.NewGuid().ToString(), "PX-0004"));
            probes.Add(await Writers.SendAsync("read", "agencies", admin, () => new HttpRequestMessage(HttpMethod.Get, "/api/g2g/agencies")));
            probes.Add(await Writers.SendAsync("read", "applications", anna, () => new HttpRequestMessage(HttpMethod.Get, "/api/g2c/applications")));
            Assert.All(probes, Writers.AssertUnavailableProblem);

            // The writers go on against the stopped server for a while, then it comes back.
            var before = log.Count;
            Assert.True(await WriteLog.UntilAsync(() => log.Count >= before + 12, TimeSpan.FromSeconds(60)), "the writers stalled while the database was down");
            await server.StartAgainAsync();
        });

        await AssertBooksAsync(platform, prefix, log, "stop/start", faultFailsWrites: true);
    }

    [Fact]
    public async Task Backends_terminated_mid_stream_lose_and_duplicate_nothing()
    {
        var cs = await PostgresServer.CreateDatabaseAsync("faults_terminate");
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        await using var platform = new PlatformFactory(cs, Settings);
        platform.StartServer();

        var prefix = "PT" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        long terminated = 0;
        var log = await StreamAsync(platform, prefix, async log =>
        {
            for (var round = 0; round < 5; round++)
            {
                var target = log.Acknowledged + 6;
                Assert.True(await WriteLog.UntilAsync(() => log.Acknowledged >= target, TimeSpan.FromSeconds(60)), $"no progress before termination round {round}");
                terminated += await PrivatePostgres.TerminatePlatformBackendsAsync(PostgresServer.AdminConnectionString, database);
            }
        });

        Assert.True(terminated > 0, "no platform backend was terminated");
        TestContext.Current.TestOutputHelper?.WriteLine($"terminate: {terminated} backends terminated in 5 rounds");
        // Usually a few writes meet a cut connection, but a round may cut only idle ones: no count is asserted.
        await AssertBooksAsync(platform, prefix, log, "terminate", faultFailsWrites: false);
    }

    [Fact]
    public async Task A_session_write_whose_answer_was_lost_does_not_fail_the_next_one()
    {
        await using var platform = await PlatformFactory.StartAsync("faults_lost_answer");
        using var anna = await platform.ClientForAsync("citizen.anna");
        Assert.True((await Writers.SaveDraftAsync(anna, "anna", "LA-0001")).Acknowledged);

        // A write whose commit landed but whose answer was lost (connection cut after the commit) leaves the stored
        // version one ahead of the version the activation holds.
        var subject = (await anna.GetFromJsonAsync<JsonElement>("/api/platform/me", Ct)).GetProperty("subject").GetString()!;
        var cs = platform.ConnectionString;
        Assert.Equal(1, await Database.ExecuteAsync(cs,
            "UPDATE g2c.grain_state SET version = version + 1 WHERE grain_type = 'citizensession/session' AND grain_id = @s", ("s", subject)));

        var next = await Writers.SaveDraftAsync(anna, "anna", "LA-0002");
        Assert.True(next.Acknowledged, $"{next.Status} {next.Body}");
        var draft = await anna.GetFromJsonAsync<JsonElement>($"/api/g2c/session/drafts/{Writers.ParkingService}", Ct);
        Assert.Equal("LA-0002", draft.GetProperty("fields").GetProperty("plate").GetString());
        Assert.Equal(3, await Database.CountAsync(cs,
            "SELECT version FROM g2c.grain_state WHERE grain_type = 'citizensession/session' AND grain_id = @s", ("s", subject)));
    }

    /// <summary>
    /// Runs agency and application writers until some writes are acknowledged, injects the fault, waits until writes
    /// are acknowledged again, and stops the writers.
    /// </summary>
    private static async Task<WriteLog> StreamAsync(PlatformFactory platform, string prefix, Func<WriteLog, Task> fault)
    {
        using var admin = await platform.ClientForAsync("admin.jan");
        using var anna = await platform.ClientForAsync("citizen.anna");
        using var bruno = await platform.ClientForAsync("citizen.bruno");
        var log = new WriteLog();
        using var stop = new CancellationTokenSource();
        Task[] writers =
        [
            Task.Run(() => Writers.AgenciesAsync(admin, prefix, log, 300, stop.Token), Ct),
            Task.Run(() => Writers.ApplicationsAsync(anna, "anna", log, 300, stop.Token), Ct),
            Task.Run(() => Writers.ApplicationsAsync(bruno, "bruno", log, 300, stop.Token), Ct),
        ];
        try
        {
            Assert.True(await WriteLog.UntilAsync(() => log.Acknowledged >= 12, TimeSpan.FromSeconds(60)), "the stream did not start");
            await fault(log);
            var after = log.Acknowledged;
            Assert.True(await WriteLog.UntilAsync(() => log.Acknowledged >= after + 15, TimeSpan.FromSeconds(90)), "writes did not resume after the fault");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        return log;
    }

    private static async Task AssertBooksAsync(PlatformFactory platform, string prefix, WriteLog log, string name, bool faultFailsWrites)
    {
        var cs = platform.ConnectionString;
        var writes = log.All;

        // What the client saw: a 2xx, or a 503 problem — never a 500, never a stack trace.
        Assert.All(writes.Where(w => !w.Acknowledged), Writers.AssertUnavailableProblem);
        var agencies = writes.Where(w => w.Kind == WriteKinds.Agency).ToList();
        var applications = writes.Where(w => w.Kind == WriteKinds.Application).ToList();
        Assert.Equal(agencies.Count, agencies.Select(w => w.Key).Distinct().Count());
        var failedAgencies = agencies.Where(w => !w.Acknowledged).Select(w => w.Key).ToList();
        var failedApplications = applications.Where(w => !w.Acknowledged).ToList();
        Assert.True(!faultFailsWrites || failedAgencies.Count + failedApplications.Count > 0, "the fault failed no write: it did not hit the stream");

        // Failed writes may have been committed (the answer was lost) or not; their count is for the report.
        var committedAnyway = await ExactlyOnce.AgenciesPresentAsync(cs, failedAgencies)
            + await ExactlyOnce.ApplicationsPresentAsync(cs, failedApplications.Select(w => w.Key).ToList());

        // The client repeats every write it got no 2xx for: the same code, the same Idempotency-Key.
        using var admin = await platform.ClientForAsync("admin.jan");
        using var anna = await platform.ClientForAsync("citizen.anna");
        using var bruno = await platform.ClientForAsync("citizen.bruno");
        foreach (var code in failedAgencies)
        {
            var retry = await RepeatAsync(() => Writers.RegisterAgencyAsync(admin, code));
            Assert.True(retry.Status is (int)HttpStatusCode.Created or (int)HttpStatusCode.Conflict, $"{code}: {retry.Status} {retry.Body}");
        }

        var applicationOfKey = applications.Where(w => w.Acknowledged).ToDictionary(w => w.Key, w => w.ApplicationId!.Value);
        foreach (var failed in failedApplications)
        {
            var retry = await RepeatAsync(() => Writers.SubmitAsync(failed.Citizen == "anna" ? anna : bruno, failed.Citizen, failed.Key, failed.Value));
            Assert.True(retry.Status == (int)HttpStatusCode.Created, $"{failed.Key}: {retry.Status} {retry.Body}");
            applicationOfKey[failed.Key] = retry.ApplicationId!.Value;
        }

        await ExactlyOnce.DeliveredAsync(cs, TimeSpan.FromSeconds(60));
        await ExactlyOnce.AgenciesAsync(cs, prefix, agencies.Select(w => w.Key).ToList());
        await ExactlyOnce.ApplicationsAsync(cs, applicationOfKey);
        using var auditor = await platform.ClientForAsync("auditor.karl");
        await ExactlyOnce.AuditChainsAsync(auditor, "g2g", "g2c");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{name}: {writes.Count} writes, {writes.Count(w => w.Acknowledged)} acknowledged " +
            $"({agencies.Count(w => w.Acknowledged)} agencies, {applications.Count(w => w.Acknowledged)} applications), " +
            $"{failedAgencies.Count + failedApplications.Count} answered 503, {committedAnyway} of those committed anyway; after the client's retries " +
            $"{agencies.Count} agencies (x3 copies and inbox rows) and {applicationOfKey.Count} applications, each exactly once");
    }

    /// <summary>Repeats a write a few times while the platform still answers 503 (pooled connections being replaced).</summary>
    private static async Task<Write> RepeatAsync(Func<Task<Write>> send)
    {
        Write last = await send();
        for (var attempt = 1; attempt < 5 && last.Status == (int)HttpStatusCode.ServiceUnavailable; attempt++)
        {
            await Task.Delay(200, Ct);
            last = await send();
        }

        return last;
    }
}
