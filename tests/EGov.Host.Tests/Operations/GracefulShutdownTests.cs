using System.Net;
using EGov.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EGov.Host.Tests.Operations;

/// <summary>
/// A stop as an orchestrator does it (SIGTERM → <see cref="IHost.StopAsync"/>), on a real socket, in a PostgreSQL
/// cluster: readiness goes unavailable while the instance still serves, a request in flight when the listener
/// closes still completes, and the silo's membership row ends Dead.
/// </summary>
public sealed class GracefulShutdownTests
{
    private const int DeadStatus = 6; // Orleans SiloStatus.Dead

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_fails_first_in_flight_requests_finish_and_the_silo_leaves_the_cluster()
    {
        var slow = new SlowEndpoint();
        var port = PlatformFactory.FreePort();
        await using var platform = new PlatformFactory(await PostgresServer.CreateDatabaseAsync("shutdown"), new Dictionary<string, string?>
        {
            ["Lifecycle:DrainDelaySeconds"] = "5",
            ["Lifecycle:ShutdownTimeoutSeconds"] = "60",
            ["Orleans:Membership"] = "PostgreSQL",
            ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
        });
        await using var host = platform.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(slow)));
        host.UseKestrel(options => options.ListenLocalhost(port));
        host.StartServer();
        var siloPort = int.Parse(platform.Settings["Orleans:SiloPort"]!, System.Globalization.CultureInfo.InvariantCulture);
        var baseAddress = new Uri($"http://localhost:{port}");

        using (var client = new HttpClient { BaseAddress = baseAddress })
        using (var ready = await client.GetAsync("/health/ready", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.Equal(1, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM orleans.membership WHERE port = @port AND status = 3", ("port", siloPort)));

        using var inFlightClient = new HttpClient { BaseAddress = baseAddress };
        try
        {
            var inFlight = inFlightClient.GetAsync(SlowEndpoint.Path, Ct);
            await slow.Entered.Task.WaitAsync(Ct);

            // What the host's console lifetime does on SIGTERM: signal stopping, then stop the host.
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            var stop = host.Services.GetRequiredService<IHost>().StopAsync(CancellationToken.None);

            // Draining: new connections are still served, and readiness says unavailable.
            using (var client = new HttpClient { BaseAddress = baseAddress })
            {
                using var ready = await client.GetAsync("/health/ready", Ct);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                Assert.Contains("shutdown", await ready.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

                using var agencies = await client.GetAsync("/api/g2g/agencies", Ct);
                Assert.Equal(HttpStatusCode.OK, agencies.StatusCode);
            }

            // Then the listener closes while the slow request is still running.
            Assert.True(await Database.EventuallyAsync(async () =>
            {
                using var probe = new HttpClient { BaseAddress = baseAddress };
                try
                {
                    (await probe.GetAsync("/health/live", Ct)).Dispose();
                    return false;
                }
                catch (HttpRequestException)
                {
                    return true;
                }
            }, TimeSpan.FromSeconds(40)), "The listener never closed.");
            Assert.False(inFlight.IsCompleted);
            Assert.False(stop.IsCompleted);

            slow.Release.TrySetResult();
            using var finished = await inFlight;
            Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
            Assert.Equal("finished while stopping", await finished.Content.ReadAsStringAsync(Ct));

            await stop.WaitAsync(Ct);
            Assert.Equal(1, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM orleans.membership WHERE port = @port AND status = @dead", ("port", siloPort), ("dead", DeadStatus)));
        }
        finally
        {
            // Never leave the stop waiting on the gate when an assertion failed.
            slow.Release.TrySetResult();
        }
    }

    /// <summary><c>GET /test/slow</c>: waits until released, then tells whether the host was stopping by then.</summary>
    private sealed class SlowEndpoint : IStartupFilter
    {
        public const string Path = "/test/slow";

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (!context.Request.Path.Equals(Path, StringComparison.Ordinal))
                {
                    await nextMiddleware(context);
                    return;
                }

                Entered.TrySetResult();
                await Release.Task;
                var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;
                await context.Response.WriteAsync(stopping ? "finished while stopping" : "finished", CancellationToken.None);
            });
            next(app);
        };
    }
}
