using System.Security.Cryptography;
using System.Text;

namespace EGov.DevelopmentIssuer;

/// <summary>
/// The development issuer's brute-force detection: Keycloak's algorithm (<c>DefaultBruteForceProtector</c>) over the
/// realm's settings, counted per account (a user, known or not, or a client's secret) and per client address. In
/// memory, bounded: at most <c>capacity</c> records, the least recently failed (and not locked) evicted first.
/// </summary>
internal sealed class LoginFailures
{
    /// <summary>How far from the oldest record eviction looks for one that is not locked.</summary>
    private const int EvictionScan = 64;

    private readonly BruteForceSettings settings;
    private readonly int addressFailureFactor;
    private readonly int capacity;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<Record>> records = new(StringComparer.Ordinal);

    /// <summary>Least recently failed first.</summary>
    private readonly LinkedList<Record> order = new();

    public LoginFailures(BruteForceSettings settings, int addressFailureFactor, int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.settings = settings;
        this.addressFailureFactor = addressFailureFactor;
        this.capacity = capacity;
        this.time = time;
    }

    public bool Enabled => settings.Protected;

    /// <summary>How many accounts and addresses have a failure on record (never more than the capacity).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return records.Count;
            }
        }
    }

    /// <summary>The record key of a password login: the user's id, or for an unknown login a hash of its lower-cased name.</summary>
    public static string UserKey(RealmUser? user, string login) =>
        user is not null ? "user:" + user.Id : "user?" + Hash(login.ToLowerInvariant());

    /// <summary>The record key of a client's secret; unknown client ids are hashed, so long ones cost no memory.</summary>
    public static string ClientKey(RealmClient? client, string clientId) =>
        client is not null ? "client:" + client.ClientId : "client?" + Hash(clientId);

    public static string AddressKey(string? remoteAddress) => "address:" + (remoteAddress ?? "-");

    /// <summary>Whether the account or the address is locked out now; refused attempts are not counted (as in Keycloak).</summary>
    public bool IsLocked(string accountKey, string addressKey)
    {
        if (!Enabled)
        {
            return false;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (gate)
        {
            return IsLocked(accountKey, now) || (addressFailureFactor > 0 && IsLocked(addressKey, now));
        }
    }

    /// <summary>Records a failed login of a user (<paramref name="user"/> true) or a wrong client secret, and its address.</summary>
    /// <returns>The lockouts this failure started, for the log: which kind and for how long (null: permanent).</returns>
    public List<(string Kind, TimeSpan? Duration)> Failed(string accountKey, bool user, string addressKey)
    {
        var started = new List<(string, TimeSpan?)>();
        if (!Enabled)
        {
            return started;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (gate)
        {
            var account = user
                ? new Rule(settings.FailureFactor, QuickLoginCheck: true, settings.PermanentLockout)
                : new Rule(settings.FailureFactor, QuickLoginCheck: false, Permanent: false);
            Fail(accountKey, account, now, user ? "user" : "client", started);
            if (addressFailureFactor > 0)
            {
                Fail(addressKey, new Rule(addressFailureFactor, QuickLoginCheck: false, Permanent: false), now, "address", started);
            }
        }

        return started;
    }

    /// <summary>A successful login or client authentication clears the account's failures (never the address's).</summary>
    public void Succeeded(string accountKey)
    {
        if (!Enabled)
        {
            return;
        }

        lock (gate)
        {
            if (records.Remove(accountKey, out var node))
            {
                order.Remove(node);
            }
        }
    }

    private bool IsLocked(string key, long now) => records.TryGetValue(key, out var node) && node.Value.LockedAt(now);

    private void Fail(string key, Rule rule, long now, string kind, List<(string, TimeSpan?)> started)
    {
        if (records.TryGetValue(key, out var node))
        {
            order.Remove(node);
        }
        else
        {
            MakeRoom(now);
            node = new LinkedListNode<Record>(new Record(key));
            records[key] = node;
        }

        order.AddLast(node);
        var record = node.Value;
        var wasLocked = record.LockedAt(now);
        Apply(record, rule, now);
        if (!wasLocked && record.LockedAt(now))
        {
            started.Add((kind, record.Permanent ? null : TimeSpan.FromMilliseconds(record.NotBefore - now)));
        }
    }

    /// <summary>Keycloak 26's failure step, for one record.</summary>
    private void Apply(Record record, Rule rule, long now)
    {
        var last = record.LastFailure;
        var delta = last > 0 ? now - last : 0;
        record.LastFailure = now;

        // Pure permanent lockout: failures are never forgotten and there are no temporary lockouts.
        var purePermanent = rule.Permanent && settings.MaxTemporaryLockouts == 0;
        if (!purePermanent && delta > settings.MaxDeltaTimeSeconds * 1000L)
        {
            record.Failures = 0;
            record.TemporaryLockouts = 0;
        }

        record.Failures++;
        long waitSeconds = 0;
        if (!purePermanent)
        {
            waitSeconds = settings.Linear
                ? settings.WaitIncrementSeconds * (1L + record.Failures - rule.FailureFactor)
                : settings.WaitIncrementSeconds * ((long)record.Failures / rule.FailureFactor);
        }

        var quick = false;
        if (waitSeconds <= 0 && rule.QuickLoginCheck && last > 0 && delta < settings.QuickLoginCheckMilliSeconds)
        {
            waitSeconds = settings.MinimumQuickLoginWaitSeconds;
            quick = true;
        }

        if (waitSeconds > 0)
        {
            if (!rule.Permanent || settings.MaxTemporaryLockouts > 0)
            {
                waitSeconds = Math.Min(settings.MaxFailureWaitSeconds, waitSeconds);
            }

            if (!quick)
            {
                record.TemporaryLockouts++;
            }

            if (quick || !rule.Permanent || record.TemporaryLockouts <= settings.MaxTemporaryLockouts)
            {
                record.NotBefore = now + (waitSeconds * 1000);
            }
        }

        if (rule.Permanent && (record.TemporaryLockouts > settings.MaxTemporaryLockouts
            || (settings.MaxTemporaryLockouts == 0 && record.Failures >= rule.FailureFactor)))
        {
            // Keycloak disables the user until an administrator enables it; here, until the host restarts.
            record.Permanent = true;
        }
    }

    /// <summary>Drops records whose failures are forgotten anyway, then, at capacity, the least recently failed one not locked.</summary>
    private void MakeRoom(long now)
    {
        var forgetAfter = settings.MaxDeltaTimeSeconds * 1000L;
        while (order.First is { } oldest && !oldest.Value.LockedAt(now) && now - oldest.Value.LastFailure > forgetAfter)
        {
            Remove(oldest);
        }

        if (records.Count < capacity)
        {
            return;
        }

        var victim = order.First!;
        var candidate = victim;
        for (var i = 0; i < EvictionScan && candidate is not null; i++, candidate = candidate.Next)
        {
            if (!candidate.Value.LockedAt(now))
            {
                victim = candidate;
                break;
            }
        }

        Remove(victim);
    }

    private void Remove(LinkedListNode<Record> node)
    {
        records.Remove(node.Value.Key);
        order.Remove(node);
    }

    private static string Hash(string value) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private readonly record struct Rule(int FailureFactor, bool QuickLoginCheck, bool Permanent);

    private sealed class Record(string key)
    {
        public string Key { get; } = key;

        public int Failures { get; set; }

        public int TemporaryLockouts { get; set; }

        /// <summary>Unix milliseconds of the last failure.</summary>
        public long LastFailure { get; set; }

        /// <summary>Unix milliseconds before which logins are refused.</summary>
        public long NotBefore { get; set; }

        public bool Permanent { get; set; }

        public bool LockedAt(long now) => Permanent || now < NotBefore;
    }
}
