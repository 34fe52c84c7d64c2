using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EGov.Host.Tests.Identity;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Modules;
using EGov.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Host.Tests.Platform;

/// <summary>
/// The authorization matrix, generated from the OpenAPI documents the platform serves: every operation × anonymous
/// and every demo user and service account, against the access rule declared next to the route
/// (<c>x-egov-access</c>). A route without a declared rule fails here; so does a route whose pipeline lets in a
/// caller the rule refuses, or refuses one it admits. The caller's roles are the ones the platform itself reads from
/// the token (<c>/api/platform/me</c>), not a list kept in the test.
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

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
        var callers = await CallersAsync();
        var operations = await OperationsAsync();
        Assert.True(operations.Count >= 40, $"only {operations.Count} operations documented");

        var failures = new List<string>();
        var requests = 0;
        foreach (var operation in operations)
        {
            if (operation.Access is not { } access)
            {
                failures.Add($"{operation}: no {OpenApiDocumentOptions.AccessExtension} rule");
                continue;
            }

            foreach (var caller in callers)
            {
                using var request = operation.Probe(caller.Token);
                using var response = await caller.Client.SendAsync(request, Ct);
                requests++;
                var status = (int)response.StatusCode;
                var expected = access.Admits(caller.Roles) ? "admitted" : caller.Roles is null ? "401" : "403";
                var ok = expected switch
                {
                    "admitted" => status is not (401 or 403) && status < 500,
                    "401" => status == 401,
                    _ => status == 403,
                };
                if (!ok)
                {
                    failures.Add($"{operation} as {caller.Name}: expected {expected}, got {status}");
                }
            }
        }

        TestContext.Current.SendDiagnosticMessage(
            $"Authorization matrix: {operations.Count} operations x {callers.Count} callers = {requests} requests, {failures.Count} mismatches.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private sealed record Caller(string Name, string? Token, IReadOnlyCollection<string>? Roles, HttpClient Client);

    private async Task<List<Caller>> CallersAsync()
    {
        var client = Platform.CreateClient();
        var callers = new List<Caller> { new("anonymous", null, null, client) };
        var tokens = new List<(string Name, string Token)>();
        foreach (var user in DemoUsers.All)
        {
            tokens.Add((user.Username, await Tokens.PasswordAsync(client, user.Username)));
        }

        foreach (var (clientId, secret, _, _) in DemoUsers.AgencyClients)
        {
            tokens.Add((clientId, await Tokens.ClientCredentialsAsync(client, clientId, secret)));
        }

        foreach (var (name, token) in tokens)
        {
            using var me = new HttpRequestMessage(HttpMethod.Get, "/api/platform/me");
            me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(me, Ct);
            response.EnsureSuccessStatusCode();
            var roles = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("roles")
                .EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal);
            callers.Add(new Caller(name, token, roles, client));
        }

        return callers;
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        using var client = Platform.CreateClient();
        var modules = await client.GetFromJsonAsync<JsonElement>("/api/platform/modules", Ct);
        var documents = modules.EnumerateArray().Select(m => m.GetProperty("openApi").GetString()!).Append("/openapi/platform.json");
        var operations = new List<Operation>();
        foreach (var url in documents)
        {
            var document = await client.GetFromJsonAsync<JsonElement>(url, Ct);
            foreach (var path in document.GetProperty("paths").EnumerateObject())
            {
                foreach (var method in path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)))
                {
                    operations.Add(new Operation(path.Name, method.Name, method.Value));
                }
            }
        }

        return operations;
    }

    /// <summary>One documented operation and a request that reaches its authorization with placeholder input.</summary>
    private sealed class Operation(string path, string method, JsonElement definition)
    {
        public Access? Access { get; } = ReadAccess(definition);

        public override string ToString() => $"{method.ToUpperInvariant()} {path}";

        public HttpRequestMessage Probe(string? token)
        {
            var parameters = definition.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
            var url = new StringBuilder(path);
            foreach (var p in parameters.Where(p => p.GetProperty("in").GetString() == "path"))
            {
                var format = p.TryGetProperty("schema", out var schema) && schema.TryGetProperty("format", out var f) ? f.GetString() : null;
                url.Replace("{" + p.GetProperty("name").GetString() + "}", format == "uuid" ? Guid.NewGuid().ToString() : "matrix-probe");
            }

            var query = parameters.Where(p => p.GetProperty("in").GetString() == "query" && p.TryGetProperty("required", out var r) && r.GetBoolean())
                .Select(p => $"{p.GetProperty("name").GetString()}=probe").ToList();
            if (query.Count > 0)
            {
                url.Append('?').AppendJoin('&', query);
            }

            var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url.ToString());
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            foreach (var p in parameters.Where(p => p.GetProperty("in").GetString() == "header"))
            {
                request.Headers.TryAddWithoutValidation(p.GetProperty("name").GetString()!, Guid.NewGuid().ToString());
            }

            if (definition.TryGetProperty("requestBody", out var body))
            {
                var content = body.GetProperty("content");
                request.Content = content.TryGetProperty("application/json", out _)
                    ? new StringContent("{}", Encoding.UTF8, "application/json")
                    : new MultipartFormDataContent();
            }

            return request;
        }

        private static Access? ReadAccess(JsonElement definition)
        {
            if (!definition.TryGetProperty(OpenApiDocumentOptions.AccessExtension, out var rule))
            {
                return null;
            }

            if (rule.GetProperty("anonymous").GetBoolean())
            {
                return Access.Public;
            }

            var roles = rule.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray();
            return roles.Length == 0 ? Access.AnyCaller : Access.AnyOf(roles);
        }
    }
}
