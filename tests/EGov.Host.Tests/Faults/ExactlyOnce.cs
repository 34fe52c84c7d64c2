using System.Net;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Host.Tests.Faults;

/// <summary>
/// The books of a fault test, read from the database: for every write the state rows, the outbox rows, the audit
/// records and the delivered effects (local copies and inbox rows), each of which must be there exactly once.
/// </summary>
internal static class ExactlyOnce
{
    public static readonly string[] CopySchemas = ["g2c", "g2b", "g2e"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How many of <paramref name="codes"/> were committed (an agency row exists).</summary>
    public static Task<long> AgenciesPresentAsync(string cs, IReadOnlyCollection<string> codes) =>
        Database.CountAsync(cs, "SELECT count(*) FROM g2g.agencies WHERE code = ANY(@codes)", ("codes", codes.ToArray()));

    /// <summary>How many of the applications behind <paramref name="keys"/> were committed.</summary>
    public static Task<long> ApplicationsPresentAsync(string cs, IReadOnlyCollection<string> keys) =>
        Database.CountAsync(cs, "SELECT count(*) FROM g2c.idempotency_records WHERE scope = 'g2c.applications.submit' AND key = ANY(@keys)", ("keys", keys.ToArray()));

    /// <summary>Waits (bounded) until the outboxes of g2g and g2c have nothing left to deliver.</summary>
    public static async Task DeliveredAsync(string cs, TimeSpan limit) =>
        Assert.True(await Database.EventuallyAsync(async () =>
            await Database.CountAsync(cs,
                "SELECT (SELECT count(*) FROM g2g.outbox_messages WHERE dispatched_at IS NULL) + (SELECT count(*) FROM g2c.outbox_messages WHERE dispatched_at IS NULL)") == 0,
            limit), "the outboxes were not emptied");

    /// <summary>
    /// Every code in <paramref name="codes"/>: one agency row, one <c>AgencyRegistered</c> outbox row (dispatched),
    /// one audit record, and in each of g2c, g2b and g2e one local copy and one inbox row for that event.
    /// Rows with <paramref name="prefix"/> beyond those codes are not allowed either.
    /// </summary>
    public static async Task AgenciesAsync(string cs, string prefix, IReadOnlyCollection<string> codes)
    {
        var all = codes.ToArray();
        await NoneAsync(cs, "agency rows", "SELECT count(*) FROM unnest(@codes) c WHERE (SELECT count(*) FROM g2g.agencies a WHERE a.code = c) <> 1", all);
        await NoneAsync(cs, "outbox rows",
            "SELECT count(*) FROM unnest(@codes) c WHERE (SELECT count(*) FROM g2g.outbox_messages o WHERE o.type = 'AgencyRegistered' AND o.payload->'agency'->>'code' = c AND o.dispatched_at IS NOT NULL) <> 1", all);
        await NoneAsync(cs, "audit records",
            "SELECT count(*) FROM unnest(@codes) c WHERE (SELECT count(*) FROM g2g.audit_log l WHERE l.action = 'agency.registered' AND l.entity_id = c) <> 1", all);
        foreach (var schema in CopySchemas)
        {
            await NoneAsync(cs, $"{schema} copies", $"SELECT count(*) FROM unnest(@codes) c WHERE (SELECT count(*) FROM {schema}.agencies a WHERE a.code = c) <> 1", all);
            await NoneAsync(cs, $"{schema} inbox rows",
                $"SELECT count(*) FROM unnest(@codes) c WHERE (SELECT count(*) FROM {schema}.inbox_messages i JOIN g2g.outbox_messages o ON o.id = i.event_id WHERE o.payload->'agency'->>'code' = c) <> 1", all);
            Assert.Equal(all.Length, await Database.CountAsync(cs, $"SELECT count(*) FROM {schema}.agencies WHERE code LIKE @p", ("p", prefix + "%")));
        }

        Assert.Equal(all.Length, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.agencies WHERE code LIKE @p", ("p", prefix + "%")));
        Assert.Equal(all.Length, await Database.CountAsync(cs,
            "SELECT count(*) FROM g2g.outbox_messages WHERE type = 'AgencyRegistered' AND payload->'agency'->>'code' LIKE @p", ("p", prefix + "%")));
    }

    /// <summary>
    /// Every idempotency key: one stored answer naming the application the client was given, one application row,
    /// one <c>ApplicationSubmitted</c> outbox row (dispatched), one inbox notice for the citizen and one audit
    /// record; and no application without a key.
    /// </summary>
    public static async Task ApplicationsAsync(string cs, IReadOnlyDictionary<string, Guid> applicationOfKey)
    {
        var keys = applicationOfKey.Keys.ToArray();
        var ids = applicationOfKey.Values.ToArray();
        await NoneAsync(cs, "idempotency records",
            "SELECT count(*) FROM unnest(@keys) k WHERE (SELECT count(*) FROM g2c.idempotency_records r WHERE r.scope = 'g2c.applications.submit' AND r.key = k) <> 1", keys);
        foreach (var (key, id) in applicationOfKey)
        {
            Assert.Equal(1, await Database.CountAsync(cs,
                "SELECT count(*) FROM g2c.idempotency_records WHERE scope = 'g2c.applications.submit' AND key = @k AND (response_body::jsonb)->>'id' = @id",
                ("k", key), ("id", id.ToString())));
        }

        await NoneAsync(cs, "application rows", "SELECT count(*) FROM unnest(@ids) i WHERE (SELECT count(*) FROM g2c.applications a WHERE a.id = i) <> 1", ids);
        await NoneAsync(cs, "outbox rows",
            "SELECT count(*) FROM unnest(@ids) i WHERE (SELECT count(*) FROM g2c.outbox_messages o WHERE o.type = 'ApplicationSubmitted' AND o.payload->>'applicationId' = i::text AND o.dispatched_at IS NOT NULL) <> 1", ids);
        await NoneAsync(cs, "inbox notices", "SELECT count(*) FROM unnest(@ids) i WHERE (SELECT count(*) FROM g2c.notices m WHERE m.regarding_case_id = i) <> 1", ids);
        await NoneAsync(cs, "audit records",
            "SELECT count(*) FROM unnest(@ids) i WHERE (SELECT count(*) FROM g2c.audit_log l WHERE l.action = 'application.submitted' AND l.entity_id = i::text) <> 1", ids);

        Assert.Equal(ids.Length, await Database.CountAsync(cs, "SELECT count(*) FROM g2c.applications"));
        Assert.Equal(ids.Length, await Database.CountAsync(cs, "SELECT count(*) FROM g2c.outbox_messages WHERE type = 'ApplicationSubmitted'"));
    }

    /// <summary>The hash chains of the audit logs are intact (no record lost, forked or written twice).</summary>
    public static async Task AuditChainsAsync(HttpClient auditor, params string[] modules)
    {
        foreach (var module in modules)
        {
            using var response = await auditor.GetAsync(new Uri($"/api/platform/audit/{module}/verify", UriKind.Relative), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("valid").GetBoolean(), body);
        }
    }

    private static async Task NoneAsync<T>(string cs, string what, string sql, T[] values)
    {
        var name = sql.Contains("@codes", StringComparison.Ordinal) ? "codes" : sql.Contains("@keys", StringComparison.Ordinal) ? "keys" : "ids";
        var wrong = await Database.CountAsync(cs, sql, (name, values));
        Assert.True(wrong == 0, $"{wrong} of {values.Length} writes do not have exactly one of their {what}");
    }
}
