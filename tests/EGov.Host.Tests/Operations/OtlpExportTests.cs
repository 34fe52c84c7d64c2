using System.Collections.Concurrent;
using System.Net;
using EGov.Testing;

namespace EGov.Host.Tests.Operations;

/// <summary>With an OTLP endpoint configured, traces and logs are sent to it (here a plain HTTP receiver).</summary>
public sealed class OtlpExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Traces_and_logs_are_exported_to_the_configured_otlp_endpoint()
    {
        var port = PlatformFactory.FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new ConcurrentDictionary<string, int>();
        var receiving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                try
                {
                    var context = await collector.GetContextAsync();
                    received.AddOrUpdate(context.Request.Url!.AbsolutePath, 1, (_, n) => n + 1);
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        }, Ct);

        await using (var platform = await PlatformFactory.StartAsync("otlp", new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = $"http://127.0.0.1:{port}",
            ["Telemetry:OtlpProtocol"] = "http/protobuf",
        }))
        {
            using var client = platform.CreateClient();
            using var response = await client.GetAsync("/api/g2g/agencies", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            Assert.True(
                await Database.EventuallyAsync(() => Task.FromResult(received.ContainsKey("/v1/traces") && received.ContainsKey("/v1/logs")), TimeSpan.FromSeconds(60)),
                $"The collector received: {string.Join(", ", received.Keys)}");
        }

        collector.Stop();
        await receiving;
    }
}
