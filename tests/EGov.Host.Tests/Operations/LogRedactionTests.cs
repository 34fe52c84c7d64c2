using System.Net;
using System.Net.Http.Headers;
using EGov.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace EGov.Host.Tests.Operations;

/// <summary>
/// Nothing secret or personal reaches the logs, with every category at Trace: not the access tokens, not the demo
/// password nor a mistyped one, not a client secret, not a citizen's national id.
/// </summary>
public sealed class LogRedactionTests
{
    private const string AnnasNationalId = "85031200421";
    private const string ClientSecret = "agency-ncr-dev-secret";
    private const string WrongPassword = "Wrong-Password-5123";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tokens_passwords_secrets_and_national_ids_never_reach_the_logs()
    {
        var capture = new LogCapture();
        await using var platform = new PlatformFactory(await PostgresServer.CreateDatabaseAsync("logs"));
        await using var logged = platform.WithWebHostBuilder(builder => builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(capture);
            logging.AddFilter<LogCapture>(null, LogLevel.Trace);
        }));
        using var client = logged.CreateClient();

        // A password grant and calls as citizen.anna, whose token carries her national id.
        var token = await Tokens.PasswordAsync(client, "citizen.anna");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var path in new[] { "/api/platform/me", "/api/g2c/session", "/api/g2c/me" })
        {
            using var response = await client.GetAsync(path, Ct);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }

        // A tampered token: JwtBearer logs the failure.
        var tampered = token[..^6] + (token[^6] == 'A' ? "BBBBBB" : "AAAAAA");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tampered);
        using (var rejected = await client.GetAsync("/api/platform/me", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        }

        // A failed login and a client-credentials grant with a secret.
        client.DefaultRequestHeaders.Authorization = null;
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => Tokens.PasswordAsync(client, "citizen.anna", WrongPassword));
        Assert.Contains("invalid_grant", failed.Message, StringComparison.Ordinal);
        var serviceToken = await Tokens.ClientCredentialsAsync(client, "agency-ncr", ClientSecret);

        var entries = capture.Entries.ToList();
        Assert.Contains(entries, e => e.Contains("/realms/egov/protocol/openid-connect/token", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("/api/platform/me", StringComparison.Ordinal));

        string[] forbidden =
        [
            token, Signature(token), tampered, Signature(tampered), serviceToken, Signature(serviceToken),
            Tokens.DemoPassword, WrongPassword, ClientSecret, AnnasNationalId,
        ];
        foreach (var secret in forbidden)
        {
            var leak = entries.FirstOrDefault(e => e.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"A log entry contains a secret or personal identifier: {leak?[..Math.Min(leak.Length, 200)]}");
        }
    }

    private static string Signature(string jwt) => jwt[(jwt.LastIndexOf('.') + 1)..];
}
