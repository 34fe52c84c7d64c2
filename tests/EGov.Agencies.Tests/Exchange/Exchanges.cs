using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Agencies.Features.MessageLog;
using EGov.Testing;

namespace EGov.Agencies.Tests.Exchange;

/// <summary>The steps the exchange tests share, each one HTTP call of the public API.</summary>
internal static class Exchanges
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string NewCode(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>An agency-system service of the provider answering at <paramref name="endpoint"/>.</summary>
    public static object AgencySystemService(string code, string endpoint, params (string Name, string Method)[] operations) => new
    {
        code,
        name = "Residency status",
        description = "Whether a person is resident, from the agency's own system.",
        openApi = new { openapi = "3.1.0", info = new { title = "Residency status", version = "1" }, paths = new { } },
        personalData = new[] { "nationalId", "residency" },
        legalBases = new[] { "Residence Act s. 7", "Social Code s. 3" },
        operations = (operations.Length == 0 ? [("residency", "Get")] : operations).Select(o => new { name = o.Name, method = o.Method }).ToArray(),
        subjectKind = "Person",
        subjectParameter = "nationalId",
        answeredBy = "AgencySystem",
        endpoint,
    };

    public static async Task<JsonElement> PublishAsync(HttpClient provider, object service)
    {
        using var response = await provider.PostAsJsonAsync("/api/g2g/services", service, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    public static async Task<Guid> RequestAsync(HttpClient consumer, string provider, string service, string legalBasis = "Residence Act s. 7", string[]? operations = null)
    {
        using var response = await consumer.PostAsJsonAsync("/api/g2g/rights", new { provider, service, purpose = "Checking residency for benefit claims", legalBasis, operations }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var right = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Requested", right.GetProperty("status").GetString());
        return right.GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> DecideAsync(HttpClient provider, Guid right, string verb, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await provider.PostAsJsonAsync($"/api/g2g/rights/{right}/{verb}", body, Ct);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    /// <summary>A granted right of <paramref name="consumer"/> to a new agency-system service of <paramref name="provider"/>.</summary>
    public static async Task<(string Code, Guid Right)> GrantedServiceAsync(HttpClient provider, HttpClient consumer, string providerCode, string endpoint, params (string Name, string Method)[] operations)
    {
        var code = NewCode("svc");
        await PublishAsync(provider, AgencySystemService(code, endpoint, operations));
        var right = await RequestAsync(consumer, providerCode, code);
        await DecideAsync(provider, right, "approve", new { });
        return (code, right);
    }

    public static HttpRequestMessage Call(
        HttpMethod method, string provider, string service, string client, string query = "?nationalId=85031200421", object? body = null,
        string? messageId = null, string userId = "NCR:caseworker.david", string? issue = "G2C-2026-000123", string purpose = "Housing benefit claim", string? operation = null)
    {
        var request = new HttpRequestMessage(method, $"/api/g2g/exchange/{provider}/{service}{query}");
        request.Headers.Add("X-EGov-Client", client);
        request.Headers.Add("X-EGov-Message-Id", messageId ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-EGov-User-Id", userId);
        request.Headers.Add("X-EGov-Purpose", purpose);
        if (issue is not null)
        {
            request.Headers.Add("X-EGov-Issue", issue);
        }

        if (operation is not null)
        {
            request.Headers.Add("X-EGov-Operation", operation);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public static long Sequence(HttpResponseMessage response) =>
        long.Parse(Assert.Single(response.Headers.GetValues("X-EGov-Log-Sequence")), System.Globalization.CultureInfo.InvariantCulture);

    public static Task<long> LogCountAsync(PlatformFactory platform) => Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM g2g.message_log");

    public static Task<long> LastSequenceAsync(PlatformFactory platform) => Database.CountAsync(platform.ConnectionString, "SELECT coalesce(max(sequence), 0) FROM g2g.message_log");

    /// <summary>Waits until the signer has signed up to <paramref name="sequence"/>.</summary>
    public static async Task SignedThroughAsync(PlatformFactory platform, long sequence) =>
        Assert.True(
            await Database.EventuallyAsync(async () => await Database.CountAsync(platform.ConnectionString, "SELECT coalesce(max(last_sequence), 0) FROM g2g.message_log_batches") >= sequence),
            $"The log was not signed through entry {sequence}.");

    /// <summary>The auditor's offline check: the export and the key set as JSON text, verified without the platform.</summary>
    public static async Task<(LogVerification Result, string Export, string Keys)> ExportAndVerifyAsync(HttpClient auditor, long from, long to)
    {
        using var response = await auditor.GetAsync($"/api/g2g/log/entries?from={from}&count={to - from + 1}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var export = await response.Content.ReadAsStringAsync(Ct);
        var keys = await auditor.GetStringAsync("/api/g2g/log/keys", Ct);
        var page = JsonSerializer.Deserialize<LogExportPage>(export, Json)!;
        return (MessageLogVerifier.Verify(page, keys), export, keys);
    }
}
