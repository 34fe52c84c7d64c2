using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.DevelopmentIssuer;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>
/// <c>DevelopmentIssuer:SyntheticCitizens</c>: numbered citizens for the benchmark, with real tokens from the token endpoint,
/// a subject that depends on the number only, none beyond the configured count, and refused in every environment but
/// Development (the benchmark's).
/// </summary>
public sealed class SyntheticCitizensTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string folder = IdentityHost.TemporaryFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_numbered_citizen_gets_a_citizen_token_with_a_subject_derived_from_its_number()
    {
        await using var host = await StartAsync(Settings(("DevelopmentIssuer:SyntheticCitizens", "3")));

        var token = await Jwt.AccessTokenAsync(host.Client, Jwt.Password("bench.citizen.000002"));
        var claims = Jwt.Payload(token);
        Assert.Equal("bench.citizen.000002", claims.GetProperty("preferred_username").GetString());
        Assert.Equal(["citizen"], Jwt.Strings(claims.GetProperty("realm_access").GetProperty("roles")));
        Assert.Equal("egov-api", claims.GetProperty("aud").GetString());
        Assert.Equal(SyntheticCitizens.NationalId(2), claims.GetProperty("national_id").GetString());
        Assert.Equal("SYN000000002", SyntheticCitizens.NationalId(2));

        var subject = claims.GetProperty("sub").GetString()!;
        Assert.Equal(8, Guid.Parse(subject).Version);
        Assert.Equal(SyntheticCitizens.Subject(2), subject);

        using var probe = await host.Client.SendAsync(Jwt.Get(IdentityHost.ProbePath, token), Ct);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        var me = await probe.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(subject, me.GetProperty("subject").GetString());
        Assert.Equal(["citizen"], Jwt.Strings(me.GetProperty("roles")));
    }

    [Fact]
    public async Task Every_number_has_its_own_subject_and_the_same_number_keeps_it_across_restarts()
    {
        string first;
        await using (var host = await StartAsync(Settings(("DevelopmentIssuer:SyntheticCitizens", "10000"))))
        {
            first = Jwt.Payload(await Jwt.AccessTokenAsync(host.Client, Jwt.Password("bench.citizen.000000"))).GetProperty("sub").GetString()!;
            var last = Jwt.Payload(await Jwt.AccessTokenAsync(host.Client, Jwt.Password("BENCH.CITIZEN.009999"))).GetProperty("sub").GetString()!;
            Assert.NotEqual(first, last);
            Assert.Equal(SyntheticCitizens.Subject(9999), last);
        }

        await using var again = await StartAsync(Settings(("DevelopmentIssuer:SyntheticCitizens", "1")));
        Assert.Equal(first, Jwt.Payload(await Jwt.AccessTokenAsync(again.Client, Jwt.Password("bench.citizen.000000"))).GetProperty("sub").GetString());

        var subjects = Enumerable.Range(0, 10_000).Select(SyntheticCitizens.Subject).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(10_000, subjects.Count);
    }

    [Theory]
    [InlineData("bench.citizen.000003", "egov-demo")]
    [InlineData("bench.citizen.1", "egov-demo")]
    [InlineData("bench.citizen.00001a", "egov-demo")]
    [InlineData("bench.citizen.0000001", "egov-demo")]
    [InlineData("bench.citizen.000001", "wrong-password")]
    public async Task Logins_outside_the_numbered_range_or_with_another_password_are_refused_as_Keycloak_refuses_them(string username, string password)
    {
        await using var host = await StartAsync(Settings(("DevelopmentIssuer:SyntheticCitizens", "3")));

        var (status, body, response) = await Jwt.RequestAsync(host.Client, Jwt.Password(username, password));
        response.Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Without_the_setting_there_are_no_synthetic_citizens()
    {
        await using var host = await StartAsync(Settings());

        var (status, _, response) = await Jwt.RequestAsync(host.Client, Jwt.Password("bench.citizen.000000"));
        response.Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task A_configured_password_replaces_the_demo_password()
    {
        await using var host = await StartAsync(Settings(
            ("DevelopmentIssuer:SyntheticCitizens", "2"), ("DevelopmentIssuer:SyntheticCitizenPassword", "load-test-secret")));

        var (refused, _, first) = await Jwt.RequestAsync(host.Client, Jwt.Password("bench.citizen.000001"));
        first.Dispose();
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        var token = await Jwt.AccessTokenAsync(host.Client, Jwt.Password("bench.citizen.000001", "load-test-secret"));
        Assert.Equal(SyntheticCitizens.Subject(1), Jwt.Payload(token).GetProperty("sub").GetString());

        // The realm's own users keep their own passwords.
        await Jwt.AccessTokenAsync(host.Client, Jwt.Password("citizen.anna"));
    }

    [Theory]
    [InlineData("Testing")]
    [InlineData("Staging")]
    [InlineData("Production")]
    public async Task The_setting_is_refused_outside_Development(string environment)
    {
        var settings = Settings(("DevelopmentIssuer:SyntheticCitizens", "100"));
        settings["Keycloak:ServerUrl"] = "https://id.example.gov";
        if (environment != "Production")
        {
            settings["DevelopmentIssuer:Enabled"] = "true";
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => IdentityHost.StartAsync(settings, environment));

        Assert.Contains($"DevelopmentIssuer:SyntheticCitizens is 100 but the environment is {environment}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000001")]
    public async Task A_count_out_of_range_stops_the_start(string count)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartAsync(Settings(("DevelopmentIssuer:SyntheticCitizens", count))));

        Assert.Contains("DevelopmentIssuer:SyntheticCitizens must be between 0 and 1000000", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The identity host in Development, the one environment that allows synthetic citizens.</summary>
    private static Task<IdentityHost> StartAsync(IReadOnlyDictionary<string, string?> settings) => IdentityHost.StartAsync(settings, Environments.Development);

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
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

        return settings;
    }
}
