using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using EGov.Testing;

namespace EGov.Host.Tests.Hardening;

/// <summary>
/// Fuzzes a running platform from the OpenAPI documents it serves. Two phases within one request budget:
/// <list type="number">
/// <item>mixed: every operation in turn (reads first, so their answers seed later requests) with generated
/// requests from every caller the operation names, plausible and hostile;</item>
/// <item>known-invalid: bodies the schema refuses, on a quiet host, with exact row counts of every module table
/// before and after each request.</item>
/// </list>
/// Every operation has its own PCG stream (seed and operation), so a path filter replays the same shapes.
/// </summary>
public sealed class OpenApiFuzzRunner(PlatformFactory platform, FuzzSettings settings)
{
    private readonly SchemaValidator _validator = new();
    private readonly Harvest _harvest = new();
    private readonly FuzzReport _report = new();
    private readonly Dictionary<string, HashSet<string>> _admitted = new(StringComparer.Ordinal);

    public async Task<FuzzReport> RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var client = platform.CreateClient();
        var (documents, schemas) = await ApiDocumentReader.DiscoverAsync(client, ct);
        var operations = documents
            .SelectMany(ApiDocumentReader.Operations)
            .Where(o => settings.PathFilter is null || o.Path.Contains(settings.PathFilter, StringComparison.OrdinalIgnoreCase))
            .OrderBy(o => o.Method == "GET" ? 0 : 1)
            .ThenBy(o => o.Document.Name, StringComparer.Ordinal)
            .ThenBy(o => o.Path, StringComparer.Ordinal)
            .ThenBy(o => o.Method, StringComparer.Ordinal)
            .ToList();
        _report.Documents = documents.Select(d => d.Name).ToList();
        _report.Operations = operations.Count;
        if (operations.Count == 0)
        {
            return _report;
        }

        var callers = await Callers.SignInAllAsync(client);
        var factory = new RequestFactory(_validator, _harvest);
        var checks = new ResponseChecks(_validator);
        var withBodies = operations.Where(o => factory.KnownInvalid(o, callers[0], Random(o, "probe")) is not null).ToList();
        var invalidBudget = withBodies.Count == 0 ? 0 : (int)(settings.Requests * FuzzSettings.InvalidShare);

        // Phase 1: mixed.
        var streams = operations.ToDictionary(o => o.Key, o => Random(o, "mixed"), StringComparer.Ordinal);
        for (var sent = 0; sent < settings.Requests - invalidBudget;)
        {
            foreach (var operation in operations)
            {
                if (sent++ >= settings.Requests - invalidBudget)
                {
                    break;
                }

                var random = streams[operation.Key];
                var request = factory.Mixed(operation, PickCaller(operation, callers, random), random);
                await SendAsync(client, checks, request, "mixed", ct);
            }
        }

        // Phase 2: known-invalid bodies on a quiet host, row counts around every request.
        if (invalidBudget > 0)
        {
            var counts = new RowCounts(platform.ConnectionString, schemas);
            await counts.QuiesceAsync(ct);
            var before = await counts.SnapshotAsync(ct);
            var invalidStreams = withBodies.ToDictionary(o => o.Key, o => Random(o, "invalid"), StringComparer.Ordinal);
            for (var sent = 0; sent < invalidBudget;)
            {
                foreach (var operation in withBodies)
                {
                    if (sent++ >= invalidBudget)
                    {
                        break;
                    }

                    var random = invalidStreams[operation.Key];
                    var request = factory.KnownInvalid(operation, PickCaller(operation, callers, random, othersShare: 0.05), random)!;
                    var response = await SendAsync(client, checks, request, "known-invalid", ct);
                    var after = await counts.SnapshotAsync(ct);
                    var changes = RowCounts.Changes(before, after);
                    if (changes.Count > 0)
                    {
                        Add(request, response, $"invalid input wrote rows ({string.Join(", ", changes)})");
                        await counts.QuiesceAsync(ct);
                        after = await counts.SnapshotAsync(ct);
                    }

                    before = after;
                }
            }
        }

        _report.Elapsed = clock.Elapsed;
        return _report;
    }

    /// <summary>
    /// A caller for the next request. Those the document allows, now and then one it does not (to see 401/403);
    /// and, where the document does not say who may call, mostly those that got past authorization before
    /// (learned from earlier answers), so the budget reaches the handlers rather than only the 403s.
    /// </summary>
    private Caller PickCaller(ApiOperation operation, IReadOnlyList<Caller> callers, FuzzRandom random, double othersShare = 0.15)
    {
        var (allowed, others) = Callers.For(operation, callers);
        if (others.Count > 0 && (allowed.Count == 0 || random.Chance(othersShare)))
        {
            return random.Pick(others);
        }

        if (_admitted.TryGetValue(operation.Key, out var admitted) && random.Chance(0.8))
        {
            var learned = allowed.Where(c => admitted.Contains(c.Name)).ToList();
            if (learned.Count > 0)
            {
                return random.Pick(learned);
            }
        }

        return random.Pick(allowed);
    }

    private async Task<(int? Status, string Summary)> SendAsync(HttpClient client, ResponseChecks checks, FuzzRequest request, string phase, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(FuzzSettings.RequestTimeout);
        using var message = request.ToMessage();
        try
        {
            using var response = await client.SendAsync(message, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var summary = $"{status} {mediaType} {ResponseChecks.Excerpt(body)}";
            _report.Count(request, status, phase);
            // A 404 can come from a route constraint before authorization runs (a hostile id): it proves nothing.
            if (status is not (401 or 403) && !(status == 404 && request.Note.Contains("hostile", StringComparison.Ordinal)))
            {
                if (!_admitted.TryGetValue(request.Operation.Key, out var admitted))
                {
                    _admitted[request.Operation.Key] = admitted = new HashSet<string>(StringComparer.Ordinal);
                }

                admitted.Add(request.Caller.Name);
            }

            foreach (var reason in checks.Check(request, status, mediaType, body))
            {
                Add(request, (status, summary), reason);
            }

            if (status is >= 200 and < 300 && mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                try
                {
                    _harvest.AddResponse(JsonNode.Parse(body));
                }
                catch (JsonException)
                {
                    // Reported by the checks already.
                }
            }

            return (status, summary);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _report.Count(request, null, phase);
            Add(request, (null, "(none)"), $"no response within {FuzzSettings.RequestTimeout.TotalSeconds:0} s");
            return (null, "(none)");
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException)
        {
            _report.Count(request, null, phase);
            Add(request, (null, ex.Message), $"request failed in the pipeline: {ex.GetType().Name}");
            return (null, ex.Message);
        }
    }

    private void Add(FuzzRequest request, (int? Status, string Summary) response, string reason) =>
        _report.Add(new Finding(request.Operation.Key, request.Caller.Name, request.Summary(), response.Summary, reason, _report.Total));

    private FuzzRandom Random(ApiOperation operation, string phase)
    {
        // A stable stream per operation and phase (string.GetHashCode is randomised per process).
        var hash = 2166136261u;
        foreach (var c in $"{operation.Document.Name}|{operation.Key}|{phase}")
        {
            hash = (hash ^ c) * 16777619u;
        }

        return new FuzzRandom(new PCG(hash, settings.Seed));
    }
}
