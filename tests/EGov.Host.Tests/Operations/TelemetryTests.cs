using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using EGov.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EGov.Host.Tests.Operations;

/// <summary>
/// The OpenTelemetry pipeline as configured by the host: request, database and grain spans in one trace, the trace
/// id of a problem response matching its request's span, and the Prometheus scrape endpoint when switched on.
/// A processor added to the host's own tracer provider sees exactly what an OTLP exporter would send.
/// Only this class's host records spans, and the database instrumentation listens process-wide; the class runs in the
/// serial collection, so no other host starts or stops while it waits for spans.
/// </summary>
[Collection(nameof(EGov.Host.Tests.Orleans.SiloTests))]
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly SpanCapture _spans = new();
    private PlatformFactory? _platform;
    private WebApplicationFactory<Program>? _traced;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _platform = new PlatformFactory(
            await PostgresServer.CreateDatabaseAsync("telemetry"),
            new Dictionary<string, string?> { ["Telemetry:PrometheusEnabled"] = "true", ["Telemetry:TracingEnabled"] = "true" });
        _traced = _platform.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(_spans))));
        _traced.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        if (_traced is not null)
        {
            await _traced.DisposeAsync();
        }

        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_request_that_calls_a_grain_has_the_grain_call_in_its_trace()
    {
        using var client = _traced!.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", await Tokens.PasswordAsync(client, "citizen.bruno"));

        using var response = await client.GetAsync("/api/g2c/session", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var request = await _spans.EventuallyAsync(s => s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("http.route") as string == "/api/g2c/session/");
        Assert.True(await Database.EventuallyAsync(() => Task.FromResult(
            _spans.InTrace(request.TraceId).Any(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)))),
            $"No Orleans span in the request's trace; sources seen: {_spans.Sources(request.TraceId)}");
    }

    [Fact]
    public async Task An_ef_core_query_and_its_npgsql_command_are_traced_under_their_request()
    {
        using var client = _traced!.CreateClient();
        using var response = await client.GetAsync("/api/g2g/agencies", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var request = await _spans.EventuallyAsync(s => s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("http.route") as string == "/api/g2g/agencies/");
        Assert.True(await Database.EventuallyAsync(() => Task.FromResult(
            _spans.InTrace(request.TraceId).Any(s => s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal)))),
            $"No EF Core span in the request's trace; sources seen: {_spans.Sources(request.TraceId)}");
        Assert.True(await Database.EventuallyAsync(() => Task.FromResult(
            _spans.InTrace(request.TraceId).Any(s => s.Source.Name == "Npgsql"))),
            $"No Npgsql span in the request's trace; sources seen: {_spans.Sources(request.TraceId)}");
    }

    [Fact]
    public async Task A_problem_response_carries_the_trace_id_of_its_request_span()
    {
        using var client = _traced!.CreateClient();
        using var response = await client.GetAsync("/api/g2g/agencies/NOSUCH", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var traceId = problem.RootElement.GetProperty("traceId").GetString();

        var request = await _spans.EventuallyAsync(s => s.Source.Name == "Microsoft.AspNetCore" && s.TraceId.ToHexString() == traceId);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal(404, request.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task Health_probes_are_not_traced()
    {
        using var client = _traced!.CreateClient();
        using var marker = await client.GetAsync("/api/g2g/agencies/HEALTHMARK", Ct);
        (await client.GetAsync("/health/ready", Ct)).Dispose();
        (await client.GetAsync("/health/live", Ct)).Dispose();
        using var after = await client.GetAsync("/api/g2g/agencies/AFTERHEALTH", Ct);
        _ = await _spans.EventuallyAsync(s => s.Source.Name == "Microsoft.AspNetCore" && (s.GetTagItem("url.path") as string)?.EndsWith("/AFTERHEALTH", StringComparison.Ordinal) == true);

        Assert.DoesNotContain(_spans.All, s => s.Source.Name == "Microsoft.AspNetCore" && (s.GetTagItem("url.path") as string)?.StartsWith("/health", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_prometheus_endpoint_serves_http_runtime_and_orleans_metrics_when_switched_on()
    {
        using var client = _traced!.CreateClient();
        (await client.GetAsync("/api/g2g/agencies", Ct)).Dispose();

        string body = string.Empty;
        Assert.True(await Database.EventuallyAsync(async () =>
        {
            using var scrape = await client.GetAsync("/metrics", Ct);
            body = await scrape.Content.ReadAsStringAsync(Ct);
            return scrape.StatusCode == HttpStatusCode.OK && body.Contains("http_server_request_duration_seconds", StringComparison.Ordinal);
        }), "The scrape has no HTTP server metric.");
        Assert.Contains("dotnet_gc_", body, StringComparison.Ordinal);
        Assert.Contains("orleans", body, StringComparison.Ordinal);
        Assert.Contains("db_client_", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_prometheus_endpoint_is_off_by_default()
    {
        await using var plain = await PlatformFactory.StartAsync("telemetry-off");
        using var client = plain.CreateClient();
        using var scrape = await client.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
    }

    [Fact]
    public async Task Spans_are_not_recorded_without_somewhere_to_send_them()
    {
        await using var plain = await PlatformFactory.StartAsync("telemetry-untraced");
        Assert.Null(plain.Services.GetService<TracerProvider>());
        Assert.NotNull(plain.Services.GetService<MeterProvider>());
    }

    /// <summary>Keeps every finished span.</summary>
    private sealed class SpanCapture : BaseProcessor<Activity>
    {
        private readonly ConcurrentQueue<Activity> _spans = new();

        public IReadOnlyCollection<Activity> All => _spans;

        public override void OnEnd(Activity data) => _spans.Enqueue(data);

        public IEnumerable<Activity> InTrace(ActivityTraceId traceId) => _spans.Where(s => s.TraceId == traceId);

        public string Sources(ActivityTraceId traceId) => string.Join(", ", InTrace(traceId).Select(s => s.Source.Name).Distinct());

        public async Task<Activity> EventuallyAsync(Func<Activity, bool> match)
        {
            Activity? found = null;
            Assert.True(await Database.EventuallyAsync(() => Task.FromResult((found = _spans.FirstOrDefault(match)) is not null)), "No matching span was exported.");
            return found!;
        }
    }
}
