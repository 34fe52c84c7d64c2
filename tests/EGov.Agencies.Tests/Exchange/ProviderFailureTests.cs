using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Agencies.Tests.Exchange;

/// <summary>A provider's system that fails, is slow, answers garbage or cannot be reached: a clear problem and a log entry, never a hang.</summary>
public sealed class ProviderFailureTests(ExchangeFixture fixture) : IClassFixture<ExchangeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("slow", HttpStatusCode.GatewayTimeout, "ProviderTimedOut")]
    [InlineData("garbage", HttpStatusCode.BadGateway, "ProviderFailed")]
    [InlineData("broken", HttpStatusCode.BadGateway, "ProviderFailed")]
    [InlineData("missing", HttpStatusCode.NotFound, "NotFound")]
    public async Task A_failing_provider_gives_a_problem_and_a_log_entry(string operation, HttpStatusCode expected, string outcome)
    {
        using var moi = await fixture.Platform.ClientForAsync("official.lena");
        using var nta = await fixture.ServiceAccountAsync("agency-nta");
        var (code, _) = await Exchanges.GrantedServiceAsync(moi, nta, "MOI", fixture.Provider.BaseAddress, (operation, "Get"));
        var watch = Stopwatch.StartNew();
        using var response = await nta.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NTA"), Ct);
        watch.Stop();
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4.5), $"took {watch.Elapsed}: the 1 s timeout did not hold");
        Assert.Equal(1, await Database.CountAsync(fixture.Platform.ConnectionString,
            "SELECT count(*) FROM g2g.message_log WHERE sequence = @s AND outcome = @o AND status = @st",
            ("s", Exchanges.Sequence(response)), ("o", outcome), ("st", (int)expected)));
    }

    [Fact]
    public async Task An_unreachable_provider_is_a_bad_gateway_and_logged()
    {
        using var moi = await fixture.Platform.ClientForAsync("official.lena");
        using var nta = await fixture.ServiceAccountAsync("agency-nta");
        var closed = $"http://127.0.0.1:{PlatformFactory.FreePort()}";
        var (code, _) = await Exchanges.GrantedServiceAsync(moi, nta, "MOI", closed);
        using var response = await nta.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NTA"), Ct);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, await Database.CountAsync(fixture.Platform.ConnectionString,
            "SELECT count(*) FROM g2g.message_log WHERE sequence = @s AND outcome = 'ProviderFailed'", ("s", Exchanges.Sequence(response))));
    }

    [Fact]
    public async Task With_body_logging_on_the_log_keeps_the_bodies_and_their_hashes_match()
    {
        using var moi = await fixture.Platform.ClientForAsync("official.lena");
        using var nta = await fixture.ServiceAccountAsync("agency-nta");
        var code = Exchanges.NewCode("bodies");
        var service = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(
            Exchanges.AgencySystemService(code, fixture.Provider.BaseAddress, ("residency", "Post")), Exchanges.Json))!;
        service["logBodies"] = true;
        await Exchanges.PublishAsync(moi, service);
        var right = await Exchanges.RequestAsync(nta, "MOI", code);
        await Exchanges.DecideAsync(moi, right, "approve", new { });
        using var response = await nta.SendAsync(Exchanges.Call(HttpMethod.Post, "MOI", code, "NTA", query: "", body: new { nationalId = "90071500517", year = 2026 }), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadAsByteArrayAsync(Ct);
        var sequence = Exchanges.Sequence(response);
        var cs = fixture.Platform.ConnectionString;
        Assert.Equal(1, await Database.CountAsync(cs,
            "SELECT count(*) FROM g2g.message_log WHERE sequence = @s AND subject_id = '90071500517' AND request_body::jsonb = '{\"nationalId\":\"90071500517\",\"year\":2026}'::jsonb " +
            "AND response_hash = @h AND response_body IS NOT NULL",
            ("s", sequence), ("h", Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(answer)))));
    }
}
