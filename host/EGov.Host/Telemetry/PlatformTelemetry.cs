using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Hosting;

namespace EGov.Host.Telemetry;

/// <summary>
/// OpenTelemetry for the platform: traces of incoming requests (ASP.NET Core), outgoing calls (HttpClient, e.g. the
/// Keycloak metadata fetch), database work (EF Core and Npgsql) and grain calls (Orleans); metrics of the same plus the
/// .NET runtime and Orleans. Exported over OTLP when an endpoint is configured, scraped by Prometheus when switched on.
/// Spans are recorded only when they go somewhere (an OTLP endpoint, or <c>Telemetry:TracingEnabled</c>).
/// Console logs are JSON in Production. See docs/operations.md.
/// </summary>
internal static class PlatformTelemetry
{
    /// <summary>Activity sources besides the instrumentation libraries': Orleans' grain-call spans.</summary>
    public static readonly string[] ActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Meters besides the instrumentation libraries': Orleans' silo, messaging and grain metrics.</summary>
    public static readonly string[] Meters = ["Microsoft.Orleans"];

    public static WebApplicationBuilder AddPlatformTelemetry(this WebApplicationBuilder builder)
    {
        var settings = TelemetrySettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);

        if (builder.Environment.IsProduction())
        {
            // One JSON object per line, with the trace and span ids of the request, for log shippers.
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                settings.ServiceName,
                serviceVersion: typeof(PlatformTelemetry).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: Environment.MachineName));

        if (settings.RecordsTraces)
        {
            // Grain calls create spans (and carry the trace across silos) only with activity propagation on.
            builder.UseOrleans(silo => silo.AddActivityPropagation());
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperationalPath(context.Request.Path, settings))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddNpgsql()
                .AddSource(ActivitySources));
        }

        telemetry.WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(Meters);
                if (settings.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }
            });

        if (settings.OtlpUri is { } endpoint)
        {
            // Traces, metrics and logs to one collector; the exporter adds the signal paths for http/protobuf.
            telemetry.UseOtlpExporter(settings.OtlpUsesHttp ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, endpoint);
        }

        return builder;
    }

    /// <summary>Maps the Prometheus scrape endpoint when it is switched on.</summary>
    public static WebApplication MapPlatformTelemetry(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<TelemetrySettings>();
        if (settings.PrometheusEnabled)
        {
            app.MapPrometheusScrapingEndpoint(settings.PrometheusPath).ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>Health probes and scrapes run every few seconds: spans of them would drown the useful ones.</summary>
    private static bool IsOperationalPath(PathString path, TelemetrySettings settings) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || (settings.PrometheusEnabled && path.StartsWithSegments(settings.PrometheusPath, StringComparison.OrdinalIgnoreCase));
}
