using System.Diagnostics;
using System.Text.Json;
using EGov.Testing;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>
/// A standard relying party, not ours: openid-client 6 (tests/oidc-rp/code-flow.mjs, Node.js) against the platform on
/// a real loopback port. It discovers the issuer, runs the authorization-code flow with PKCE through the sign-in page,
/// exchanges and refreshes, checks the nonce, reads user info, calls the API and signs out. If the development issuer
/// strays from the protocol, this library says so.
/// </summary>
public sealed class StandardRelyingPartyTests : IAsyncLifetime
{
    private PlatformFactory? _platform;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _platform = await PlatformFactory.StartOnLoopbackAsync("oidc_rp");

    public async ValueTask DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }
    }

    [Fact]
    public async Task Openid_client_completes_the_code_flow_with_PKCE_refreshes_with_rotation_and_calls_the_API()
    {
        var origin = _platform!.BaseAddress!;
        var issuer = new Uri(origin, "/realms/egov").ToString();
        var redirect = new Uri(origin, "/signin-oidc").ToString();
        var postLogout = new Uri(origin, "/signout-callback-oidc").ToString();

        var output = await RunRelyingPartyAsync(issuer, origin.ToString(), redirect, postLogout, "citizen.anna", Tokens.DemoPassword,
            Tokens.PortalClientId, Tokens.PortalSecret);
        var result = output.RootElement;

        Assert.Equal(issuer, result.GetProperty("issuer").GetString());
        Assert.Equal(200, result.GetProperty("signInPageStatus").GetInt32());
        Assert.Equal(302, result.GetProperty("signInStatus").GetInt32());
        Assert.Equal(redirect, result.GetProperty("callbackTarget").GetString());
        Assert.True(result.GetProperty("nonceMatches").GetBoolean());
        Assert.Equal("3bbeed12-1d3e-4959-a989-20015a8e661b", result.GetProperty("subject").GetString());
        Assert.Equal(Tokens.PortalClientId, result.GetProperty("idTokenAudience").GetString());
        Assert.True(result.GetProperty("refreshRotated").GetBoolean());
        Assert.Equal("3bbeed12-1d3e-4959-a989-20015a8e661b", result.GetProperty("refreshedSubject").GetString());
        Assert.True(result.GetProperty("reusedRefreshRefused").GetBoolean());
        Assert.Equal("citizen.anna", result.GetProperty("userInfoUsername").GetString());
        Assert.Equal(200, result.GetProperty("meStatus").GetInt32());
        Assert.Contains("citizen", result.GetProperty("me").GetRawText(), StringComparison.Ordinal);
        Assert.Contains("citizen.anna", result.GetProperty("me").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(postLogout, result.GetProperty("logoutTarget").GetString());
        Assert.True(result.GetProperty("logoutStateMatches").GetBoolean());
        Assert.Equal(200, result.GetProperty("afterLogoutStatus").GetInt32());

        // The factory's own clients talk to the same socket.
        using var client = _platform.CreateClient();
        Assert.Equal(origin, client.BaseAddress);
        var discovery = await client.GetStringAsync("/realms/egov/.well-known/openid-configuration", Ct);
        Assert.Contains(issuer, discovery, StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> RunRelyingPartyAsync(params string[] arguments)
    {
        var folder = RelyingPartyFolder();
        await EnsurePackagesAsync(folder);
        var (exit, stdout, stderr) = await RunAsync("node", folder, ["code-flow.mjs", .. arguments]);
        Assert.True(exit == 0, $"the relying party failed (exit {exit}):\n{stderr}\n{stdout}");
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return JsonDocument.Parse(last);
    }

    /// <summary>
    /// Installs the pinned packages of tests/oidc-rp (package-lock.json) when they are missing, as ./test.sh does, so
    /// the test also runs on a clean clone.
    /// </summary>
    private static async Task EnsurePackagesAsync(string folder)
    {
        if (File.Exists(Path.Combine(folder, "node_modules", "openid-client", "package.json")))
        {
            return;
        }

        var (exit, stdout, stderr) = await RunAsync("npm", folder, ["ci", "--no-audit", "--no-fund", "--silent"]);
        Assert.True(exit == 0, $"npm ci in {folder} failed (exit {exit}):\n{stderr}\n{stdout}");
    }

    private static string RelyingPartyFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "oidc-rp");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/oidc-rp was not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string command, string folder, string[] arguments)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["NPM_CONFIG_UPDATE_NOTIFIER"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} could not be started (is Node.js installed?)");
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
