using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Agencies.Tests.Exchange;

/// <summary>Who may do what: the directory, rights and the exchange for every kind of caller, and the log entries refusals leave.</summary>
public sealed class ExchangeAccessTests(ExchangeFixture fixture) : IClassFixture<ExchangeFixture>
{
    private static readonly string[] Nonsense = ["nonsense"];
    private static readonly string[] Both = ["residency", "history"];
    private static readonly string[] ResidencyOnly = ["residency"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PlatformFactory Platform => fixture.Platform;

    [Fact]
    public async Task The_directory_admits_agencies_auditors_and_admins_and_only_the_provider_changes_a_service()
    {
        using var anonymous = Platform.CreateClient();
        using var citizen = await Platform.ClientForAsync("citizen.anna");
        using var auditor = await Platform.ClientForAsync("auditor.karl");
        using var moi = await Platform.ClientForAsync("official.lena");
        using var nta = await fixture.ServiceAccountAsync("agency-nta");
        var code = Exchanges.NewCode("dir");
        var service = Exchanges.AgencySystemService(code, fixture.Provider.BaseAddress);

        using (var r = await anonymous.GetAsync("/api/g2g/services", Ct)) { Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode); }
        using (var r = await citizen.GetAsync("/api/g2g/services", Ct)) { Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode); }
        using (var r = await anonymous.PostAsJsonAsync("/api/g2g/services", service, Ct)) { Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode); }
        using (var r = await citizen.PostAsJsonAsync("/api/g2g/services", service, Ct)) { Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode); }
        using (var r = await auditor.PostAsJsonAsync("/api/g2g/services", service, Ct)) { Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode); }

        // An agency publishes under its own code only, and never a module-answered service.
        using (var r = await nta.PostAsJsonAsync("/api/g2g/services", Merge(service, new { providerCode = "MOI" }), Ct)) { Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode); }
        using (var r = await nta.PostAsJsonAsync("/api/g2g/services", Merge(service, new { answeredBy = "Module", moduleAnswer = "g2c.person-basic-record" }), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }

        Assert.Equal(0, await Database.CountAsync(Platform.ConnectionString, "SELECT count(*) FROM g2g.data_services WHERE code = @c", ("c", code)));
        await Exchanges.PublishAsync(moi, service);
        using (var r = await moi.PostAsJsonAsync("/api/g2g/services", service, Ct)) { Assert.Equal(HttpStatusCode.Conflict, r.StatusCode); }

        var read = await auditor.GetFromJsonAsync<JsonElement>($"/api/g2g/services/MOI/{code}", Ct);
        Assert.Equal("3.1.0", read.GetProperty("openApi").GetProperty("openapi").GetString());
        using (var r = await nta.GetAsync($"/api/g2g/services/MOI/{code}-none", Ct)) { Assert.Equal(HttpStatusCode.NotFound, r.StatusCode); }

        using (var r = await nta.PutAsJsonAsync($"/api/g2g/services/MOI/{code}", Merge(service, new { logBodies = true }), Ct)) { Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode); }
        using (var r = await moi.PutAsJsonAsync($"/api/g2g/services/MOI/{code}", Merge(service, new { logBodies = true }), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var updated = await r.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(updated.GetProperty("logBodies").GetBoolean());
            Assert.Equal(2, updated.GetProperty("version").GetInt64());
        }

        using (var r = await nta.PostAsync($"/api/g2g/services/MOI/{code}/withdraw", null, Ct)) { Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode); }
    }

    [Fact]
    public async Task Publishing_with_the_same_idempotency_key_makes_one_service_and_another_body_is_a_conflict()
    {
        using var moi = await Platform.ClientForAsync("official.lena");
        var code = Exchanges.NewCode("idem");
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Publish(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/g2g/services") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await moi.SendAsync(request, Ct);
        }

        var service = Exchanges.AgencySystemService(code, fixture.Provider.BaseAddress);
        using var first = await Publish(service);
        using var again = await Publish(service);
        using var other = await Publish(Merge(service, new { name = "Something else" }));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(1, await Database.CountAsync(Platform.ConnectionString, "SELECT count(*) FROM g2g.data_services WHERE code = @c", ("c", code)));
    }

    [Fact]
    public async Task Rights_are_decided_by_the_provider_seen_by_both_sides_and_the_auditor_and_hidden_from_others()
    {
        using var moi = await Platform.ClientForAsync("official.lena");
        using var ncr = await fixture.ServiceAccountAsync("agency-ncr");
        using var ccm = await fixture.ServiceAccountAsync("agency-ccm");
        using var auditor = await Platform.ClientForAsync("auditor.karl");
        using var citizen = await Platform.ClientForAsync("citizen.anna");
        using var anonymous = Platform.CreateClient();
        var code = Exchanges.NewCode("rights");
        await Exchanges.PublishAsync(moi, Exchanges.AgencySystemService(code, fixture.Provider.BaseAddress, ("residency", "Get"), ("history", "Get")));
        var right = await Exchanges.RequestAsync(ncr, "MOI", code);
        using (var r = await ncr.PostAsJsonAsync("/api/g2g/rights", new { provider = "MOI", service = code, purpose = "Again", legalBasis = "Residence Act s. 7" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        }

        foreach (var (client, expected) in new[] { (moi, HttpStatusCode.OK), (ncr, HttpStatusCode.OK), (auditor, HttpStatusCode.OK), (ccm, HttpStatusCode.NotFound), (citizen, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var r = await client.GetAsync($"/api/g2g/rights/{right}", Ct);
            Assert.Equal(expected, r.StatusCode);
        }

        var ncrList = await ncr.GetFromJsonAsync<JsonElement>("/api/g2g/rights?side=consumer&status=Requested&pageSize=100", Ct);
        Assert.Contains(ncrList.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == right);
        var ccmList = await ccm.GetFromJsonAsync<JsonElement>("/api/g2g/rights?pageSize=100", Ct);
        Assert.DoesNotContain(ccmList.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == right);

        await Exchanges.DecideAsync(ncr, right, "approve", new { }, HttpStatusCode.Forbidden);
        await Exchanges.DecideAsync(ccm, right, "approve", new { }, HttpStatusCode.NotFound);
        await Exchanges.DecideAsync(moi, right, "approve", new { operations = Nonsense }, HttpStatusCode.BadRequest);
        var granted = await Exchanges.DecideAsync(moi, right, "approve", new { operations = Both });
        Assert.Equal("Granted", granted.GetProperty("status").GetString());
        await Exchanges.DecideAsync(moi, right, "approve", new { }, HttpStatusCode.Conflict);

        // Narrowed to one operation: the other is refused from the next call on, and nothing reaches the provider.
        using (var r = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR", operation: "history"), Ct)) { Assert.Equal(HttpStatusCode.NotFound, r.StatusCode); }
        await Exchanges.DecideAsync(moi, right, "narrow", new { operations = ResidencyOnly });
        var forwarded = fixture.Provider.Received.Count;
        using (var r = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR", operation: "history"), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }

        Assert.Equal(forwarded, fixture.Provider.Received.Count);
        using (var r = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR", operation: "residency"), Ct)) { Assert.Equal(HttpStatusCode.OK, r.StatusCode); }

        // Revoked: refused and logged as having no right.
        await Exchanges.DecideAsync(ncr, right, "revoke", new { reason = "" }, HttpStatusCode.BadRequest);
        var revoked = await Exchanges.DecideAsync(moi, right, "revoke", new { reason = "The purpose ended." });
        Assert.Equal("Revoked", revoked.GetProperty("status").GetString());
        using (var r = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR", operation: "residency"), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Equal(1, await Database.CountAsync(Platform.ConnectionString, "SELECT count(*) FROM g2g.message_log WHERE sequence = @s AND outcome = 'NoRight'", ("s", Exchanges.Sequence(r))));
        }

        Assert.Equal(4, await Database.CountAsync(Platform.ConnectionString,
            "SELECT count(*) FROM g2g.audit_log WHERE entity_type = 'access-right' AND entity_id = @id", ("id", right.ToString())));
        Assert.Equal(4, await Database.CountAsync(Platform.ConnectionString,
            "SELECT count(*) FROM g2g.outbox_messages WHERE type = 'DataAccessRightChanged' AND payload->>'rightId' = @id", ("id", right.ToString())));
    }

    [Fact]
    public async Task The_exchange_admits_only_agencies_and_refuses_forged_and_replayed_calls_with_a_log_entry()
    {
        using var moi = await Platform.ClientForAsync("official.lena");
        using var ncr = await fixture.ServiceAccountAsync("agency-ncr");
        var (code, _) = await Exchanges.GrantedServiceAsync(moi, ncr, "MOI", fixture.Provider.BaseAddress);
        var before = await Exchanges.LogCountAsync(Platform);
        using var anonymous = Platform.CreateClient();
        using var citizen = await Platform.ClientForAsync("citizen.anna");
        using var auditor = await Platform.ClientForAsync("auditor.karl");
        using var caseworker = await Platform.ClientForAsync("caseworker.david");
        foreach (var (client, expected) in new[] { (anonymous, HttpStatusCode.Unauthorized), (citizen, HttpStatusCode.Forbidden), (auditor, HttpStatusCode.Forbidden), (caseworker, HttpStatusCode.Forbidden) })
        {
            using var r = await client.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR"), Ct);
            Assert.Equal(expected, r.StatusCode);
        }

        Assert.Equal(before, await Exchanges.LogCountAsync(Platform));
        var forwarded = fixture.Provider.Received.Count;

        // The client header must be the token's agency.
        using (var forged = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NTA"), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            Assert.Equal(1, await Database.CountAsync(Platform.ConnectionString,
                "SELECT count(*) FROM g2g.message_log WHERE sequence = @s AND outcome = 'Forged' AND consumer_code = 'NCR' AND client = 'NTA'", ("s", Exchanges.Sequence(forged))));
        }

        // A message id is used once.
        var messageId = Guid.NewGuid().ToString();
        using (var first = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR", messageId: messageId), Ct)) { Assert.Equal(HttpStatusCode.OK, first.StatusCode); }
        using (var replay = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR", messageId: messageId), Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
            Assert.Equal(1, await Database.CountAsync(Platform.ConnectionString,
                "SELECT count(*) FROM g2g.message_log WHERE sequence = @s AND outcome = 'Replayed' AND message_id = @m", ("s", Exchanges.Sequence(replay)), ("m", messageId)));
        }

        Assert.Equal(forwarded + 1, fixture.Provider.Received.Count);

        // Unknown services and operations are refused and logged; so is a withdrawn service.
        using (var unknown = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code + "-none", "NCR"), Ct)) { Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode); Exchanges.Sequence(unknown); }
        using (var post = await ncr.SendAsync(Exchanges.Call(HttpMethod.Post, "MOI", code, "NCR", body: new { nationalId = "85031200421" }), Ct)) { Assert.Equal(HttpStatusCode.NotFound, post.StatusCode); }
        (await moi.PostAsync($"/api/g2g/services/MOI/{code}/withdraw", null, Ct)).EnsureSuccessStatusCode();
        using (var withdrawn = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR"), Ct)) { Assert.Equal(HttpStatusCode.NotFound, withdrawn.StatusCode); }
        Assert.Equal(forwarded + 1, fixture.Provider.Received.Count);
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_field_errors_and_writes_nothing()
    {
        using var moi = await Platform.ClientForAsync("official.lena");
        using var ncr = await fixture.ServiceAccountAsync("agency-ncr");
        var (code, _) = await Exchanges.GrantedServiceAsync(moi, ncr, "MOI", fixture.Provider.BaseAddress);
        var cs = Platform.ConnectionString;
        var services = await Database.CountAsync(cs, "SELECT count(*) FROM g2g.data_services");
        var rights = await Database.CountAsync(cs, "SELECT count(*) FROM g2g.access_rights");
        var log = await Exchanges.LogCountAsync(Platform);
        var ids = await Database.CountAsync(cs, "SELECT count(*) FROM g2g.exchange_message_ids");

        using (var r = await moi.PostAsJsonAsync("/api/g2g/services", new
        {
            code = "Bad Code",
            openApi = new { swagger = "2.0" },
            operations = new[] { new { name = "Read", method = "Delete" } },
            subjectKind = "Person",
            answeredBy = "AgencySystem",
            endpoint = "http://systems.moi.gov.example/api",
        }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var errors = (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
            foreach (var field in new[] { "code", "name", "description", "openApi", "legalBases", "operations[0].name", "operations[0].method", "subjectParameter", "endpoint" })
            {
                Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
            }
        }

        using (var r = await ncr.PostAsJsonAsync("/api/g2g/rights", new { provider = "MOI", service = code, purpose = "", legalBasis = "Some other law" }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var errors = (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
            Assert.True(errors.TryGetProperty("purpose", out _));
        }

        using (var r = await ncr.PostAsJsonAsync("/api/g2g/rights", new { provider = "MOI", service = code, purpose = "Checks", legalBasis = "Some other law", operations = Nonsense }, Ct))
        {
            var errors = (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
            Assert.True(errors.TryGetProperty("legalBasis", out _));
            Assert.True(errors.TryGetProperty("operations", out _));
        }

        // Exchange headers missing or malformed: nothing is logged, no message id is used up.
        using (var r = await ncr.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/g2g/exchange/MOI/{code}?nationalId=85031200421"), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var errors = (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
            foreach (var header in new[] { "X-EGov-Client", "X-EGov-Message-Id", "X-EGov-User-Id", "X-EGov-Purpose" })
            {
                Assert.True(errors.TryGetProperty(header, out _), $"no error for {header}");
            }
        }

        using (var r = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR", messageId: "has spaces"), Ct)) { Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode); }
        using (var r = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR", query: ""), Ct)) { Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode); }
        using (var r = await ncr.SendAsync(Exchanges.Call(HttpMethod.Get, "MOI", code, "NCR", query: "?nationalId=85031200421&nationalId=90071500517"), Ct)) { Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode); }
        var malformed = Exchanges.Call(HttpMethod.Post, "MOI", code, "NCR");
        malformed.Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        using (var r = await ncr.SendAsync(malformed, Ct)) { Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode); }
        var array = Exchanges.Call(HttpMethod.Post, "MOI", code, "NCR");
        array.Content = new StringContent("[1,2]", System.Text.Encoding.UTF8, "application/json");
        using (var r = await ncr.SendAsync(array, Ct)) { Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode); }

        Assert.Equal(services, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.data_services"));
        Assert.Equal(rights, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.access_rights"));
        Assert.Equal(log, await Exchanges.LogCountAsync(Platform));
        Assert.Equal(ids, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.exchange_message_ids"));
    }

    private static Dictionary<string, object?> Merge(object service, object changes)
    {
        var merged = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(service, Exchanges.Json), Exchanges.Json)!;
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(changes, Exchanges.Json), Exchanges.Json)!)
        {
            merged[key] = value;
        }

        return merged;
    }
}
