using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HdrHistogram;

namespace EGov.Bench.Load;

/// <summary>
/// Orleans messages a set of nodes sent, from their Prometheus endpoints: <c>Remote</c> went over a silo-to-silo
/// connection (Orleans histogram <c>orleans-messaging-sent-messages-size</c>, one sample per message sent on a
/// connection), <c>Local</c> stayed in the process (<c>orleans-messaging-sent-local</c>, kept for reference). A grain
/// call that crosses nodes sends two remote messages (the request on the caller's node, the response on the callee's).
/// Remote messages also include the cluster's own traffic (membership probes, grain directory lookups and
/// registrations), so Remote / 2 per request is an upper bound of the share of calls that crossed nodes.
/// </summary>
internal readonly record struct OrleansMessages(long Remote, long Local)
{
    public static OrleansMessages operator -(OrleansMessages a, OrleansMessages b) => new(a.Remote - b.Remote, a.Local - b.Local);

    public static async Task<OrleansMessages> ScrapeAsync(IEnumerable<string> targets)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        long remote = 0, local = 0;
        foreach (var target in targets)
        {
            var text = await client.GetStringAsync(target.TrimEnd('/') + "/metrics");
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith('#') || line.Length == 0)
                {
                    continue;
                }

                var name = line[..line.IndexOfAny(['{', ' '])];
                var value = (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                if (name.StartsWith("orleans_messaging_sent_messages_size", StringComparison.Ordinal) && name.EndsWith("_count", StringComparison.Ordinal))
                {
                    remote += value;
                }
                else if (name.StartsWith("orleans_messaging_sent_local", StringComparison.Ordinal))
                {
                    local += value;
                }
            }
        }

        return new OrleansMessages(remote, local);
    }
}

/// <summary>
/// Fixed-rate session load through several nodes, SIGKILL of one of them under load, and a read-back of every
/// acknowledged draft afterwards.
/// </summary>
/// <remarks>
/// <para>
/// The generator acts as a load balancer with passive health checks: request k of connection c goes to node
/// (c + k) mod n; a request that cannot <em>connect</em> to its node was never sent, so it is resent to the next node
/// and that node is marked down for <c>--down-seconds</c> (what nginx' <c>proxy_next_upstream error</c> does). A
/// request that was sent and then failed (reset, timeout after <c>--request-timeout</c>, any non-2xx answer) is an
/// error.
/// </para>
/// <para>
/// Each connection owns the citizens i with i mod C = c, so writes of one citizen never overlap and "the last
/// acknowledged value" is well defined. Every PUT writes a unique value (<c>fo-{sequence}</c>) into the first field of
/// the first service. After the run every written citizen's draft is read from the surviving node: an acknowledged
/// draft is lost when the stored value is neither its last acknowledged value nor one of the values attempted after it
/// (a write that failed may or may not have been applied).
/// </para>
/// </remarks>
internal static class FailoverCommand
{
    private const string SessionPath = "api/g2c/session";
    private const long HighestMicros = 60_000_000;

    private sealed class CitizenWrites
    {
        public long LastAcknowledged = -1;
        public List<long> AttemptedSince { get; } = [];
    }

    public static async Task<int> RunAsync(Options options)
    {
        var targets = options.Get("targets").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tokens = Http.ReadTokens(options.Get("tokens"));
        var workload = new Workload(options);
        var field = options.Get("fields", "personName,placeOfBirth").Split(',')[0];
        var service = workload.Service(0);
        var connections = options.Int("connections", 32);
        var rate = options.Double("rate", 500);
        var duration = options.Double("duration", 30);
        var killAfter = options.Double("kill-after", 10);
        var killPid = options.Int("kill-pid", 0);
        var killTarget = options.Int("kill-target", targets.Length - 1);
        var downFor = TimeSpan.FromSeconds(options.Double("down-seconds", 5));
        var requestTimeout = TimeSpan.FromSeconds(options.Double("request-timeout", 30));
        if (targets.Length < 2 || killPid <= 0)
        {
            throw new ArgumentException("failover needs --targets with at least two URLs and --kill-pid");
        }

        var clients = targets.Select(t =>
        {
            var client = Http.Client(t, connections);
            client.Timeout = requestTimeout;
            return client;
        }).ToArray();
        var downUntil = new long[targets.Length];
        var seconds = (int)Math.Ceiling(duration) + 120;
        var completed = new long[seconds];
        var failed = new long[seconds];
        var resent = new long[seconds];
        var histogram = new LongConcurrentHistogram(1, HighestMicros, 3);
        var writes = new CitizenWrites?[tokens.Length];
        long sequence = 0, ops = 0, errors = 0, acknowledgedWrites = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration * Stopwatch.Frequency);
        long killedAt = 0;

