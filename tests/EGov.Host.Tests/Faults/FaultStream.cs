using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EGov.Host.Tests.Faults;

/// <summary>What the client saw of one write: its key (agency code, idempotency key, draft value) and the answer.</summary>
/// <param name="Status">The HTTP status, or 0 when no answer came (connection refused or cut).</param>
internal sealed record Write(string Kind, string Key, int Status, string? ContentType, string? RetryAfter, string Body, string Citizen = "", string Value = "")
{
    public bool Acknowledged => Status is >= 200 and < 300;

    /// <summary>The created application's id from a 2xx answer.</summary>
    public Guid? ApplicationId => Kind == WriteKinds.Application && Acknowledged
        ? JsonDocument.Parse(Body).RootElement.GetProperty("id").GetGuid()
        : null;
}

internal static class WriteKinds
{
    public const string Agency = "agency";
    public const string Application = "application";
    public const string Draft = "draft";
}

/// <summary>
/// Client-side writers for the fault tests: each sends one request at a time, records what it saw, and stops by
/// itself after <c>max</c> requests or when told to stop.
/// </summary>
internal sealed class WriteLog
{
    private readonly ConcurrentQueue<Write> _writes = new();

    public IReadOnlyList<Write> All => [.. _writes];

    public int Acknowledged => _writes.Count(w => w.Acknowledged);

    public int Count => _writes.Count;

    public void Add(Write write) => _writes.Enqueue(write);

    /// <summary>Waits until <paramref name="condition"/> holds; false after <paramref name="limit"/>.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return true;
    }
}

internal static class Writers
{
    public const string ParkingService = "parking-permit";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Registers agencies <c>{prefix}000</c>, <c>{prefix}001</c>, … in G2G (fanned out to g2c, g2b, g2e).</summary>
    public static async Task AgenciesAsync(HttpClient admin, string prefix, WriteLog log, int max, CancellationToken stop)
    {
        for (var i = 0; i < max && !stop.IsCancellationRequested; i++)
        {
            var code = $"{prefix}{i:D3}";
            var write = await RegisterAgencyAsync(admin, code);
            log.Add(write);
            await PauseAsync(write, stop);
        }
    }

    /// <summary>Submits G2C applications, each with an idempotency key of its own.</summary>
    public static async Task ApplicationsAsync(HttpClient citizen, string who, WriteLog log, int max, CancellationToken stop)
    {
        for (var i = 0; i < max && !stop.IsCancellationRequested; i++)
        {
            var write = await SubmitAsync(citizen, who, Guid.NewGuid().ToString(), $"A{i % 10}-{i:D4}");
            log.Add(write);
            await PauseAsync(write, stop);
        }
    }

    public static Task<Write> RegisterAgencyAsync(HttpClient admin, string code) =>
        SendAsync(WriteKinds.Agency, code, admin, () => new HttpRequestMessage(HttpMethod.Post, "/api/g2g/agencies")
        {
            Content = JsonContent.Create(new { code, name = $"Fault Office {code}", level = "municipal" }),
        });

    public static async Task<Write> SubmitAsync(HttpClient citizen, string who, string key, string plate) =>
        await SendAsync(WriteKinds.Application, key, citizen, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/g2c/applications")
            {
                Content = JsonContent.Create(new { serviceCode = ParkingService, fields = new { plate, zone = 3, resident = true } }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }, who, plate);

    /// <summary>Saves the citizen's parking draft with plate <paramref name="plate"/>.</summary>
    public static Task<Write> SaveDraftAsync(HttpClient citizen, string who, string plate) =>
        SendAsync(WriteKinds.Draft, plate, citizen, () => new HttpRequestMessage(HttpMethod.Put, $"/api/g2c/session/drafts/{ParkingService}")
        {
            Content = JsonContent.Create(new { fields = new { plate } }),
        }, who, plate);

    public static async Task<Write> SendAsync(string kind, string key, HttpClient client, Func<HttpRequestMessage> request, string citizen = "", string value = "")
    {
        try
        {
            using var message = request();
            using var response = await client.SendAsync(message, Ct);
            return new Write(
                kind,
                key,
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter?.ToString(),
                await response.Content.ReadAsStringAsync(Ct),
                citizen,
                value);
        }
        catch (HttpRequestException ex)
        {
            return new Write(kind, key, 0, null, null, ex.Message, citizen, value);
        }
        catch (TaskCanceledException ex) when (!Ct.IsCancellationRequested)
        {
            return new Write(kind, key, 0, null, null, "timed out: " + ex.Message, citizen, value);
        }
    }

    /// <summary>A problem response for a database outage: 503, a problem body, Retry-After, nothing internal.</summary>
    public static void AssertUnavailableProblem(Write write)
    {
        Assert.True(write.Status == (int)HttpStatusCode.ServiceUnavailable, $"{write.Kind} {write.Key}: {write.Status} {write.Body}");
        Assert.Equal("application/problem+json", write.ContentType);
        Assert.False(string.IsNullOrEmpty(write.RetryAfter), "no Retry-After");
        using var problem = JsonDocument.Parse(write.Body);
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Service temporarily unavailable", problem.RootElement.GetProperty("title").GetString());
        Assert.True(problem.RootElement.TryGetProperty("traceId", out _));
        foreach (var leak in new[] { "   at ", "Npgsql", "Exception", "SELECT", "INSERT" })
        {
            Assert.DoesNotContain(leak, write.Body, StringComparison.Ordinal);
        }
    }

    /// <summary>A short pause between writes; a longer one after a failure, as a client backs off.</summary>
    public static async Task PauseAsync(Write last, CancellationToken stop)
    {
        try
        {
            await Task.Delay(last.Acknowledged ? 15 : 100, stop);
        }
        catch (OperationCanceledException)
        {
            // Told to stop: the loop ends.
        }
    }
}
