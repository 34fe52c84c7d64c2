using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EGov.Bench.Load;

/// <summary>
/// Turns the per-run files of one bench/run.sh run (bench/results/tmp/*.json) into bench/results/sessions.json and the
/// Markdown table of docs/performance.md. A figure that was not measured is null, with a note saying why.
/// </summary>
internal static class Report
{
    private static readonly string[] Stores = ["grain", "redis", "postgres"];

    public static int Run(Options options)
    {
        var dir = options.Get("dir");
        var notes = new JsonArray();
        foreach (var note in options.Get("notes", "").Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            notes.Add(note);
        }

        JsonObject? Read(string name)
        {
            var path = Path.Combine(dir, name + ".json");
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : null;
        }

        double? Num(JsonObject? o, string field) => o?[field] is { } value ? Number(value) : null;

        var stores = new JsonObject();
        foreach (var store in Stores)
        {
            var saturated = Read($"sat-{store}");
            var fixedRate = Read($"fixed-{store}");
            var hot = Read($"hot-{store}");
            var prefill = Read($"prefill-{store}");
            if (saturated is null)
            {
                notes.Add($"{store}: the saturation run did not complete; its figures are null.");
            }

            stores[store] = new JsonObject
            {
                ["saturatedOpsPerSec"] = Num(saturated, "opsPerSec"),
                ["offeredOpsPerSec"] = Num(fixedRate, "offeredOpsPerSec"),
                ["achievedOpsPerSec"] = Num(fixedRate, "opsPerSec"),
                ["p50Ms"] = Num(fixedRate, "p50Ms"),
                ["p99Ms"] = Num(fixedRate, "p99Ms"),
                ["p999Ms"] = Num(fixedRate, "p999Ms"),
                ["errors"] = saturated is null && fixedRate is null ? null : (long)((Num(saturated, "errors") ?? 0) + (Num(fixedRate, "errors") ?? 0)),
                ["saturatedP99Ms"] = Num(saturated, "p99Ms"),
                ["hotSaturatedOpsPerSec"] = Num(hot, "opsPerSec"),
                ["hotP99Ms"] = Num(hot, "p99Ms"),
                ["hotErrors"] = Num(hot, "errors"),
                ["prefillWritesPerSec"] = Num(prefill, "opsPerSec"),
            };
        }

        // Business sessions (BusinessSessionGrain, the power to act checked on every request): the same figures per store.
        var businessStores = new JsonObject();
        foreach (var store in Stores)
        {
            var saturated = Read($"sat-{store}-business");
            var fixedRate = Read($"fixed-{store}-business");
            if (saturated is null)
            {
                notes.Add($"{store}: the business-session saturation run did not complete; its figures are null.");
            }

            businessStores[store] = new JsonObject
            {
                ["saturatedOpsPerSec"] = Num(saturated, "opsPerSec"),
                ["offeredOpsPerSec"] = Num(fixedRate, "offeredOpsPerSec"),
                ["achievedOpsPerSec"] = Num(fixedRate, "opsPerSec"),
                ["p50Ms"] = Num(fixedRate, "p50Ms"),
                ["p99Ms"] = Num(fixedRate, "p99Ms"),
                ["p999Ms"] = Num(fixedRate, "p999Ms"),
                ["errors"] = saturated is null && fixedRate is null ? null : (long)((Num(saturated, "errors") ?? 0) + (Num(fixedRate, "errors") ?? 0)),
                ["saturatedP99Ms"] = Num(saturated, "p99Ms"),
                ["prefillWritesPerSec"] = Num(Read($"prefill-{store}-business"), "opsPerSec"),
                ["sessions"] = Num(saturated, "distinctCitizens"),
            };
        }

        double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? Math.Round(x / y, 2) : null;
        var grain = Num(Read("sat-grain"), "opsPerSec");
        var auth = Read("auth-redis");
        var anon = Read("anon-redis");
        var authOverAnon = Ratio(Num(auth, "opsPerSec"), Num(anon, "opsPerSec"));
        if (authOverAnon is not null)
        {
            notes.Add("authOverAnon: GET session on the Redis baseline, whose JwtBearer setup and validated-token cache are the platform's, with a bearer token " +
                "versus the same handler and store on an anonymous path keyed by the subject (the platform has no anonymous variant of the endpoint).");
        }

        double? sessionsPerGiB = null;
        double? sessionsPerGiBOfRss = null;
        if (Read("memory") is { } memory)
        {
            var grains = Num(memory, "grains")!.Value;
            var bytes = Num(memory, "bytesPerDraft") ?? 1024;
            var heap = Num(memory, "heapAfterBytes") - Num(memory, "heapBeforeBytes");
            var rss = Num(memory, "rssAfterBytes") - Num(memory, "rssBeforeBytes");
            if (heap > 0 && Num(memory, "heapBeforeBytes") > 0)
            {
                sessionsPerGiB = Math.Round(grains / (heap.Value / (1024.0 * 1024 * 1024)), 0);
                var tokenCache = Num(memory, "heapBeforeBytes") - Num(memory, "heapColdBytes");
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"sessionsPerGiB: {grains:F0} session grains with a ~{bytes:F0}-byte draft each were activated through the API; the live " +
                    $"managed heap (dotnet-gcdump, which forces a full collection first) grew by {heap / (1024 * 1024):F1} MiB, " +
                    $"{heap / grains:F0} bytes per session. Every citizen's token had been used once before (GET /api/platform/me), so the " +
                    $"validated-token cache was already full: it held {tokenCache / (1024 * 1024):F1} MiB for {grains:F0} tokens " +
                    $"({tokenCache / grains:F0} bytes per token, bounded by Keycloak:TokenCacheSize) and is not counted per session."));
            }

