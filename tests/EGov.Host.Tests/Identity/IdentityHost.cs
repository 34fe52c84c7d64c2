using EGov.DevelopmentIssuer;
using EGov.Host.Identity;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>
/// Only the identity part of the host, in memory: <c>AddPlatformIdentity</c>, <c>MapDevelopmentIssuer</c> and one
/// authenticated probe endpoint. For what the whole platform cannot show cheaply: refused starts, other realm files,
/// a restart with the same key file.
/// </summary>
internal sealed class IdentityHost : IAsyncDisposable
{
    public const string ProbePath = "/identity-probe";

    /// <summary>
    /// The in-memory test server gives requests no client address; this test-only header sets one, so tests can
    /// speak from several addresses. The platform itself trusts no such header.
    /// </summary>
    public const string TestAddressHeader = "X-Test-Remote-Address";

    private IdentityHost(WebApplication app)
    {
        App = app;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>Builds, maps and starts the host; whatever start-up throws reaches the caller.</summary>
    public static async Task<IdentityHost> StartAsync(
        IReadOnlyDictionary<string, string?> settings, string environment = "Testing", Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.AddPlatformIdentity();

        var app = builder.Build();
        try
        {
            app.Use((context, next) =>
            {
                if (context.Request.Headers[TestAddressHeader].ToString() is { Length: > 0 } address)
                {
                    context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address);
                }

                return next(context);
            });
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapDevelopmentIssuer();
            app.MapGet(ProbePath, (ICurrentUser user) => Results.Ok(new
            {
                user.Subject,
                user.Username,
                Roles = user.Roles.Order(StringComparer.Ordinal).ToArray(),
                user.AgencyId,
                user.Mandates,
            })).RequireAuthorization();
            await app.StartAsync(TestContext.Current.CancellationToken);
            return new IdentityHost(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh temporary folder for key and realm files, removed by the caller.</summary>
    public static string TemporaryFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"egov-identity-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The realm file the platform ships, found from the test's output folder.</summary>
    public static string ShippedRealmFile()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "deploy", "keycloak", "egov-realm.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("deploy/keycloak/egov-realm.json was not found above the test output folder.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(TestContext.Current.CancellationToken);
        await App.DisposeAsync();
    }
}
