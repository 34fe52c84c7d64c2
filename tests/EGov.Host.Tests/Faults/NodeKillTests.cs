using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using EGov.Host.Tests.Orleans;
using EGov.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace EGov.Host.Tests.Faults;

/// <summary>
/// Two platform nodes on one PostgreSQL form one Orleans cluster: the survivor in this process, the victim a real
/// host process. Citizens save drafts (on their session grains) and submit applications through both; some of the
/// sessions (at least one) live on the victim. The victim gets SIGKILL mid-stream. Every acknowledged draft and
/// application is then readable through the survivor, and every application, its event and its effects exist
/// exactly once.
/// </summary>
[Collection(nameof(SiloTests))]
public sealed class NodeKillTests
{
    private const int Citizens = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_node_killed_under_load_loses_no_acknowledged_draft_or_application()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Orleans:Membership"] = "PostgreSQL",
            ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans:ClusterId"] = "egov-kill-" + Guid.NewGuid().ToString("N")[..8],
            ["DevelopmentIssuer:SyntheticCitizens"] = Citizens.ToString(CultureInfo.InvariantCulture),
            ["Citizens:SubmissionLimit"] = "100000",
        };
        var cs = await PostgresServer.CreateDatabaseAsync("faults_kill");
        await using var survivor = new PlatformFactory(cs, settings);
        survivor.StartServer();
        using var victim = HostProcess.Start(cs, settings);
        try
        {
            await RunAsync(survivor, victim, cs);
        }
        finally
        {
            victim.Kill();
        }
    }

    private static async Task RunAsync(PlatformFactory survivor, HostProcess victim, string cs)
    {
        var management = survivor.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        Assert.True(await victim.ReadyAsync(TimeSpan.FromSeconds(90)), "the victim node did not become ready:\n" + victim.Output);
        Assert.True(await Database.EventuallyAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, TimeSpan.FromSeconds(30)),
            "the two nodes did not form one cluster");

        // One client per citizen and node, with one token valid on both (same issuer, same signing key).
        using var tokenClient = survivor.CreateClient();
        var viaSurvivor = new HttpClient[Citizens];
        var viaVictim = new HttpClient[Citizens];
        for (var c = 0; c < Citizens; c++)
        {
            var token = await Tokens.PasswordAsync(tokenClient, $"bench.citizen.{c:D6}");
            viaSurvivor[c] = survivor.CreateClient();
            viaVictim[c] = new HttpClient { BaseAddress = victim.Url, Timeout = TimeSpan.FromSeconds(45) };
            foreach (var client in new[] { viaSurvivor[c], viaVictim[c] })
            {
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }
        }

        try
        {
            // First requests alternate between the nodes, so sessions activate on both (placement prefers the local
            // silo); the test needs at least one on the victim.
            for (var c = 0; c < Citizens; c++)
            {
                var first = await Writers.SaveDraftAsync(c % 2 == 0 ? viaVictim[c] : viaSurvivor[c], Who(c), $"D{c}-START");
                Assert.True(first.Acknowledged, $"{first.Status} {first.Body}");
            }

            var victimSilo = (await management.GetHosts(onlyActive: true)).Keys.Single(s => !s.Equals(SiloOf(survivor)));
            var onVictim = (await management.GetDetailedGrainStatistics(hostsIds: [victimSilo]))
                .Count(s => s.SiloAddress.Equals(victimSilo) && s.GrainType.Contains("CitizenSessionGrain", StringComparison.Ordinal));
            Assert.True(onVictim > 0, "no session lives on the victim");

            var log = new ConcurrentQueue<(int Citizen, int Sequence, bool AfterKill, Write Write)>();
            var killed = 0;
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Citizens).Select(c => Task.Run(async () =>
            {
                for (var i = 0; i < 400 && !stop.IsCancellationRequested; i++)
                {
                    var client = (i + c) % 2 == 0 ? viaVictim[c] : viaSurvivor[c];
                    var afterKill = Volatile.Read(ref killed) == 1;
                    var write = i % 3 == 2
                        ? await Writers.SubmitAsync(client, Who(c), Guid.NewGuid().ToString(), $"K{c}-{i:D4}")
                        : await Writers.SaveDraftAsync(client, Who(c), $"D{c}-{i:D4}");
                    log.Enqueue((c, i, afterKill, write));
                    await Writers.PauseAsync(write, stop.Token);
                }
            }, Ct)).ToArray();

            int Acknowledged(bool afterKill) => log.Count(e => e.AfterKill == afterKill && e.Write.Acknowledged);
            try
            {
                Assert.True(await WriteLog.UntilAsync(() => Acknowledged(false) >= 40, TimeSpan.FromSeconds(60)), "the stream did not start");
                victim.Kill();
                Volatile.Write(ref killed, 1);

                // Writes go on until every citizen had acknowledged writes through the survivor after the kill.
                Assert.True(await WriteLog.UntilAsync(
                    () => Enumerable.Range(0, Citizens).All(c => log.Count(e => e.Citizen == c && e.AfterKill && e.Write.Acknowledged) >= 3),
                    TimeSpan.FromSeconds(60)), "writes did not resume through the survivor");
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }

            var entries = log.ToList();
            await AssertDraftsAsync(entries, viaSurvivor);
            await AssertApplicationsAsync(cs, entries, viaSurvivor);

            var writes = entries.Select(e => e.Write).ToList();
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"node kill: {onVictim} sessions on the victim; {writes.Count} writes ({writes.Count(w => w.Kind == WriteKinds.Draft)} drafts, " +
                $"{writes.Count(w => w.Kind == WriteKinds.Application)} applications), {writes.Count(w => w.Acknowledged)} acknowledged " +
                $"({entries.Count(e => e.AfterKill && e.Write.Acknowledged)} after the kill), {writes.Count(w => w.Status == 0)} without an answer, " +
                $"other statuses: {string.Join(", ", writes.Where(w => w.Status != 0 && !w.Acknowledged).GroupBy(w => w.Status).Select(g => $"{g.Key} x{g.Count()}"))}");
        }
        finally
        {
            foreach (var client in viaSurvivor.Concat(viaVictim))
            {
                client?.Dispose();
            }
        }
    }

    /// <summary>Each citizen's draft holds its last acknowledged value, or a later one whose answer was lost.</summary>
    private static async Task AssertDraftsAsync(List<(int Citizen, int Sequence, bool AfterKill, Write Write)> entries, HttpClient[] viaSurvivor)
    {
        for (var c = 0; c < Citizens; c++)
        {
            var drafts = entries.Where(e => e.Citizen == c && e.Write.Kind == WriteKinds.Draft).OrderBy(e => e.Sequence).ToList();
            var last = drafts.FindLastIndex(e => e.Write.Acknowledged);
            Assert.True(last >= 0, $"citizen {c} has no acknowledged draft");
            var allowed = drafts.Skip(last).Where((e, n) => n == 0 || !e.Write.Acknowledged).Select(e => e.Write.Value).ToHashSet();

            using var response = await viaSurvivor[c].GetAsync(new Uri($"/api/g2c/session/drafts/{Writers.ParkingService}", UriKind.Relative), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"citizen {c}: {(int)response.StatusCode} {body}");
            var plate = JsonDocument.Parse(body).RootElement.GetProperty("fields").GetProperty("plate").GetString();
            Assert.True(allowed.Contains(plate!), $"citizen {c}: the draft holds {plate}, the last acknowledged was {drafts[last].Write.Value}");
        }
    }

    /// <summary>Acknowledged applications are readable; after the client repeats the failed ones, each key has exactly one.</summary>
    private static async Task AssertApplicationsAsync(string cs, List<(int Citizen, int Sequence, bool AfterKill, Write Write)> entries, HttpClient[] viaSurvivor)
    {
        var applications = entries.Where(e => e.Write.Kind == WriteKinds.Application).ToList();
        var applicationOfKey = new Dictionary<string, Guid>();
        foreach (var (citizen, _, _, write) in applications.Where(e => e.Write.Acknowledged))
        {
            var id = write.ApplicationId!.Value;
            using var read = await viaSurvivor[citizen].GetAsync(new Uri($"/api/g2c/applications/{id}", UriKind.Relative), Ct);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"acknowledged application {id}: {(int)read.StatusCode}");
            applicationOfKey[write.Key] = id;
        }

        foreach (var (citizen, _, _, write) in applications.Where(e => !e.Write.Acknowledged))
        {
            var retry = await Writers.SubmitAsync(viaSurvivor[citizen], Who(citizen), write.Key, write.Value);
            Assert.True(retry.Status == (int)HttpStatusCode.Created, $"{write.Key}: {retry.Status} {retry.Body}");
            applicationOfKey[write.Key] = retry.ApplicationId!.Value;
        }

        await ExactlyOnce.DeliveredAsync(cs, TimeSpan.FromSeconds(60));
        await ExactlyOnce.ApplicationsAsync(cs, applicationOfKey);
    }

    private static string Who(int citizen) => $"bench.citizen.{citizen:D6}";

    private static SiloAddress SiloOf(PlatformFactory node) => node.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
}

/// <summary>The platform host as a real process on loopback ports of its own, to be killed without a goodbye.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Output => string.Join('\n', _output.TakeLast(40));

    public static HostProcess Start(string connectionString, IReadOnlyDictionary<string, string?> settings)
    {
        var port = PlatformFactory.FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "EGov.Host.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Platform"] = connectionString;
        start.Environment["Orleans__SiloPort"] = PlatformFactory.FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = PlatformFactory.FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["DevelopmentIssuer__KeyFile"] = PlatformFactory.SharedKeyFile;
        start.Environment["Outbox__PollIntervalMilliseconds"] = "200";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Lifecycle__DrainDelaySeconds"] = "0";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Polls readiness (bounded); false when the process exited or the limit passed.</summary>
    public async Task<bool> ReadyAsync(TimeSpan limit)
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        return false;
    }

    /// <summary>SIGKILL: no drain, no goodbye to the cluster, connections cut by the kernel.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }
}
