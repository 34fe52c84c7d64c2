using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using Npgsql;

namespace EGov.Agencies.Tests;

/// <summary>The registry's changes are in a hash-chained, append-only audit trail that exposes tampering.</summary>
public sealed class AuditTrailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_are_audited_and_tampering_is_named_by_the_verification()
    {
        await using var platform = await PlatformFactory.StartAsync("audit");
        using var admin = await platform.ClientForAsync("admin.jan");
        for (var i = 0; i < 4; i++)
        {
            (await admin.PostAsJsonAsync("/api/g2g/agencies", new { code = $"AU{i}X", name = $"Audited Office {i}", level = "national" }, Ct)).EnsureSuccessStatusCode();
        }

        (await admin.PutAsJsonAsync("/api/g2g/agencies/AU0X", new { name = "Audited Office Zero", level = "national" }, Ct)).EnsureSuccessStatusCode();

        var cs = platform.ConnectionString;
        var adminSubject = (await admin.GetFromJsonAsync<JsonElement>("/api/platform/me", Ct)).GetProperty("subject").GetString();
        Assert.Equal(1, await Database.CountAsync(cs,
            "SELECT count(*) FROM g2g.audit_log WHERE action = 'agency.updated' AND entity_type = 'agency' AND entity_id = 'AU0X' AND actor = @a AND correlation_id IS NOT NULL",
            ("a", adminSubject!)));

        using var auditor = await platform.ClientForAsync("auditor.karl");
        var clean = await auditor.GetFromJsonAsync<JsonElement>("/api/platform/audit/g2g/verify", Ct);
        Assert.True(clean.GetProperty("valid").GetBoolean());
        var records = clean.GetProperty("recordsChecked").GetInt64();
        Assert.True(records >= 12); // 7 seeded agencies, 4 registered, 1 update

        // The application cannot change or remove audit records.
        await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync(cs, "UPDATE g2g.audit_log SET actor = 'someone-else' WHERE sequence = 3"));
        await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync(cs, "DELETE FROM g2g.audit_log WHERE sequence = 3"));

        // A superuser who switches the guard off can, but the chain shows it.
        await Tamper(cs, "UPDATE g2g.audit_log SET actor = 'someone-else' WHERE sequence = 3");
        var altered = await auditor.GetFromJsonAsync<JsonElement>("/api/platform/audit/g2g/verify", Ct);
        Assert.False(altered.GetProperty("valid").GetBoolean());
        var problems = altered.GetProperty("problems").EnumerateArray().ToList();
        Assert.Single(problems);
        Assert.Equal(3, problems[0].GetProperty("sequence").GetInt64());
        Assert.Contains("altered", problems[0].GetProperty("problem").GetString(), StringComparison.Ordinal);

        await Tamper(cs, "DELETE FROM g2g.audit_log WHERE sequence = 6");
        var deleted = await auditor.GetFromJsonAsync<JsonElement>("/api/platform/audit/g2g/verify", Ct);
        Assert.Contains(deleted.GetProperty("problems").EnumerateArray(), p =>
            p.GetProperty("sequence").GetInt64() == 7 && p.GetProperty("problem").GetString()!.Contains("deleted", StringComparison.Ordinal));

        await Tamper(cs,
            "INSERT INTO g2g.audit_log (sequence, occurred_at, actor, action, entity_type, entity_id, previous_hash, hash) " +
            $"VALUES ({records + 1}, now(), 'forger', 'agency.registered', 'agency', 'FAKE', 'aa', 'bb')");
        var inserted = await auditor.GetFromJsonAsync<JsonElement>("/api/platform/audit/g2g/verify", Ct);
        Assert.Contains(inserted.GetProperty("problems").EnumerateArray(), p =>
            p.GetProperty("sequence").GetInt64() == records + 1 && p.GetProperty("problem").GetString()!.Contains("inserted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_auditors_and_platform_admins_verify()
    {
        await using var platform = await PlatformFactory.StartAsync("auditauth");
        using var anonymous = platform.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/platform/audit/g2g/verify", Ct)).StatusCode);
        using var citizen = await platform.ClientForAsync("citizen.anna");
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/api/platform/audit/g2g/verify", Ct)).StatusCode);
        using var caseworker = await platform.ClientForAsync("caseworker.david");
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.GetAsync("/api/platform/audit/g2g/verify", Ct)).StatusCode);
        using var admin = await platform.ClientForAsync("admin.jan");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/platform/audit/g2g/verify", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/platform/audit/nope/verify", Ct)).StatusCode);
    }

    private static Task Tamper(string cs, string sql) => Database.ExecuteAsync(cs,
        $"BEGIN; ALTER TABLE g2g.audit_log DISABLE TRIGGER USER; {sql}; ALTER TABLE g2g.audit_log ENABLE TRIGGER USER; COMMIT;");
}
