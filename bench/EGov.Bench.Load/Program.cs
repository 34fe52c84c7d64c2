using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.Bench.Load;
using HdrHistogram;

// Load generator of bench/run.sh. Commands:
//   tokens  --base URL --count N --out FILE [--password P] [--concurrency C]
//   businesses --base URL --tokens FILE --count M --out FILE --powers FILE [--registrar U] [--password P] [--concurrency C]
//           (registers M companies, token i's citizen the director of company i; writes their numbers, and "subject number" lines)
//   (prefill, load and sweep take --businesses FILE: the business session of token i's citizen for company i instead)
//   prefill --target URL --tokens FILE --out FILE [--bytes 1024] [--concurrency C]
//   load    --target URL --tokens FILE --out FILE --label L [--rate R] [--connections C] [--warmup S] [--duration S]
//           [--hot H] [--read-share 0.8] [--anonymous-prefix /anon/g2c/session]
//           (--target A,B: connections split across the targets; --cluster-metrics: Orleans messages from each target's /metrics)
//   sweep   --target URL --tokens FILE --out FILE [--concurrency C] [--path P]
//   failover --targets A,B --tokens FILE --out FILE --rate R --kill-pid PID [--kill-after S] [--duration S] (Failover.cs)
//   report  --dir DIR --json FILE --markdown FILE --command TEXT --machine TEXT [--quick]
var options = Options.Parse(args.Skip(1));
var command = args.FirstOrDefault() ?? "";
try
{
    return command switch
    {
        "tokens" => await TokenCommand.RunAsync(options),
        "businesses" => await BusinessCommand.RunAsync(options),
        "prefill" => await LoadCommand.PrefillAsync(options),
        "load" => await LoadCommand.RunAsync(options),
        "sweep" => await LoadCommand.SweepAsync(options),
        "failover" => await FailoverCommand.RunAsync(options),
        "report" => Report.Run(options),
        _ => Usage(),
    };
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("usage: EGov.Bench.Load tokens|prefill|load|sweep|failover|report --option value ...");
    return 2;
}

namespace EGov.Bench.Load
{
    internal sealed class Options
    {
        private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

        public static Options Parse(IEnumerable<string> args)
        {
            var options = new Options();
            string? key = null;
            foreach (var arg in args)
            {
                if (arg.StartsWith("--", StringComparison.Ordinal))
                {
                    if (key is not null)
                    {
                        options.values[key] = "true";
                    }

                    key = arg[2..];
                }
                else if (key is not null)
                {
                    options.values[key] = arg;
                    key = null;
                }
            }

            if (key is not null)
            {
                options.values[key] = "true";
            }

            return options;
        }

        public string Get(string name) =>
            values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

        public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

        public int Int(string name, int fallback) =>
            values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

        public double Double(string name, double fallback) =>
            values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

        public bool Flag(string name) => values.TryGetValue(name, out var value) && value != "false";
    }

