using System.Net.Http.Json;
using System.Text.Json;
using EGov.Host.Tests.Hardening;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Modules;
using EGov.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Host.Tests.Platform;

/// <summary>
/// The authorization matrix, generated from the OpenAPI documents the platform serves: every operation × anonymous
/// and every demo identity of the realm file, against the access rule declared next to the route
/// (<c>x-egov-access</c>). A route without a declared rule fails here; so does a route whose pipeline lets in a
/// caller the rule refuses, or refuses one it admits. The caller's roles are the ones the platform itself reads from
/// the token (<c>/api/platform/me</c>).
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private PlatformFactory? _platform;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PlatformFactory Platform => _platform!;

    // A platform of its own: admitted callers' requests may change what they own (preferences, drafts).
    public async ValueTask InitializeAsync() => _platform = await PlatformFactory.StartAsync("authz_matrix");

    public async ValueTask DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }
    }

    [Fact]
    public void Every_API_route_declares_who_may_call_it()
    {
        var undeclared = Platform.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<Access>() is null)
            .Select(e => e.DisplayName)
            .ToList();
        Assert.True(undeclared.Count == 0, "Routes without .RequireAccess(...): " + string.Join(", ", undeclared));
    }

    [Fact]
    public async Task Every_documented_operation_admits_exactly_the_callers_its_rule_declares()
    {
        using var client = Platform.CreateClient();
        var (documents, _) = await ApiDocumentReader.DiscoverAsync(client, Ct);
        var operations = documents.SelectMany(ApiDocumentReader.Operations).ToList();
        Assert.True(operations.Count >= 40, $"only {operations.Count} operations documented");
        var callers = await WithPlatformRolesAsync(client, await Callers.SignInAllAsync(client));

        var failures = new List<string>();
        var requests = 0;
        foreach (var operation in operations)
        {
            if (operation.Access is not { } declared)
            {
                failures.Add($"{operation}: no {OpenApiDocumentOptions.AccessExtension} rule");
                continue;
            }

            var access = declared.Anonymous ? Access.Public : declared.Roles.Count == 0 ? Access.AnyCaller : Access.AnyOf([.. declared.Roles]);
            foreach (var (caller, roles) in callers)
            {
                using var request = ProbeRequests.For(operation);
                caller.Authorize(request);
                using var response = await client.SendAsync(request, Ct);
                requests++;
                var status = (int)response.StatusCode;
                var expected = access.Admits(roles) ? "admitted" : caller.Anonymous ? "401" : "403";
                var ok = expected switch
                {
                    "admitted" => status is not (401 or 403) && status < 500,
                    "401" => status == 401,
                    _ => status == 403,
                };
                if (!ok)
                {
                    failures.Add($"{operation} as {caller}: expected {expected}, got {status}");
                }
            }
        }

        var summary = $"Authorization matrix: {operations.Count} operations x {callers.Count} callers = {requests} requests, {failures.Count} mismatches";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("EGOV_TEST_REPORTS") is { Length: > 0 } reports)
        {
            Directory.CreateDirectory(reports);
            await File.WriteAllTextAsync(Path.Combine(reports, "authorization-matrix.txt"), summary + Environment.NewLine, Ct);
        }

        Assert.True(failures.Count == 0, summary + Environment.NewLine + string.Join(Environment.NewLine, failures));
    }

    /// <summary>Each caller with the roles the platform reads from its token (none for anonymous).</summary>
    private static async Task<List<(Caller Caller, IReadOnlyCollection<string>? Roles)>> WithPlatformRolesAsync(HttpClient client, IReadOnlyList<Caller> callers)
    {
        var result = new List<(Caller, IReadOnlyCollection<string>?)>();
        foreach (var caller in callers)
        {
            if (caller.Anonymous)
            {
                result.Add((caller, null));
                continue;
            }

            using var me = new HttpRequestMessage(HttpMethod.Get, "/api/platform/me");
            caller.Authorize(me);
            using var response = await client.SendAsync(me, Ct);
            response.EnsureSuccessStatusCode();
            var roles = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("roles")
                .EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal);
            result.Add((caller, roles));
        }

        return result;
    }
}
