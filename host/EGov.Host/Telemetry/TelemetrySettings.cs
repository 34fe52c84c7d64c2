using EGov.Host.Platform;

namespace EGov.Host.Telemetry;

/// <summary>
/// Settings of section <c>Telemetry</c>. Traces, metrics and logs leave the process over OTLP only when an endpoint
/// is configured (here or through the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); the Prometheus scrape
/// endpoint is off unless switched on.
/// </summary>
internal sealed class TelemetrySettings
{
    public const string Section = "Telemetry";

    /// <summary>The standard OpenTelemetry variable, honoured when <see cref="OtlpEndpoint"/> is not set.</summary>
    public const string StandardOtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary><c>service.name</c> of every span, metric and log record.</summary>
    public string ServiceName { get; set; } = "egov-platform";

    /// <summary>OTLP collector, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> (HTTP).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>
    /// Record traces (request, grain-call and database spans). Unset: on when an OTLP endpoint is configured, off
    /// otherwise, because spans that nobody exports still cost CPU on every request and grain call.
    /// </summary>
    public bool? TracingEnabled { get; set; }

    /// <summary>Whether spans are recorded, after the default of <see cref="TracingEnabled"/> is applied.</summary>
    public bool RecordsTraces => TracingEnabled ?? OtlpUri is not null;

    /// <summary>Serve metrics in the Prometheus text format at <see cref="PrometheusPath"/>.</summary>
    public bool PrometheusEnabled { get; set; }

    public string PrometheusPath { get; set; } = "/metrics";

    public Uri? OtlpUri => string.IsNullOrWhiteSpace(OtlpEndpoint) ? null : new Uri(OtlpEndpoint, UriKind.Absolute);

    public bool OtlpUsesHttp => string.Equals(OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase);

    /// <summary>Binds and validates the section; a wrong value stops the start with one readable line.</summary>
    public static TelemetrySettings Read(IConfiguration configuration)
    {
        var settings = new TelemetrySettings();
        try
        {
            configuration.GetSection(Section).Bind(settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new PlatformConfigurationException($"Telemetry settings cannot be read: {ex.Message}");
        }

        if (string.IsNullOrWhiteSpace(settings.OtlpEndpoint))
        {
            settings.OtlpEndpoint = configuration[StandardOtlpEndpointVariable];
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.ServiceName))
        {
            failures.Add("Telemetry:ServiceName must not be empty.");
        }

        if (!string.IsNullOrWhiteSpace(settings.OtlpEndpoint)
            && !(Uri.TryCreate(settings.OtlpEndpoint, UriKind.Absolute, out var otlp) && (otlp.Scheme == Uri.UriSchemeHttp || otlp.Scheme == Uri.UriSchemeHttps)))
        {
            failures.Add($"Telemetry:OtlpEndpoint must be an absolute http(s) URL such as http://otel-collector:4317 (got '{settings.OtlpEndpoint}').");
        }

        if (!string.Equals(settings.OtlpProtocol, "grpc", StringComparison.OrdinalIgnoreCase) && !settings.OtlpUsesHttp)
        {
            failures.Add($"Telemetry:OtlpProtocol must be grpc or http/protobuf (got '{settings.OtlpProtocol}').");
        }

        if (string.IsNullOrWhiteSpace(settings.PrometheusPath) || !settings.PrometheusPath.StartsWith('/') || settings.PrometheusPath.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Telemetry:PrometheusPath must be a path such as /metrics, outside /api (got '{settings.PrometheusPath}').");
        }

        return failures.Count == 0 ? settings : throw new PlatformConfigurationException(string.Join("; ", failures));
    }
}