    internal static class Http
    {
        public static HttpClient Client(string baseUrl, int connections) => new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            UseCookies = false,
        })
        {
            BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"),
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
        };

        public static string[] ReadTokens(string path)
        {
            var tokens = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
            return tokens.Length > 0 ? tokens : throw new ArgumentException($"{path} holds no tokens");
        }

        /// <summary>The <c>sub</c> claim of a JWT (read without validation: the token came from our own request).</summary>
        public static string Subject(string token)
        {
            var payload = token.Split('.')[1];
            using var json = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(payload));
            return json.RootElement.GetProperty("sub").GetString()!;
        }
    }

    internal static class TokenCommand
    {
        public static async Task<int> RunAsync(Options options)
        {
            var count = options.Int("count", 10_000);
            var concurrency = options.Int("concurrency", 16);
            var password = options.Get("password", "egov-demo");
            var prefix = options.Get("username-prefix", "bench.citizen.");
            var tokenPath = options.Get("token-path", "realms/egov/protocol/openid-connect/token");
            using var client = Http.Client(options.Get("base"), concurrency);
            var tokens = new string[count];
            var next = -1;
            var failures = 0;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    using var content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["grant_type"] = "password",
                        ["client_id"] = "egov-portal",
                        ["client_secret"] = "egov-portal-dev-secret",
                        ["username"] = prefix + i.ToString("D6", CultureInfo.InvariantCulture),
                        ["password"] = password,
                    });
                    using var response = await client.PostAsync(tokenPath, content);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                        continue;
                    }

                    using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                    tokens[i] = json.RootElement.GetProperty("access_token").GetString()!;
                }
            }));

            if (failures > 0)
            {
                await Console.Error.WriteLineAsync($"{failures} of {count} token requests failed");
                return 1;
            }

            var subjects = tokens.Select(Http.Subject).Distinct(StringComparer.Ordinal).Count();
            await File.WriteAllLinesAsync(options.Get("out"), tokens);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tokens: {count} tokens for {subjects} distinct subjects in {watch.Elapsed.TotalSeconds:F1} s ({count / watch.Elapsed.TotalSeconds:F0}/s)"));
            return subjects == count ? 0 : 1;
        }
    }

    /// <summary>
    /// Registers one company per token through the platform's API (a registry official, role <c>registrar</c>, as every
    /// company is registered), the token's citizen its director: the register then gives that citizen the power to act, and
    /// the business session checks it on every start and every write as it would for anyone.
    /// </summary>
    internal static class BusinessCommand
    {
        public static async Task<int> RunAsync(Options options)
        {
            var tokens = Http.ReadTokens(options.Get("tokens"));
            var count = Math.Min(options.Int("count", 1000), tokens.Length);
            var concurrency = options.Int("concurrency", 8);
            using var client = Http.Client(options.Get("base"), concurrency);
            var registrar = await RegistrarTokenAsync(client, options);
            var numbers = new string[count];
            var next = -1;
            var failures = 0;
            string? firstFailure = null;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "api/g2b/businesses")
                    {
                        Content = new StringContent(Registration(i, NationalId(tokens[i])), Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registrar);
                    request.Headers.Add("Idempotency-Key", "bench-business-" + i.ToString("D6", CultureInfo.InvariantCulture));
                    using var response = await client.SendAsync(request);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                        Interlocked.CompareExchange(ref firstFailure, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", null);
                        continue;
                    }

                    using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                    numbers[i] = json.RootElement.GetProperty("number").GetString()!;
                }
            }));

            if (failures > 0)
            {
                await Console.Error.WriteLineAsync($"{failures} of {count} registrations failed; the first: {firstFailure}");
                return 1;
            }

            await File.WriteAllLinesAsync(options.Get("out"), numbers);
            await File.WriteAllLinesAsync(options.Get("powers"), numbers.Select((n, i) => Http.Subject(tokens[i]) + " " + n));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"businesses: {count} companies registered in {watch.Elapsed.TotalSeconds:F1} s ({count / watch.Elapsed.TotalSeconds:F0}/s)"));
            return 0;
        }

        private static async Task<string> RegistrarTokenAsync(HttpClient client, Options options)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = "egov-portal",
                ["client_secret"] = "egov-portal-dev-secret",
                ["username"] = options.Get("registrar", "registrar.maria"),
                ["password"] = options.Get("password", "egov-demo"),
            });
            using var response = await client.PostAsync(options.Get("token-path", "realms/egov/protocol/openid-connect/token"), content);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            return json.RootElement.GetProperty("access_token").GetString()!;
        }

        /// <summary>The <c>national_id</c> claim of a token (the development issuer gives every synthetic citizen one).</summary>
        private static string NationalId(string token)
        {
            using var json = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]));
            return json.RootElement.TryGetProperty("national_id", out var id) && id.GetString() is { Length: > 0 } value
                ? value
                : throw new ArgumentException("The tokens carry no national_id claim: the platform's development issuer gives synthetic citizens one.");
        }

        private static string Registration(int i, string nationalId)
        {
            var n = i.ToString("D6", CultureInfo.InvariantCulture);
            var address = new JsonObject { ["line1"] = $"Rua do Ensaio {i + 1}", ["postcode"] = "1000-001", ["city"] = "Lisboa", ["country"] = "PT" };
            return new JsonObject
            {
                ["name"] = $"Bench Company {n} Lda",
                ["legalForm"] = "PrivateLimitedCompany",
                ["registeredAddress"] = address,
                ["activityCodes"] = new JsonArray("62.0"),
                ["shareCapital"] = new JsonObject { ["amount"] = 5000.00m, ["currency"] = "EUR" },
                ["foundedOn"] = "2020-05-01",
                ["officers"] = new JsonArray(new JsonObject
                {
                    ["role"] = "Director",
                    ["nationalId"] = nationalId,
                    ["givenName"] = "Synthetic",
                    ["familyName"] = "Citizen " + n,
                    ["homeAddress"] = address.DeepClone(),
                }),
                ["beneficialOwners"] = new JsonArray(),
            }.ToJsonString();
        }
    }

    /// <summary>
    /// What a request of the workload is: the citizen session (<c>/api/g2c/session</c>, drafts per service code and form
    /// field) or, with <c>--businesses FILE</c>, the business session of token i's citizen for company i of the file
    /// (<c>/api/g2b/businesses/{number}/session</c>, draft filings of two kinds).
    /// </summary>
    internal sealed class Workload
    {
        private static readonly string[] FilingKinds = ["ChangeOfAddress", "Appointment"];
        private readonly string[] services;
        private readonly string[] fields;
        private readonly string[]? numbers;

        public Workload(Options options)
        {
            services = options.Get("services", "birth-certificate-copy").Split(',', StringSplitOptions.RemoveEmptyEntries);
            fields = options.Get("fields", "personName,placeOfBirth").Split(',', StringSplitOptions.RemoveEmptyEntries);
            ReadShare = options.Double("read-share", 0.8);
            var file = options.Get("businesses", "");
            numbers = file.Length > 0 ? File.ReadAllLines(file).Where(l => l.Length > 0).ToArray() : null;
        }

        public double ReadShare { get; }

        public bool Businesses => numbers is not null;

        public string Service(int i) => services[i % services.Length];

        /// <summary>The tokens the workload uses: every one, or one per company of the businesses file.</summary>
        public string[] Limit(string[] tokens) => numbers is null ? tokens : tokens.Take(numbers.Length).ToArray();

        public string SessionPath(int i) => numbers is null ? "api/g2c/session" : $"api/g2b/businesses/{numbers[i]}/session";

        public string DraftPath(int i, int variant) =>
            $"{SessionPath(i)}/drafts/{(numbers is null ? services[variant % services.Length] : FilingKinds[variant % FilingKinds.Length])}";

        /// <summary>A draft body whose values add up to about <paramref name="bytes"/> characters.</summary>
        public string Body(int bytes, int seed)
        {
            if (numbers is not null)
            {
                var half = new string((char)('a' + (seed % 26)), Math.Max(1, bytes / 2));
                return new JsonObject { ["registeredAddress"] = new JsonObject { ["line1"] = half, ["line2"] = half } }.ToJsonString();
            }

            var json = new JsonObject();
            var per = Math.Max(1, bytes / fields.Length);
            foreach (var field in fields)
            {
                json[field] = new string((char)('a' + (seed % 26)), per);
            }

            return new JsonObject { ["fields"] = json }.ToJsonString();
        }

        /// <summary>The small write of the mixed workload: one value changed in the draft of <paramref name="variant"/>.</summary>
        public string SmallBody(int variant, int seed)
        {
            var value = "value-" + seed.ToString(CultureInfo.InvariantCulture);
            if (numbers is not null)
            {
                return variant % FilingKinds.Length == 0
                    ? new JsonObject { ["registeredAddress"] = new JsonObject { ["line1"] = value } }.ToJsonString()
                    : new JsonObject { ["officer"] = new JsonObject { ["givenName"] = value } }.ToJsonString();
            }

            return new JsonObject { ["fields"] = new JsonObject { [fields[seed % fields.Length]] = value } }.ToJsonString();
        }
    }

    internal static class LoadCommand
    {
        private const long HighestMicros = 60_000_000;

        public static async Task<int> PrefillAsync(Options options)
        {
            var workload = new Workload(options);
            var tokens = workload.Limit(Http.ReadTokens(options.Get("tokens")));
            var bytes = options.Int("bytes", 1024);
            var concurrency = options.Int("concurrency", 32);
            using var client = Http.Client(options.Get("target"), concurrency);
            var histogram = new LongConcurrentHistogram(1, HighestMicros, 3);
            var next = -1;
            var errors = 0;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < tokens.Length)
                {
                    var started = Stopwatch.GetTimestamp();
                    var ok = await SendAsync(client, HttpMethod.Put, workload.DraftPath(i, 0), tokens[i], workload.Body(bytes, i));
                    histogram.RecordValue(Micros(Stopwatch.GetTimestamp() - started));
                    if (!ok)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }));

            var result = Result(options.Get("label", "prefill"), "prefill", histogram, tokens.Length, errors, watch.Elapsed.TotalSeconds);
            result["bytesPerDraft"] = bytes;
            return Write(options, result, errors);
        }

        /// <summary>
        /// GET session (or <c>--path</c>) once per citizen: right after a restart, every request activates a grain from
        /// PostgreSQL.
        /// </summary>
        public static async Task<int> SweepAsync(Options options)
        {
            var workload = new Workload(options);
            var tokens = workload.Limit(Http.ReadTokens(options.Get("tokens"))).Take(options.Int("limit", int.MaxValue)).ToArray();
            var concurrency = options.Int("concurrency", 32);
            var path = options.Get("path", "").TrimStart('/');

            // Several targets (comma-separated): worker w sends to target w mod n.
            var targets = options.Get("target").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var clients = targets.Select(t => Http.Client(t, concurrency)).ToArray();
            var histogram = new LongConcurrentHistogram(1, HighestMicros, 3);
            var next = -1;
            var errors = 0;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
            {
                var client = clients[worker % clients.Length];
                int i;
                while ((i = Interlocked.Increment(ref next)) < tokens.Length)
                {
                    var started = Stopwatch.GetTimestamp();
                    var ok = await SendAsync(client, HttpMethod.Get, path.Length > 0 ? path : workload.SessionPath(i), tokens[i], null);
                    histogram.RecordValue(Micros(Stopwatch.GetTimestamp() - started));
                    if (!ok)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }));

            foreach (var client in clients)
            {
                client.Dispose();
            }

            return Write(options, Result(options.Get("label", "sweep"), "sweep", histogram, tokens.Length, errors, watch.Elapsed.TotalSeconds), errors);
        }

        /// <summary>
        /// Closed loop (no <c>--rate</c>): each connection sends its next request when the last one is answered, for the
        /// saturated throughput. Fixed rate (<c>--rate R</c>): request k of connection c is due at start + (c + k·C)/R and its
        /// latency is measured from that due time, so a stalled server is charged for the requests it held back
        /// (coordinated-omission correction, as wrk2 does).
        /// </summary>
        public static async Task<int> RunAsync(Options options)
        {
            var workload = new Workload(options);
            var tokens = workload.Limit(Http.ReadTokens(options.Get("tokens")));
            var connections = options.Int("connections", 32);
            var rate = options.Double("rate", 0);
            var warmup = TimeSpan.FromSeconds(options.Double("warmup", 3));
            var duration = TimeSpan.FromSeconds(options.Double("duration", 10));
            var hot = options.Int("hot", 0);
            var keys = hot > 0 ? Math.Min(hot, tokens.Length) : tokens.Length;
            var anonymousPrefix = options.Get("anonymous-prefix", "");
            var subjects = anonymousPrefix.Length > 0 ? tokens.Take(keys).Select(Http.Subject).ToArray() : [];
            // Several targets (comma-separated): connection c sends to target c mod n, like a round-robin balancer.
            var targets = options.Get("target").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var clients = targets.Select(t => Http.Client(t, (connections + targets.Length - 1) / targets.Length)).ToArray();
            var perTarget = new long[targets.Length];
            var scrapeMetrics = options.Flag("cluster-metrics");
            Task<OrleansMessages>? before = null;

            var histogram = new LongConcurrentHistogram(1, HighestMicros, 3);
            var uncorrected = new LongConcurrentHistogram(1, HighestMicros, 3);
            long ops = 0, errors = 0, reads = 0;
            var start = Stopwatch.GetTimestamp();
            var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
            var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            if (scrapeMetrics)
            {
                before = Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)(measureFrom - Stopwatch.GetTimestamp()) / Stopwatch.Frequency));
                    return await OrleansMessages.ScrapeAsync(targets);
                });
            }

            await Task.WhenAll(Enumerable.Range(0, connections).Select(connection => Task.Run(async () =>
            {
                var random = new Random(connection * 7919 + 17);
                var client = clients[connection % clients.Length];
                for (long k = 0; ; k++)
                {
                    long due;
                    if (rate > 0)
                    {
                        due = start + (long)((connection + (k * connections)) / rate * Stopwatch.Frequency);
                        if (due >= end)
                        {
                            return;
                        }

                        var wait = due - Stopwatch.GetTimestamp();
                        if (wait > 0)
                        {
                            await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                        }
                    }
                    else
                    {
                        due = Stopwatch.GetTimestamp();
                        if (due >= end)
                        {
                            return;
                        }
                    }

                    var citizen = random.Next(keys);
                    var read = random.NextDouble() < workload.ReadShare;
                    var sent = Stopwatch.GetTimestamp();
                    bool ok;
                    if (anonymousPrefix.Length > 0)
                    {
                        ok = await SendAsync(client, HttpMethod.Get, $"{anonymousPrefix.TrimStart('/')}/{subjects[citizen]}", null, null);
                    }
                    else if (read)
                    {
                        ok = await SendAsync(client, HttpMethod.Get, workload.SessionPath(citizen), tokens[citizen], null);
                    }
                    else
                    {
                        var variant = random.Next(2);
                        ok = await SendAsync(client, HttpMethod.Put, workload.DraftPath(citizen, variant), tokens[citizen],
                            workload.SmallBody(variant, random.Next()));
                    }

                    var done = Stopwatch.GetTimestamp();
                    if (due < measureFrom)
                    {
                        continue;
                    }

                    histogram.RecordValue(Math.Min(HighestMicros, Micros(done - due)));
                    uncorrected.RecordValue(Math.Min(HighestMicros, Micros(done - sent)));
                    Interlocked.Increment(ref ops);
                    Interlocked.Increment(ref perTarget[connection % clients.Length]);
                    if (read)
                    {
                        Interlocked.Increment(ref reads);
                    }

                    if (!ok)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            })));

            var seconds = (Stopwatch.GetTimestamp() - measureFrom) / (double)Stopwatch.Frequency;
            var result = Result(options.Get("label"), rate > 0 ? "fixed-rate" : "closed-loop", histogram, ops, errors, seconds);
            foreach (var client in clients)
            {
                client.Dispose();
            }

            if (targets.Length > 1)
            {
                result["targets"] = targets.Length;
                result["opsPerTarget"] = new JsonArray([.. perTarget.Select(n => JsonValue.Create(n))]);
            }

            if (before is not null)
            {
                var delta = (await OrleansMessages.ScrapeAsync(targets)) - await before;
                result["siloMessagesRemote"] = delta.Remote;
                result["siloMessagesLocal"] = delta.Local;
                // Every request makes one session-grain call; a call that crosses nodes sends two messages over a
                // silo connection (request and response), so remote / 2 / requests is the share of calls that crossed.
                result["crossNodeShare"] = ops > 0 ? Math.Round(Math.Min(1, delta.Remote / 2.0 / ops), 3) : null;
            }

            result["connections"] = connections;
            result["offeredOpsPerSec"] = rate > 0 ? rate : null;
            result["distinctCitizens"] = keys;
            result["businessSessions"] = workload.Businesses;
            result["readShare"] = ops == 0 ? 0 : Math.Round((double)reads / ops, 3);
            result["anonymous"] = anonymousPrefix.Length > 0;
            result["uncorrectedP99Ms"] = Ms(uncorrected.GetValueAtPercentile(99));
            return Write(options, result, errors);
        }

        private static async Task<bool> SendAsync(HttpClient client, HttpMethod method, string path, string? token, string? body)
        {
            using var request = new HttpRequestMessage(method, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }

        internal static long Micros(long ticks) => Math.Max(1, ticks * 1_000_000 / Stopwatch.Frequency);

        private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);

        internal static JsonObject Result(string label, string mode, HistogramBase histogram, long ops, long errors, double seconds) => new()
        {
            ["label"] = label,
            ["mode"] = mode,
            ["ops"] = ops,
            ["errors"] = errors,
            ["seconds"] = Math.Round(seconds, 3),
            ["opsPerSec"] = Math.Round(ops / Math.Max(seconds, 1e-9), 1),
            ["p50Ms"] = Ms(histogram.GetValueAtPercentile(50)),
            ["p90Ms"] = Ms(histogram.GetValueAtPercentile(90)),
            ["p99Ms"] = Ms(histogram.GetValueAtPercentile(99)),
            ["p999Ms"] = Ms(histogram.GetValueAtPercentile(99.9)),
            ["maxMs"] = Ms(histogram.GetMaxValue()),
        };

        internal static int Write(Options options, JsonObject result, long errors)
        {
            File.WriteAllText(options.Get("out"), result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result["label"],-22} {result["mode"],-11} {(double)result["opsPerSec"]!,9:F0} ops/s  p50 {(double)result["p50Ms"]!,7:F2}  p99 {(double)result["p99Ms"]!,7:F2}  p99.9 {(double)result["p999Ms"]!,7:F2} ms  errors {errors}"));
            return 0;
        }
    }
}