        int Second(long timestamp) => Math.Clamp((int)((timestamp - start) / Stopwatch.Frequency), 0, seconds - 1);

        var killer = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(killAfter));
            using var victim = Process.GetProcessById(killPid);
            Volatile.Write(ref killedAt, Stopwatch.GetTimestamp());
            victim.Kill(); // SIGKILL on Linux
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failover: SIGKILL to pid {killPid} ({targets[killTarget]}) at {killAfter:F1} s"));
        });

        await Task.WhenAll(Enumerable.Range(0, connections).Select(connection => Task.Run(async () =>
        {
            var random = new Random(connection * 7919 + 17);
            var owned = Enumerable.Range(0, tokens.Length).Where(i => i % connections == connection).ToArray();
            for (long k = 0; ; k++)
            {
                var due = start + (long)((connection + (k * connections)) / rate * Stopwatch.Frequency);
                if (due >= end)
                {
                    return;
                }

                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                }

                var citizen = owned[random.Next(owned.Length)];
                var read = random.NextDouble() < workload.ReadShare;
                long value = -1;
                string? body = null;
                if (!read)
                {
                    value = Interlocked.Increment(ref sequence);
                    body = new JsonObject { ["fields"] = new JsonObject { [field] = "fo-" + value.ToString(CultureInfo.InvariantCulture) } }.ToJsonString();
                    var record = writes[citizen] ??= new CitizenWrites();
                    record.AttemptedSince.Add(value);
                }

                var preferred = (int)((connection + k) % targets.Length);
                var outcome = Outcome.NotConnected;
                for (var attempt = 0; attempt < targets.Length && outcome == Outcome.NotConnected; attempt++)
                {
                    var node = (preferred + attempt) % targets.Length;
                    if (attempt < targets.Length - 1 && Volatile.Read(ref downUntil[node]) > Stopwatch.GetTimestamp())
                    {
                        continue; // marked down: skip unless it is the last one left
                    }

                    outcome = await SendAsync(clients[node], read ? HttpMethod.Get : HttpMethod.Put,
                        read ? SessionPath : $"{SessionPath}/drafts/{service}", tokens[citizen], body);
                    if (outcome == Outcome.NotConnected)
                    {
                        Volatile.Write(ref downUntil[node], Stopwatch.GetTimestamp() + (long)(downFor.TotalSeconds * Stopwatch.Frequency));
                        Interlocked.Increment(ref resent[Second(Stopwatch.GetTimestamp())]);
                    }
                }

                var done = Stopwatch.GetTimestamp();
                histogram.RecordValue(Math.Min(HighestMicros, LoadCommand.Micros(done - due)));
                Interlocked.Increment(ref ops);
                Interlocked.Increment(ref completed[Second(done)]);
                if (outcome != Outcome.Ok)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.Increment(ref failed[Second(done)]);
                }
                else if (!read)
                {
                    var record = writes[citizen]!;
                    record.LastAcknowledged = value;
                    record.AttemptedSince.Clear();
                    Interlocked.Increment(ref acknowledgedWrites);
                }
            }
        })));
        await killer;
        var runSeconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;

        // Timeline and recovery: from the kill until the first of 3 consecutive seconds with >= 95 % of the offered
        // rate completed and no errors.
        var killSecond = (Volatile.Read(ref killedAt) - start) / (double)Stopwatch.Frequency;
        var lastSecond = Math.Min(seconds - 1, (int)Math.Floor(runSeconds) - 1);
        double? recovery = null;
        for (var s = (int)Math.Floor(killSecond); s + 2 <= lastSecond; s++)
        {
            if (Enumerable.Range(s, 3).All(t => completed[t] >= 0.95 * rate && failed[t] == 0))
            {
                recovery = Math.Max(0, s - killSecond);
                break;
            }
        }

        var windowEnd = (int)Math.Ceiling(killSecond + Math.Max(recovery ?? (lastSecond - killSecond), 5));
        long windowOps = 0, windowErrors = 0;
        for (var s = (int)Math.Floor(killSecond); s <= Math.Min(windowEnd, seconds - 1); s++)
        {
            windowOps += completed[s];
            windowErrors += failed[s];
        }

        // Read back every written citizen's draft from a surviving node.
        var survivor = Enumerable.Range(0, targets.Length).First(i => i != killTarget);
        var written = Enumerable.Range(0, tokens.Length).Where(i => writes[i] is not null).ToArray();
        long acknowledged = written.Count(i => writes[i]!.LastAcknowledged >= 0);
        long lost = 0, unreadable = 0, next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            long n;
            while ((n = Interlocked.Increment(ref next)) < written.Length)
            {
                var citizen = written[n];
                var record = writes[citizen]!;
                var (status, stored) = await ReadDraftAsync(clients[survivor], $"{SessionPath}/drafts/{service}", tokens[citizen], field);
                if (status is not (200 or 404))
                {
                    Interlocked.Increment(ref unreadable);
                    continue;
                }

                if (record.LastAcknowledged < 0)
                {
                    continue;
                }

                var ok = stored is not null && (stored == Value(record.LastAcknowledged) || record.AttemptedSince.Any(v => stored == Value(v)));
                if (!ok)
                {
                    Interlocked.Increment(ref lost);
                }
            }
        })));

        foreach (var client in clients)
        {
            client.Dispose();
        }

        var timeline = new JsonArray();
        for (var s = 0; s <= lastSecond; s++)
        {
            timeline.Add(new JsonObject { ["second"] = s, ["completed"] = completed[s], ["errors"] = failed[s], ["resent"] = resent[s] });
        }

        var result = LoadCommand.Result(options.Get("label", "failover"), "failover", histogram, ops, errors, runSeconds);
        result["offeredOpsPerSec"] = rate;
        result["connections"] = connections;
        result["killAtSeconds"] = Math.Round(killSecond, 3);
        result["killedTarget"] = targets[killTarget];
        result["recoverySeconds"] = recovery is { } r ? Math.Round(r, 1) : null;
        result["windowSeconds"] = windowEnd - (int)Math.Floor(killSecond) + 1;
        result["windowOps"] = windowOps;
        result["windowErrors"] = windowErrors;
        result["errorRate"] = windowOps > 0 ? Math.Round((double)windowErrors / windowOps, 5) : null;
        result["runErrorRate"] = ops > 0 ? Math.Round((double)errors / ops, 5) : null;
        result["resentRequests"] = resent.Sum();
        result["acknowledgedWrites"] = acknowledgedWrites;
        result["acknowledgedDrafts"] = acknowledged;
        result["lostDrafts"] = lost;
        result["unreadableDrafts"] = unreadable;
        result["timeline"] = timeline;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"failover: recovery {(recovery is { } x ? x.ToString("F1", CultureInfo.InvariantCulture) + " s" : "not reached")}, errors {windowErrors}/{windowOps} after the kill ({errors}/{ops} in the run), acknowledged drafts {acknowledged}, lost {lost}, unreadable {unreadable}"));
        LoadCommand.Write(options, result, errors);
        return recovery is null || lost > 0 || unreadable > 0 ? 1 : 0;
    }

    private static string Value(long sequence) => "fo-" + sequence.ToString(CultureInfo.InvariantCulture);

    private enum Outcome
    {
        Ok,
        Failed,
        NotConnected,
    }

    private static async Task<Outcome> SendAsync(HttpClient client, HttpMethod method, string path, string token, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            return response.IsSuccessStatusCode ? Outcome.Ok : Outcome.Failed;
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConnectionError
            || exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return Outcome.NotConnected;
        }
        catch (HttpRequestException)
        {
            return Outcome.Failed;
        }
        catch (TaskCanceledException)
        {
            return Outcome.Failed;
        }
    }

    private static async Task<(int Status, string? Value)> ReadDraftAsync(HttpClient client, string path, string token, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            if (!response.IsSuccessStatusCode)
            {
                return ((int)response.StatusCode, null);
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            return (200, json.RootElement.TryGetProperty("fields", out var fields) && fields.TryGetProperty(field, out var value)
                ? value.ToString()
                : null);
        }
        catch (HttpRequestException)
        {
            return (0, null);
        }
        catch (TaskCanceledException)
        {
            return (0, null);
        }
    }
}
