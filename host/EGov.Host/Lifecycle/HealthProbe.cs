namespace EGov.Host.Lifecycle;

/// <summary>
/// Command-line verb <c>healthcheck [url]</c>: asks the running instance's <c>/health/ready</c> and exits 0 when it
/// answers 2xx, 1 otherwise. Container images without curl or wget use it for their <c>HEALTHCHECK</c>. It starts
/// nothing of the platform and needs no settings besides <c>ASPNETCORE_URLS</c>, which tells where the instance listens.
/// </summary>
internal static class HealthProbe
{
    public const string Verb = "healthcheck";
    public const string ReadinessPath = "/health/ready";

    public static bool IsHealthcheckCommand(string[] args) =>
        args.Length > 0 && string.Equals(args[0], Verb, StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args)
    {
        Uri url;
        try
        {
            url = args.Length > 1 ? new Uri(args[1], UriKind.Absolute) : ReadinessUrl(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));
        }
        catch (UriFormatException)
        {
            await Console.Error.WriteLineAsync("healthcheck: give an absolute URL such as http://localhost:8080/health/ready.");
            return 2;
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(url);
            await Console.Out.WriteLineAsync($"{url} {(int)response.StatusCode} {response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Out.WriteLineAsync($"{url} unreachable: {ex.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The readiness URL on this machine for the first address in <paramref name="urls"/> (the value of
    /// <c>ASPNETCORE_URLS</c>); wildcard hosts (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) become <c>localhost</c>.
    /// </summary>
    public static Uri ReadinessUrl(string? urls)
    {
        var first = (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://localhost:8080";
        var schemeEnd = first.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? first[..schemeEnd] : "http";
        var rest = schemeEnd > 0 ? first[(schemeEnd + 3)..] : first;
        var hostEnd = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
        var host = hostEnd > 0 ? rest[..hostEnd] : rest;
        var tail = hostEnd > 0 ? rest[hostEnd..] : string.Empty;
        if (host is "+" or "*" or "0.0.0.0" or "[::]" or "")
        {
            host = "localhost";
        }

        var port = tail.StartsWith(':') ? tail[1..].Split('/')[0] : string.Empty;
        var authority = port.Length > 0 ? $"{host}:{port}" : host;
        return new Uri($"{scheme}://{authority}{ReadinessPath}", UriKind.Absolute);
    }
}
