using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EGov.Agencies.Tests.Exchange;

/// <summary>
/// An agency's own system as a small real HTTP server (Kestrel on a loopback port). Operations:
/// <c>/residency</c> answers JSON for a national id; <c>/slow</c> answers after 5 seconds; <c>/garbage</c> answers
/// text that is not JSON; <c>/broken</c> answers 500; <c>/missing</c> answers 404. It records every request it got.
/// </summary>
public sealed class ProviderSystem : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProviderSystem(WebApplication app, string baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public string BaseAddress { get; }

    public ConcurrentQueue<ReceivedCall> Received { get; } = new();

    public static async Task<ProviderSystem> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ProviderSystem? self = null;
        void Record(HttpContext http, string body) => self!.Received.Enqueue(new ReceivedCall(
            http.Request.Method, http.Request.Path + http.Request.QueryString, http.Request.Headers["X-EGov-Client"].ToString(),
            http.Request.Headers["X-EGov-Message-Id"].ToString(), http.Request.Headers["X-EGov-User-Id"].ToString(),
            http.Request.Headers["X-EGov-Issue"].ToString(), body));

        app.MapMethods("/{operation}", ["GET", "POST"], async (string operation, HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            Record(http, body);
            switch (operation)
            {
                case "residency":
                    var id = http.Request.Query["nationalId"].ToString();
                    return Results.Json(new { nationalId = id, resident = true, since = "2019-04-01" });
                case "slow":
                    await Task.Delay(TimeSpan.FromSeconds(5), http.RequestAborted);
                    return Results.Json(new { late = true });
                case "garbage":
                    return Results.Text("<html>this is not json", "application/json");
                case "broken":
                    return Results.StatusCode(500);
                default:
                    return Results.NotFound();
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new ProviderSystem(app, address.TrimEnd('/'));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedCall(string Method, string PathAndQuery, string Client, string MessageId, string UserId, string Issue, string Body);
