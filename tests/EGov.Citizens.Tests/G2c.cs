using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Citizens.Tests;

/// <summary>Small helpers for the G2C tests: submissions with idempotency keys, JSON reads, row counts.</summary>
internal static class G2c
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static object ParkingFields(string plate = "AB-1234") => new { plate, zone = 3, resident = true };

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/g2c/applications") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request, Ct);
    }

    /// <summary>Submits and returns the created application (fails the test unless 201).</summary>
    public static async Task<JsonElement> SubmitOkAsync(HttpClient client, object body)
    {
        using var response = await SubmitAsync(client, body);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    public static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string url, object? body = null) =>
        await client.PostAsJsonAsync(url, body ?? new { }, Ct);

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<long> CountAsync(PlatformFactory platform, string sql, params (string Name, object Value)[] parameters) =>
        Database.CountAsync(platform.ConnectionString, sql, parameters);

    /// <summary>The agency copy is fed by events: wait until the demo agencies have arrived.</summary>
    public static async Task AgenciesArrivedAsync(PlatformFactory platform) =>
        Assert.True(await Database.EventuallyAsync(async () =>
            await CountAsync(platform, "SELECT count(*) FROM g2c.agencies WHERE code IN ('NCR','CCM','NRA')") == 3), "the agency copy was not fed");
}
