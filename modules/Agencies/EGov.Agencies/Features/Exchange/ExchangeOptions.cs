namespace EGov.Agencies.Features.Exchange;

/// <summary>Settings of the exchange (<c>Agencies:Exchange</c>).</summary>
internal sealed class ExchangeOptions
{
    public const string Section = "Agencies:Exchange";
    public const string HttpClientName = "g2g-agency-systems";

    /// <summary>How long an agency system has to answer one call. Default 10 seconds.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Whether agency-system endpoints may be plain <c>http://</c> on a loopback address (a provider on the same host,
    /// in development and tests). Off by default; every other endpoint must be HTTPS.
    /// </summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>The largest answer accepted from an agency system, in bytes. Default 4 MiB.</summary>
    public int MaxAnswerBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Whether <paramref name="endpoint"/> may be registered for an agency system under these settings.</summary>
    public bool Admits(Uri endpoint) =>
        endpoint.IsAbsoluteUri
        && string.IsNullOrEmpty(endpoint.UserInfo)
        && string.IsNullOrEmpty(endpoint.Query)
        && string.IsNullOrEmpty(endpoint.Fragment)
        && (endpoint.Scheme == Uri.UriSchemeHttps || (AllowLoopbackHttp && endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback));
}
