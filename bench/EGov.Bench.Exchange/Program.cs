// The G2G message log benchmark: exchanges per second through directory, rights check and log against the same call
// without the log; entries per second the signer sustains; the time to verify one million entries offline.
//
//   EGOV_TEST_PG="Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres" \
//     dotnet run -c Release --project bench/EGov.Bench.Exchange -- [seconds per run, default 10] [connections, default 16]
//
// The platform runs in process (the test host, Development, its own database), the callers are NTA's service account
// calling NCR's person-basic-record (answered by G2C through its contract), with a real token.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using EGov.Agencies.Domain.Exchange;
using EGov.Agencies.Features.MessageLog;
using EGov.Testing;
using HdrHistogram;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
var settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Agencies:MessageLog:SignIntervalSeconds"] = "1" };
Console.WriteLine($"G2G message log benchmark: {seconds} s per run, {connections} connections, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

await using var platform = await PlatformFactory.StartAsync("bench-g2g", settings);
var logged = await Bench.ExchangeAsync(platform.CreateClient(), seconds, connections);
await using var unlogged = platform.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IMessageLog, Bench.NoLog>()));
var plain = await Bench.ExchangeAsync(unlogged.CreateClient(), seconds, connections);
Bench.Report("exchange with the message log", logged);
Bench.Report("same call without the log", plain);
Console.WriteLine($"  the log costs {100 * (1 - logged.Rps / plain.Rps):0.0} % of the unlogged throughput");

await Bench.SignerAsync(platform);
Bench.Verify(1_000_000);

internal static class Bench
{
    public sealed record Run(double Rps, double P50Ms, double P99Ms, long Calls);

    public static async Task<Run> ExchangeAsync(HttpClient client, int seconds, int connections)
    {
        var token = await Tokens.ClientCredentialsAsync(client, "agency-nta", "agency-nta-dev-secret");
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        async Task<bool> Once()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/g2g/exchange/NCR/person-basic-record?nationalId=85031200421");
            request.Headers.Add("X-EGov-Client", "NTA");
            request.Headers.Add("X-EGov-Message-Id", Guid.NewGuid().ToString());
            request.Headers.Add("X-EGov-User-Id", "NTA:E-4001");
            request.Headers.Add("X-EGov-Purpose", "Benchmark");
            using var response = await client.SendAsync(request);
            return (int)response.StatusCode is 200 or 404;
        }

        for (var i = 0; i < 200; i++)
        {
            if (!await Once())
            {
                throw new InvalidOperationException("The exchange call does not succeed.");
            }
        }