            if (rss > 0)
            {
                sessionsPerGiBOfRss = Math.Round(grains / (rss.Value / (1024.0 * 1024 * 1024)), 0);
                var rssNote = string.Create(CultureInfo.InvariantCulture,
                    $"sessionsPerGiBOfRss: the same activations measured as growth of the process's resident set (VmRSS, /proc), " +
                    $"{rss / (1024 * 1024):F1} MiB; RSS also counts GC headroom, garbage not yet collected and native buffers.");
                notes.Add(sessionsPerGiB is null
                    ? rssNote + " The live managed heap could not be read (dotnet-gcdump failed), so sessionsPerGiB is null."
                    : rssNote);
            }
        }

        var cold = Read("cold");
        var coldRate = Num(cold, "opsPerSec");
        if (coldRate is not null)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"coldActivationsPerSec: GET session once for each of {Num(cold, "ops"):F0} citizens right after a platform restart, " +
                $"so every call activates a grain and loads its state from PostgreSQL ({Num(cold, "errors"):F0} errors)."));
        }

        var satCluster = Read("sat-cluster");
        var failover = Read("failover");
        var clusterOps = Num(satCluster, "opsPerSec");
        if (satCluster is not null)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"cluster: two platform nodes on loopback, one PostgreSQL database (a copy of the grain store's), PostgreSQL membership; the first " +
                $"{Num(satCluster, "distinctCitizens"):F0} citizens' sessions activated through both nodes first, then the saturated workload with the " +
                $"connections split across the nodes. crossNodeShare: Orleans messages sent over silo-to-silo connections (the nodes' " +
                $"orleans-messaging-sent-messages-size histograms) / 2 per request, each request being one session-grain call; it counts the " +
                $"cluster's own traffic (probes, directory) too, so it is an upper bound. One node on the same cores: stores.grain.saturatedOpsPerSec."));
        }
        else
        {
            notes.Add("cluster: the two-node run did not complete; its figures are null.");
        }

        if (failover is not null)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"failover: {Num(failover, "offeredOpsPerSec"):F0} ops/s offered through both nodes for {Num(failover, "seconds"):F0} s (fixed rate, " +
                $"each PUT a unique value); SIGKILL to node B at {Num(failover, "killAtSeconds"):F1} s. The generator acts as a balancer with " +
                $"passive health checks: a request that cannot connect is resent to the other node ({Num(failover, "resentRequests"):F0} were) " +
                $"and the node is skipped for 5 s; a request that was sent and got a reset, a timeout (30 s) or a non-2xx answer is an error. " +
                $"errorRate: errors / requests completed from the kill until recovery (at least 5 s): {Num(failover, "windowErrors"):F0} / " +
                $"{Num(failover, "windowOps"):F0}; whole run {Num(failover, "errors"):F0} / {Num(failover, "ops"):F0}. recoverySeconds: from the kill " +
                $"until the first of 3 consecutive seconds with >= 95 % of the offered rate completed and no error. lostDrafts: citizens whose " +
                $"draft, read back from node A after the run, holds neither the last acknowledged value nor a later attempted one " +
                $"({Num(failover, "acknowledgedWrites"):F0} acknowledged writes to {Num(failover, "acknowledgedDrafts"):F0} drafts; p99 " +
                $"{Num(failover, "p99Ms"):F0} ms, max {Num(failover, "maxMs"):F0} ms from each request's due time)."));
        }
        else
        {
            notes.Add("failover: the failover run did not complete; its figures are null.");
        }

        var result = new JsonObject
        {
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["machine"] = options.Get("machine"),
            ["command"] = options.Get("command"),
            ["quick"] = options.Flag("quick"),
            ["citizens"] = options.Int("citizens", 0),
            ["stores"] = stores,
            ["businessSessions"] = businessStores,
            ["ratios"] = new JsonObject
            {
                ["grainOverRedis"] = Ratio(grain, Num(Read("sat-redis"), "opsPerSec")),
                ["grainOverPostgres"] = Ratio(grain, Num(Read("sat-postgres"), "opsPerSec")),
                ["authOverAnon"] = authOverAnon,
                ["businessGrainOverRedis"] = Ratio(Num(Read("sat-grain-business"), "opsPerSec"), Num(Read("sat-redis-business"), "opsPerSec")),
                ["businessGrainOverPostgres"] = Ratio(Num(Read("sat-grain-business"), "opsPerSec"), Num(Read("sat-postgres-business"), "opsPerSec")),
                ["businessOverCitizenGrain"] = Ratio(Num(Read("sat-grain-business"), "opsPerSec"), grain),
            },
            ["authenticatedOpsPerSec"] = Num(auth, "opsPerSec"),
            ["anonymousOpsPerSec"] = Num(anon, "opsPerSec"),
            ["sessionsPerGiB"] = sessionsPerGiB,
            ["sessionsPerGiBOfRss"] = sessionsPerGiBOfRss,
            ["coldActivationsPerSec"] = coldRate,
            ["cluster"] = new JsonObject
            {
                ["nodes"] = satCluster is null ? null : 2,
                ["citizens"] = Num(satCluster, "distinctCitizens"),
                ["saturatedOpsPerSec"] = clusterOps,
                ["p99Ms"] = Num(satCluster, "p99Ms"),
                ["errors"] = Num(satCluster, "errors"),
                ["crossNodeShare"] = Num(satCluster, "crossNodeShare"),
                ["oneNodeSaturatedOpsPerSec"] = grain,
                ["twoOverOneNode"] = Ratio(clusterOps, grain),
            },
            ["failover"] = new JsonObject
            {
                ["errorRate"] = Num(failover, "errorRate"),
                ["recoverySeconds"] = Num(failover, "recoverySeconds"),
                ["acknowledgedDrafts"] = Num(failover, "acknowledgedDrafts"),
                ["lostDrafts"] = Num(failover, "lostDrafts"),
                ["offeredOpsPerSec"] = Num(failover, "offeredOpsPerSec"),
                ["killAtSeconds"] = Num(failover, "killAtSeconds"),
                ["errorsAfterKill"] = Num(failover, "windowErrors"),
                ["requestsAfterKill"] = Num(failover, "windowOps"),
                ["runErrorRate"] = Num(failover, "runErrorRate"),
                ["acknowledgedWrites"] = Num(failover, "acknowledgedWrites"),
                ["unreadableDrafts"] = Num(failover, "unreadableDrafts"),
                ["timeline"] = failover?["timeline"]?.DeepClone(),
            },
            ["notes"] = notes,
        };

        File.WriteAllText(options.Get("json"), result.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        File.WriteAllText(options.Get("markdown"), Markdown(result));
        Console.WriteLine($"report: {options.Get("json")}");
        return 0;
    }

    private static string Percent(JsonNode? value, string format = "F0") =>
        value is null ? "—" : (Number(value) * 100).ToString(format, CultureInfo.InvariantCulture) + " %";

    private static double Number(JsonNode value) => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);

    private static string Markdown(JsonObject result)
    {
        static string F(JsonNode? value, string format = "F1") =>
            value is null ? "—" : Number(value).ToString(format, CultureInfo.InvariantCulture);

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run of {result["date"]} (`{result["command"]}`, {(result["quick"]!.GetValue<bool>() ? "quick" : "full")}, {result["citizens"]} citizens).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {result["machine"]}.");
        text.AppendLine();
        text.AppendLine("| store | saturated ops/s | offered ops/s | p50 ms | p99 ms | p99.9 ms | errors | hot-citizen ops/s | hot p99 ms | prefill writes/s |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, node) in result["stores"]!.AsObject())
        {
            var s = node!.AsObject();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {F(s["saturatedOpsPerSec"], "F0")} | {F(s["offeredOpsPerSec"], "F0")} | {F(s["p50Ms"], "F2")} | {F(s["p99Ms"], "F2")} | " +
                $"{F(s["p999Ms"], "F2")} | {F(s["errors"], "F0")} | {F(s["hotSaturatedOpsPerSec"], "F0")} | {F(s["hotP99Ms"], "F2")} | {F(s["prefillWritesPerSec"], "F0")} |");
        }

        text.AppendLine();
        text.AppendLine("Business sessions (the power to act checked on every request):");
        text.AppendLine();
        text.AppendLine("| store | saturated ops/s | offered ops/s | p50 ms | p99 ms | p99.9 ms | errors | prefill writes/s | citizen sessions saturated ops/s |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, node) in result["businessSessions"]!.AsObject())
        {
            var s = node!.AsObject();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {F(s["saturatedOpsPerSec"], "F0")} | {F(s["offeredOpsPerSec"], "F0")} | {F(s["p50Ms"], "F2")} | {F(s["p99Ms"], "F2")} | " +
                $"{F(s["p999Ms"], "F2")} | {F(s["errors"], "F0")} | {F(s["prefillWritesPerSec"], "F0")} | {F(result["stores"]![name]!["saturatedOpsPerSec"], "F0")} |");
        }

        var ratios = result["ratios"]!;
        text.AppendLine();
        text.AppendLine("| figure | value | target |");
        text.AppendLine("| --- | ---: | ---: |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| grain / Redis (saturated) | {F(ratios["grainOverRedis"], "F2")} | ≥ 1.5 |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| grain / PostgreSQL (saturated) | {F(ratios["grainOverPostgres"], "F2")} | ≥ 3 |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| business sessions: grain / Redis, grain / PostgreSQL (saturated) | {F(ratios["businessGrainOverRedis"], "F2")}, {F(ratios["businessGrainOverPostgres"], "F2")} | — |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| authenticated / anonymous | {F(ratios["authOverAnon"], "F2")} ({F(result["authenticatedOpsPerSec"], "F0")} / {F(result["anonymousOpsPerSec"], "F0")} ops/s) | ≥ 0.6 |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| sessions per GiB of managed heap | {F(result["sessionsPerGiB"], "F0")} | ≥ 500,000 |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| sessions per GiB of resident memory | {F(result["sessionsPerGiBOfRss"], "F0")} | — |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| cold activations/s | {F(result["coldActivationsPerSec"], "F0")} | — |");
        var cluster = result["cluster"]!;
        var failover = result["failover"]!;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| two nodes: saturated ops/s (one node) | {F(cluster["saturatedOpsPerSec"], "F0")} ({F(cluster["oneNodeSaturatedOpsPerSec"], "F0")}) | — |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| two nodes: share of calls that crossed nodes | {Percent(cluster["crossNodeShare"])} | — |");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| failover: error rate from the kill until recovery | {Percent(failover["errorRate"], "F2")} ({F(failover["errorsAfterKill"], "F0")} / {F(failover["requestsAfterKill"], "F0")}) | ≤ 1 % |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| failover: seconds back to steady throughput | {F(failover["recoverySeconds"])} | ≤ 30 |");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| failover: acknowledged drafts lost | {F(failover["lostDrafts"], "F0")} of {F(failover["acknowledgedDrafts"], "F0")} | 0 |");
        text.AppendLine();
        text.AppendLine("Notes:");
        foreach (var note in result["notes"]!.AsArray())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        return text.ToString();
    }
}
