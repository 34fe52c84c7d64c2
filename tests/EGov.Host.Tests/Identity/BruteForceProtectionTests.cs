using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.DevelopmentIssuer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EGov.Host.Tests.Identity;

/// <summary>
/// The development issuer's brute-force detection over HTTP: Keycloak's per-user lockout from the realm file's
/// settings, the same for wrong client secrets, a per-address limit across usernames, and bounded memory. Each test
/// runs its own issuer on a fake clock, so nothing here locks out the rest of the suite.
/// </summary>
public sealed class BruteForceProtectionTests : IDisposable
{
    private const string Attacker = "203.0.113.7";
    private const string Bystander = "198.51.100.20";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string folder = IdentityHost.TemporaryFolder();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task After_thirty_wrong_passwords_even_the_right_one_is_refused_until_the_wait_is_over()
    {
        await using var host = await StartAsync();
        var wrong = await FailSlowlyAsync(host, "citizen.anna", times: 30);

        // Locked out: the right password gets exactly what a wrong one gets.
        var locked = await PasswordAsync(host, "citizen.anna", "egov-demo");
        Assert.Equal(HttpStatusCode.Unauthorized, locked.Status);
        Assert.Equal(wrong.Body.ToString(), locked.Body.ToString());
        Assert.Equal("invalid_grant", locked.Body.GetProperty("error").GetString());
        Assert.Equal("Invalid user credentials", locked.Body.GetProperty("error_description").GetString());

        // waitIncrementSeconds (60) × failures / failureFactor (30 / 30) after the last failure.
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PasswordAsync(host, "citizen.anna", "egov-demo")).Status);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await PasswordAsync(host, "citizen.anna", "egov-demo")).Status);

        // Another user was never affected.
        Assert.Equal(HttpStatusCode.OK, (await PasswordAsync(host, "citizen.bruno", "egov-demo")).Status);
    }

    [Fact]
    public async Task Two_wrong_passwords_within_a_second_lock_the_user_for_the_minimum_quick_login_wait()
    {
        await using var host = await StartAsync();
        await PasswordAsync(host, "rep.clara", "guess-1");
        clock.Advance(TimeSpan.FromMilliseconds(300));
        await PasswordAsync(host, "rep.clara", "guess-2");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PasswordAsync(host, "rep.clara", "egov-demo")).Status);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await PasswordAsync(host, "rep.clara", "egov-demo")).Status);
    }

    [Fact]
    public async Task An_unknown_username_is_counted_and_answered_like_a_known_one()
    {
        await using var host = await StartAsync();
        var known = await FailSlowlyAsync(host, "citizen.anna", times: 30);
        var unknown = await FailSlowlyAsync(host, "nobody.here", times: 30);
        var knownLocked = await PasswordAsync(host, "citizen.anna", "egov-demo");
        var unknownLocked = await PasswordAsync(host, "nobody.here", "egov-demo");

        foreach (var response in new[] { unknown, knownLocked, unknownLocked })
        {
            Assert.Equal(known.Status, response.Status);
            Assert.Equal(known.Body.ToString(), response.Body.ToString());
        }
    }

    [Fact]
    public async Task A_successful_login_clears_the_users_failures()
    {
        await using var host = await StartAsync();
        await FailSlowlyAsync(host, "caseworker.david", times: 29);
        Assert.Equal(HttpStatusCode.OK, (await PasswordAsync(host, "caseworker.david", "egov-demo")).Status);

        // Without the reset these would be failures 30 to 58: locked after the first of them.
        await FailSlowlyAsync(host, "caseworker.david", times: 29);
        Assert.Equal(HttpStatusCode.OK, (await PasswordAsync(host, "caseworker.david", "egov-demo")).Status);
    }

    [Fact]
    public async Task Spraying_one_password_over_many_usernames_locks_the_address_not_the_users()
    {
        await using var host = await StartAsync();
        for (var i = 0; i < 100; i++)
        {
            var (status, _) = await PasswordAsync(host, $"sprayed.user.{i}", "Spring2026!", Attacker);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }

        // The address is locked (DevelopmentIssuer:AddressFailureFactor 100), for users and client secrets alike...
        Assert.Equal(HttpStatusCode.Unauthorized, (await PasswordAsync(host, "citizen.anna", "egov-demo", Attacker)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientCredentialsAsync(host, "agency-ncr-dev-secret", Attacker)).Status);

        // ...the users are not: the same account from another address logs in.
        Assert.Equal(HttpStatusCode.OK, (await PasswordAsync(host, "citizen.anna", "egov-demo", Bystander)).Status);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await PasswordAsync(host, "citizen.anna", "egov-demo", Attacker)).Status);
    }

    [Fact]
    public async Task Wrong_client_secrets_lock_the_client_out_until_the_wait_is_over()
    {
        await using var host = await StartAsync();
        for (var i = 0; i < 30; i++)
        {
            var (status, body) = await ClientCredentialsAsync(host, $"guess-{i}", Bystander);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("invalid_client", body.GetProperty("error").GetString());
            clock.Advance(TimeSpan.FromSeconds(2));
        }

        var locked = await ClientCredentialsAsync(host, "agency-ncr-dev-secret", Bystander);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.Status);
        Assert.Equal("invalid_client", locked.Body.GetProperty("error").GetString());
        Assert.Equal("Invalid client or Invalid client credentials", locked.Body.GetProperty("error_description").GetString());

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(host, "agency-ncr-dev-secret", Bystander)).Status);
    }

    [Fact]
    public async Task The_limits_come_from_the_realm_file()
    {
        var realm = JsonNode.Parse(await File.ReadAllTextAsync(IdentityHost.ShippedRealmFile(), Ct))!.AsObject();
        realm["failureFactor"] = 3;
        realm["waitIncrementSeconds"] = 10;
        var realmFile = Path.Combine(folder, "realm.json");
        await File.WriteAllTextAsync(realmFile, realm.ToJsonString(), Ct);

        await using var host = await StartAsync(("DevelopmentIssuer:RealmFile", realmFile));
        await FailSlowlyAsync(host, "hr.frank", times: 3);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PasswordAsync(host, "hr.frank", "egov-demo")).Status);
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(HttpStatusCode.OK, (await PasswordAsync(host, "hr.frank", "egov-demo")).Status);
    }

    [Fact]
    public async Task Without_bruteForceProtected_nothing_is_counted()
    {
        var realm = JsonNode.Parse(await File.ReadAllTextAsync(IdentityHost.ShippedRealmFile(), Ct))!.AsObject();
        realm["bruteForceProtected"] = false;
        var realmFile = Path.Combine(folder, "realm.json");
        await File.WriteAllTextAsync(realmFile, realm.ToJsonString(), Ct);

        await using var host = await StartAsync(("DevelopmentIssuer:RealmFile", realmFile));
        for (var i = 0; i < 40; i++)
        {
            await PasswordAsync(host, "hr.frank", "wrong");
        }

        Assert.Equal(HttpStatusCode.OK, (await PasswordAsync(host, "hr.frank", "egov-demo")).Status);
        Assert.Equal(0, host.App.Services.GetRequiredService<TokenIssuer>().LoginFailures.Count);
    }

    [Fact]
    public async Task Random_usernames_from_many_addresses_never_grow_the_records_past_the_cap()
    {
        await using var host = await StartAsync(("DevelopmentIssuer:MaxTrackedLoginFailures", "100"));
        var failures = host.App.Services.GetRequiredService<TokenIssuer>().LoginFailures;
        for (var i = 0; i < 600; i++)
        {
            // A long username costs no more than a short one: unknown names are kept as hashes.
            await PasswordAsync(host, $"{Guid.NewGuid():N}{new string('x', 2000)}", "wrong", $"10.0.{i / 250}.{i % 250}");
            Assert.True(failures.Count <= 100, $"{failures.Count} records after {i + 1} failures");
        }

        Assert.Equal(100, failures.Count);

        // The protection still works at the cap: the newest failures are the ones kept.
        await FailSlowlyAsync(host, "payroll.grace", times: 30);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PasswordAsync(host, "payroll.grace", "egov-demo")).Status);
    }

    [Theory]
    [InlineData("failureFactor", "0")]
    [InlineData("waitIncrementSeconds", "-5")]
    [InlineData("bruteForceStrategy", "EXPONENTIAL")]
    public async Task A_brute_force_setting_Keycloak_would_not_accept_stops_the_start(string setting, string value)
    {
        var realm = JsonNode.Parse(await File.ReadAllTextAsync(IdentityHost.ShippedRealmFile(), Ct))!.AsObject();
        realm[setting] = int.TryParse(value, out var number) ? JsonValue.Create(number) : JsonValue.Create(value);
        var realmFile = Path.Combine(folder, "realm.json");
        await File.WriteAllTextAsync(realmFile, realm.ToJsonString(), Ct);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(("DevelopmentIssuer:RealmFile", realmFile)));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> FailSlowlyAsync(IdentityHost host, string username, int times)
    {
        (HttpStatusCode, JsonElement) last = default;
        for (var i = 0; i < times; i++)
        {
            if (i > 0)
            {
                // Slower than quickLoginCheckMilliSeconds, so only failureFactor counts.
                clock.Advance(TimeSpan.FromSeconds(2));
            }

            last = await PasswordAsync(host, username, $"wrong-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, last.Item1);
        }

        return last;
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> PasswordAsync(IdentityHost host, string username, string password, string? address = null) =>
        PostAsync(host, Jwt.Password(username, password), address);

    private static Task<(HttpStatusCode Status, JsonElement Body)> ClientCredentialsAsync(IdentityHost host, string secret, string? address = null) =>
        PostAsync(host, Jwt.ClientCredentials("agency-ncr", secret), address);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(IdentityHost host, Dictionary<string, string> form, string? address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Jwt.TokenPath) { Content = new FormUrlEncodedContent(form) };
        if (address is not null)
        {
            request.Headers.Add(IdentityHost.TestAddressHeader, address);
        }

        using var response = await host.Client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }

    private Task<IdentityHost> StartAsync(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DevelopmentIssuer:RealmFile"] = IdentityHost.ShippedRealmFile(),
            ["DevelopmentIssuer:KeyFile"] = Path.Combine(folder, "signing-key.pem"),
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return IdentityHost.StartAsync(settings, services: services => services.AddSingleton<TimeProvider>(clock));
    }
}
