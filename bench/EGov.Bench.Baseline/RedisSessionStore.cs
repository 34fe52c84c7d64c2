using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace EGov.Bench.Baseline;

/// <summary>
/// Sessions in Redis, two hashes per citizen: <c>s:{sub}</c> holds one summary per draft ("fieldCount|savedAtMs") and the last
/// activity, so a session read is one HGETALL of small values; <c>d:{sub}</c> holds the drafts. A save merges the fields in one
/// Lua script (atomic, one round trip, no lost update under concurrent saves). Durability is Redis's: run.sh starts it with
/// appendonly yes and appendfsync everysec, so an acknowledged draft may be lost with the last second before a crash.
/// </summary>
internal sealed class RedisSessionStore(IConnectionMultiplexer redis, TimeProvider clock) : ISessionStore
{
    private const string LastActivity = "_last";

    private const string SaveScript = """
        local now = tonumber(ARGV[2])
        local current = redis.call('HGET', KEYS[2], ARGV[1])
        local draft
        if current then draft = cjson.decode(current) else draft = { c = now, f = {} } end
        for i = 3, #ARGV, 2 do draft.f[ARGV[i]] = ARGV[i + 1] end
        draft.s = now
        local count = 0
        for _ in pairs(draft.f) do count = count + 1 end
        local encoded = cjson.encode(draft)
        redis.call('HSET', KEYS[2], ARGV[1], encoded)
        redis.call('HSET', KEYS[1], ARGV[1], count .. '|' .. ARGV[2], '_last', ARGV[2])
        return encoded
        """;

    private const string DeleteScript = """
        if redis.call('HDEL', KEYS[2], ARGV[1]) == 0 then return 0 end
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('HSET', KEYS[1], '_last', ARGV[2])
        return 1
        """;

    private readonly IDatabase db = redis.GetDatabase();

    public async Task<SessionResponse> GetSessionAsync(string subject)
    {
        var entries = await db.HashGetAllAsync(SummaryKey(subject));
        DateTimeOffset? last = null;
        var drafts = new List<DraftSummaryResponse>(entries.Length);
        foreach (var entry in entries)
        {
            var name = entry.Name.ToString();
            var value = entry.Value.ToString();
            if (name == LastActivity)
            {
                last = FromMs(long.Parse(value, CultureInfo.InvariantCulture));
                continue;
            }

            var bar = value.IndexOf('|', StringComparison.Ordinal);
            drafts.Add(new DraftSummaryResponse(name, int.Parse(value.AsSpan(0, bar), CultureInfo.InvariantCulture),
                FromMs(long.Parse(value.AsSpan(bar + 1), CultureInfo.InvariantCulture))));
        }

        drafts.Sort((a, b) => b.SavedAt.CompareTo(a.SavedAt));
        return new SessionResponse(last, 0, drafts);
    }

    public async Task<DraftResponse> SaveDraftAsync(string subject, string serviceCode, IReadOnlyDictionary<string, string> fields)
    {
        var args = new RedisValue[2 + (fields.Count * 2)];
        args[0] = serviceCode;
        args[1] = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var i = 2;
        foreach (var (name, value) in fields)
        {
            args[i++] = name;
            args[i++] = value;
        }

        var encoded = (string)(await db.ScriptEvaluateAsync(SaveScript, [SummaryKey(subject), DraftsKey(subject)], args))!;
        return Response(serviceCode, encoded);
    }

    public async Task<DraftResponse?> GetDraftAsync(string subject, string serviceCode)
    {
        var value = await db.HashGetAsync(DraftsKey(subject), serviceCode);
        return value.IsNull ? null : Response(serviceCode, value.ToString());
    }

    public async Task<bool> DeleteDraftAsync(string subject, string serviceCode) =>
        (long)await db.ScriptEvaluateAsync(DeleteScript, [SummaryKey(subject), DraftsKey(subject)],
            [serviceCode, clock.GetUtcNow().ToUnixTimeMilliseconds()]) == 1;

    private static DraftResponse Response(string serviceCode, string encoded)
    {
        var draft = JsonSerializer.Deserialize(encoded, StoredDraftJson.Default.StoredDraft)!;
        return new DraftResponse(serviceCode, Contract.Parse(draft.Fields), FromMs(draft.CreatedAt), FromMs(draft.SavedAt));
    }

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static RedisKey SummaryKey(string subject) => "s:{" + subject + "}";

    private static RedisKey DraftsKey(string subject) => "d:{" + subject + "}";
}

internal sealed class StoredDraft
{
    [JsonPropertyName("c")]
    public long CreatedAt { get; set; }

    [JsonPropertyName("s")]
    public long SavedAt { get; set; }

    /// <summary>Field name → raw JSON value text. Lua's cjson writes an empty table as {}.</summary>
    [JsonPropertyName("f")]
    public Dictionary<string, string> Fields { get; set; } = [];
}

[JsonSerializable(typeof(StoredDraft))]
internal sealed partial class StoredDraftJson : JsonSerializerContext;

/// <summary>The powers as one Redis set per representative (<c>p:{sub}</c>), looked up with SISMEMBER.</summary>
internal sealed class RedisPowerStore(IConnectionMultiplexer redis) : IPowerStore
{
    private readonly IDatabase db = redis.GetDatabase();

    public async Task GrantAsync(IReadOnlyList<(string Subject, string Number)> powers)
    {
        foreach (var batch in powers.Chunk(1000))
        {
            await Task.WhenAll(batch.Select(p => db.SetAddAsync(Key(p.Subject), p.Number)));
        }
    }

    public Task<bool> HoldsAsync(string subject, string number) => db.SetContainsAsync(Key(subject), number);

    private static RedisKey Key(string subject) => "p:{" + subject + "}";
}