        var histogram = new LongConcurrentHistogram(1, TimeStamp.Minutes(1), 3);
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        long calls = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var t = Stopwatch.GetTimestamp();
                await Once();
                histogram.RecordValue(Stopwatch.GetTimestamp() - t);
                Interlocked.Increment(ref calls);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
        return new Run(calls / elapsed, Ms(50), Ms(99), calls);
    }

    public static void Report(string name, Run run) =>
        Console.WriteLine($"  {name,-32} {run.Rps,8:0} calls/s   p50 {run.P50Ms,6:0.00} ms   p99 {run.P99Ms,6:0.00} ms   ({run.Calls} calls)");

    /// <summary>Entries per second the writer appends in groups, then the signer signs (batches of at most 50,000).</summary>
    public static async Task SignerAsync(PlatformFactory platform)
    {
        await using var dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
        var signer = platform.Services.GetRequiredService<MessageLogSigner>();
        while ((await signer.SignPendingAsync(CancellationToken.None)).Entries > 0)
        {
        }

        const int entries = 200_192;
        var records = Enumerable.Range(0, 512).Select(Record).ToList();
        var write = Stopwatch.StartNew();
        long head = 0;
        for (var written = 0; written < entries; written += records.Count)
        {
            head = (await MessageLogWriter.WriteAsync(dataSource, records, CancellationToken.None))[^1];
        }

        write.Stop();
        Console.WriteLine($"  log writer, groups of 512: {entries / write.Elapsed.TotalSeconds,8:0} entries/s");
        var sign = Stopwatch.StartNew();
        while (true)
        {
            await signer.SignPendingAsync(CancellationToken.None);
            await using var command = dataSource.CreateCommand("SELECT coalesce(max(last_sequence), 0) FROM g2g.message_log_batches");
            if ((long)(await command.ExecuteScalarAsync())! >= head)
            {
                break;
            }
        }

        sign.Stop();
        Console.WriteLine($"  signer (recompute chain + ES256): {entries / sign.Elapsed.TotalSeconds,8:0} entries/s ({entries} entries in {sign.Elapsed.TotalSeconds:0.00} s)");
    }

    /// <summary>Builds a million chained entries signed in batches of 50,000, exports them as JSON pages of 10,000, and times parsing and verifying them.</summary>
    public static void Verify(int count)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(false).Q;
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = "EC", crv = "P-256", kid = "bench", x = System.Buffers.Text.Base64Url.EncodeToString(point.X!), y = System.Buffers.Text.Base64Url.EncodeToString(point.Y!), alg = "ES256", use = "sig" } } });
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var pages = new List<string>();
        var previous = LogChain.Genesis;
        var entries = new List<ExportedEntry>(10_000);
        var batches = new List<ExportedBatch>();
        var batchStart = 1L;
        var batchPrevious = previous;
        var pageStart = 1L;
        var pagePrevious = previous;
        for (long n = 1; n <= count; n++)
        {
            var record = Record((int)n) with { At = LogChain.Truncate(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(n)) };
            previous = LogChain.Hash(previous, n, record);
            entries.Add(new ExportedEntry(n, previous, false, LogChain.FormatTime(record.At), record.Consumer, record.Client, record.Provider, record.Service, record.Operation,
                record.Purpose, record.LegalBasis, record.Issue, record.EndUser, record.SubjectKind.ToString(), record.SubjectId, record.MessageId, record.RequestHash,
                record.ResponseHash, record.Status, record.Outcome.ToString(), record.DurationMicros));
            if (n % 50_000 == 0)
            {
                var statement = new BatchStatement(BatchStatement.LogName, batchStart, n, batchPrevious, previous, "2026-12-01T00:00:00.000000Z");
                batches.Add(new ExportedBatch(batchStart, n, "bench", SignCompact(JsonSerializer.SerializeToUtf8Bytes(statement, BatchStatement.Json), key), statement.SignedAt));
                batchStart = n + 1;
                batchPrevious = previous;
            }

            if (n % 10_000 == 0)
            {
                var covering = batches.Where(b => b.Last >= pageStart).ToList();
                pages.Add(JsonSerializer.Serialize(new LogExportPage(pageStart, n, pagePrevious, entries, covering, "/api/g2g/log/keys"), json));
                entries = new List<ExportedEntry>(10_000);
                pageStart = n + 1;
                pagePrevious = previous;
            }
        }

        // Pages exported before their batch was signed: the batch is added to the page that closes it.
        var watch = Stopwatch.StartNew();
        var verifier = MessageLogVerifier.FromJwks(jwks);
        foreach (var page in pages)
        {
            verifier.Add(JsonSerializer.Deserialize<LogExportPage>(page, json)!);
        }

        var result = verifier.Result();
        watch.Stop();
        var megabytes = pages.Sum(p => (long)p.Length) / 1e6;
        Console.WriteLine($"  verify {count:N0} entries ({megabytes:0} MB of export JSON, {result.BatchesChecked} signatures): {watch.Elapsed.TotalSeconds:0.00} s, valid: {result.Valid} {result.Problem}");
    }

    private static string SignCompact(byte[] payload, ECDsa key)
    {
        var header = System.Buffers.Text.Base64Url.EncodeToString("{\"alg\":\"ES256\",\"kid\":\"bench\",\"typ\":\"JWT\"}"u8);
        var input = header + "." + System.Buffers.Text.Base64Url.EncodeToString(payload);
        var signature = key.SignData(System.Text.Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + System.Buffers.Text.Base64Url.EncodeToString(signature);
    }

    private static LogRecord Record(int i) => new(
        LogChain.Truncate(DateTimeOffset.UtcNow), "NTA", "NTA", "NCR", "person-basic-record", "read", "Annual assessment 2026", "Tax Code s. 45",
        $"NTA-2026-{i % 1_000_000:000000}", "NTA:E-4001", DataSubjectKind.Person, "85031200421", Guid.NewGuid().ToString(),
        new string('a', 128), new string('b', 128), 200, ExchangeOutcome.Answered, 1500 + (i % 997), null, null);

    /// <summary>The same exchange without the message log (no replay check, no entry): the benchmark's baseline only.</summary>
    internal sealed class NoLog : IMessageLog
    {
        public Task<bool> ReserveMessageIdAsync(string consumer, string messageId, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<long> AppendAsync(LogRecord record, CancellationToken cancellationToken) => Task.FromResult(0L);
    }
}
