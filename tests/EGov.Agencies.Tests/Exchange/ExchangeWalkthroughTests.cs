using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Agencies.Tests.Exchange;

/// <summary>
/// The exchange end to end, through HTTP with real tokens and PostgreSQL: publish, request, approve, call on behalf of a
/// caseworker for a case, the citizen sees it, another agency is refused and logged, the auditor verifies offline.
/// </summary>
public sealed class ExchangeWalkthroughTests(ExchangeFixture fixture) : IClassFixture<ExchangeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_service_is_published_granted_called_seen_by_the_citizen_refused_to_others_and_verified_offline()
    {
        var platform = fixture.Platform;
        using var moi = await platform.ClientForAsync("official.lena");
        using var ncr = await fixture.ServiceAccountAsync("agency-ncr");
        using var ccm = await fixture.ServiceAccountAsync("agency-ccm");
        using var auditor = await platform.ClientForAsync("auditor.karl");
        using var anna = await platform.ClientForAsync("citizen.anna");

        // MOI publishes a service answered by its own system.
        var code = Exchanges.NewCode("residency");
        var published = await Exchanges.PublishAsync(moi, Exchanges.AgencySystemService(code, fixture.Provider.BaseAddress));
        Assert.Equal("MOI", published.GetProperty("providerCode").GetString());
        Assert.Equal("AgencySystem", published.GetProperty("answeredBy").GetString());
        Assert.False(published.GetProperty("logBodies").GetBoolean());
        var listed = await ncr.GetFromJsonAsync<JsonElement>($"/api/g2g/services?provider=MOI&q={code}", Ct);
        Assert.Equal(1, listed.GetProperty("total").GetInt32());

        // NCR asks for access; until MOI approves, a call is refused and nothing is forwarded.
        var right = await Exchanges.RequestAsync(ncr, "MOI", code);
        var forwardedBefore = fixture.Provider.Received.Count;
        using (var early = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR"), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        }

        Assert.Equal(forwardedBefore, fixture.Provider.Received.Count);
        var granted = await Exchanges.DecideAsync(moi, right, "approve", new { });
        Assert.Equal("Granted", granted.GetProperty("status").GetString());
        Assert.Equal(["residency"], granted.GetProperty("operations").EnumerateArray().Select(o => o.GetString()).ToArray());

        // NCR calls on behalf of a caseworker for a case: the provider's system answers, with the headers passed on.
        var messageId = Guid.NewGuid().ToString();
        long sequence;
        using (var call = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR", messageId: messageId, issue: "G2C-2026-000777"), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
            var answer = await call.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(answer.GetProperty("resident").GetBoolean());
            Assert.Equal("85031200421", answer.GetProperty("nationalId").GetString());
            sequence = Exchanges.Sequence(call);
        }

        var received = fixture.Provider.Received.Single(r => r.MessageId == messageId);
        Assert.Equal("GET", received.Method);
        Assert.Equal("/residency?nationalId=85031200421", received.PathAndQuery);
        Assert.Equal(("NCR", "NCR:caseworker.david", "G2C-2026-000777"), (received.Client, received.UserId, received.Issue));

        var cs = platform.ConnectionString;
        Assert.Equal(1, await Database.CountAsync(cs,
            "SELECT count(*) FROM g2g.message_log WHERE sequence = @s AND consumer_code = 'NCR' AND provider_code = 'MOI' AND service_code = @c AND operation = 'residency' " +
            "AND outcome = 'Answered' AND status = 200 AND legal_basis = 'Residence Act s. 7' AND issue = 'G2C-2026-000777' AND end_user = 'NCR:caseworker.david' " +
            "AND subject_kind = 'Person' AND subject_id = '85031200421' AND length(request_hash) = 128 AND length(response_hash) = 128 AND request_body IS NULL AND response_body IS NULL",
            ("s", sequence), ("c", code)));

        // The citizen concerned sees the call in "who looked at my data".
        var seen = await anna.GetFromJsonAsync<JsonElement>("/api/g2c/me/data-access?pageSize=100", Ct);
        Assert.True(seen.GetProperty("exchangeLogAvailable").GetBoolean());
        var mine = seen.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("sequence").GetInt64() == sequence);
        Assert.Equal("NCR", mine.GetProperty("consumerCode").GetString());
        Assert.Equal("National Civil Registry", mine.GetProperty("consumerName").GetString());
        Assert.Equal(code, mine.GetProperty("serviceCode").GetString());
        Assert.Equal("Housing benefit claim", mine.GetProperty("purpose").GetString());
        Assert.Equal("Residence Act s. 7", mine.GetProperty("legalBasis").GetString());
        Assert.Equal("G2C-2026-000777", mine.GetProperty("issue").GetString());
        Assert.Equal("Answered", mine.GetProperty("outcome").GetString());
        using (var bruno = await platform.ClientForAsync("citizen.bruno"))
        {
            var theirs = await bruno.GetFromJsonAsync<JsonElement>("/api/g2c/me/data-access?pageSize=100", Ct);
            Assert.DoesNotContain(theirs.GetProperty("items").EnumerateArray(), i => i.GetProperty("sequence").GetInt64() == sequence);
        }

        // A third agency without a right is refused; nothing is forwarded, and the refusal is logged.
        var forwarded = fixture.Provider.Received.Count;
        long refusedAt;
        using (var refused = await ccm.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "CCM", userId: "CCM:caseworker.eva"), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            refusedAt = Exchanges.Sequence(refused);
        }

        Assert.Equal(forwarded, fixture.Provider.Received.Count);
        Assert.Equal(1, await Database.CountAsync(cs,
            "SELECT count(*) FROM g2g.message_log WHERE sequence = @s AND consumer_code = 'CCM' AND outcome = 'NoRight' AND status = 403 AND response_hash IS NULL", ("s", refusedAt)));

        // The auditor exports the range and verifies it offline, with the export and the published keys only.
        await Exchanges.SignedThroughAsync(platform, refusedAt);
        var (verification, export, _) = await Exchanges.ExportAndVerifyAsync(auditor, 1, refusedAt);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(0, verification.UnsignedEntries);
        Assert.True(verification.EntriesChecked >= refusedAt);
        using var document = JsonDocument.Parse(export);
        var entry = document.RootElement.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("sequence").GetInt64() == sequence);
        Assert.False(entry.GetProperty("redacted").GetBoolean());
        Assert.Equal("85031200421", entry.GetProperty("subjectId").GetString());
    }

    [Fact]
    public async Task An_agency_exports_its_own_entries_in_full_and_the_others_as_hashes_that_still_verify()
    {
        var platform = fixture.Platform;
        using var moi = await platform.ClientForAsync("official.lena");
        using var ncr = await fixture.ServiceAccountAsync("agency-ncr");
        using var ccm = await fixture.ServiceAccountAsync("agency-ccm");
        var (code, _) = await Exchanges.GrantedServiceAsync(moi, ncr, "MOI", fixture.Provider.BaseAddress);
        using var own = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR"), Ct);
        using var other = await ccm.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "CCM"), Ct);
        var first = Exchanges.Sequence(own);
        var last = Exchanges.Sequence(other);
        await Exchanges.SignedThroughAsync(platform, last);

        using var nta = await fixture.ServiceAccountAsync("agency-nta");
        var (result, export, _) = await Exchanges.ExportAndVerifyAsync(nta, first, last);
        Assert.True(result.Valid, result.Problem);
        using var document = JsonDocument.Parse(export);
        var entries = document.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.All(entries.Where(e => e.GetProperty("sequence").GetInt64() is var s && (s == first || s == last)), e => Assert.True(e.GetProperty("redacted").GetBoolean()));
        Assert.All(entries.Where(e => !e.GetProperty("redacted").GetBoolean()), e =>
            Assert.True(e.GetProperty("consumer").GetString() == "NTA" || e.GetProperty("provider").GetString() == "NTA"));

        var (ncrView, ncrExport, _) = await Exchanges.ExportAndVerifyAsync(ncr, first, last);
        Assert.True(ncrView.Valid, ncrView.Problem);
        using var ncrDocument = JsonDocument.Parse(ncrExport);
        var ncrEntries = ncrDocument.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.False(ncrEntries.Single(e => e.GetProperty("sequence").GetInt64() == first).GetProperty("redacted").GetBoolean());
        Assert.True(ncrEntries.Single(e => e.GetProperty("sequence").GetInt64() == last).GetProperty("redacted").GetBoolean());
    }

    [Fact]
    public async Task Figures_per_consumer_show_calls_errors_and_latency_and_each_agency_sees_only_its_own()
    {
        var platform = fixture.Platform;
        using var moi = await platform.ClientForAsync("official.lena");
        using var nta = await fixture.ServiceAccountAsync("agency-nta");
        using var ccm = await fixture.ServiceAccountAsync("agency-ccm");
        var (code, _) = await Exchanges.GrantedServiceAsync(moi, nta, "MOI", fixture.Provider.BaseAddress, ("residency", "Get"), ("broken", "Get"));
        for (var i = 0; i < 3; i++)
        {
            using var ok = await nta.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NTA", operation: "residency"), Ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var failed = await nta.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NTA", operation: "broken"), Ct))
        {
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        }

        var figures = await nta.GetFromJsonAsync<JsonElement>("/api/g2g/log/figures", Ct);
        var row = figures.EnumerateArray().Single(f => f.GetProperty("serviceCode").GetString() == code);
        Assert.Equal(4, row.GetProperty("calls").GetInt64());
        Assert.Equal(1, row.GetProperty("errors").GetInt64());
        Assert.True(row.GetProperty("p50Ms").GetDouble() > 0);
        Assert.True(row.GetProperty("p99Ms").GetDouble() >= row.GetProperty("p50Ms").GetDouble());
        Assert.All(figures.EnumerateArray(), f => Assert.True(f.GetProperty("consumerCode").GetString() == "NTA" || f.GetProperty("providerCode").GetString() == "NTA"));

        var ccmFigures = await ccm.GetFromJsonAsync<JsonElement>("/api/g2g/log/figures", Ct);
        Assert.DoesNotContain(ccmFigures.EnumerateArray(), f => f.GetProperty("serviceCode").GetString() == code);
        using var auditor = await platform.ClientForAsync("auditor.karl");
        var all = await auditor.GetFromJsonAsync<JsonElement>("/api/g2g/log/figures", Ct);
        Assert.Contains(all.EnumerateArray(), f => f.GetProperty("serviceCode").GetString() == code && f.GetProperty("consumerCode").GetString() == "NTA");
    }
}
