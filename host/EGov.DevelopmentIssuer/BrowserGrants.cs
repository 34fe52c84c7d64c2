using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace EGov.DevelopmentIssuer;

/// <summary>An authorization request that passed the client and redirect-URI checks, waiting for the user to sign in.</summary>
internal sealed record AuthorizationRequest(
    RealmClient Client,
    string RedirectUri,
    string? State,
    string? Nonce,
    string? CodeChallenge,
    IReadOnlyList<RealmClientScope> Scopes,
    bool OpenId,
    long? MaxAgeSeconds);

/// <summary>The issuer's sign-in session: who signed in and when; its id is the tokens' <c>sid</c>.</summary>
internal sealed record SignInSession(string Id, RealmUser User, long AuthTime);

/// <summary>An issued authorization code, bound to its client, redirect URI, PKCE challenge and session.</summary>
internal sealed class CodeGrant(AuthorizationRequest request, SignInSession session, DateTimeOffset expires)
{
    public AuthorizationRequest Request { get; } = request;

    public SignInSession Session { get; } = session;

    public DateTimeOffset Expires { get; } = expires;

    public bool Redeemed { get; set; }

    /// <summary>The refresh-token family the redemption started; revoked when the code is presented again.</summary>
    public RefreshFamily? Family { get; set; }
}

/// <summary>
/// The refresh tokens descending from one code redemption. Only the newest is valid; presenting an older one means the
/// chain leaked, and the whole family is revoked (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
/// </summary>
internal sealed class RefreshFamily(AuthorizationRequest request, SignInSession session, DateTimeOffset expires)
{
    public AuthorizationRequest Request { get; } = request;

    public SignInSession Session { get; } = session;

    /// <summary>Moves with every rotation (an idle timeout), never past the session's end.</summary>
    public DateTimeOffset Expires { get; set; } = expires;

    public string CurrentHash { get; set; } = "";

    public bool Revoked { get; set; }
}

/// <summary>
/// The browser flow's state, in memory (like the login failures): pending sign-ins, sessions, codes and refresh
/// tokens. Codes, refresh tokens and session cookies are kept only as SHA-256 hashes. Bounded: expired entries are
/// dropped as new ones come, and past <see cref="Capacity"/> the oldest go first.
/// </summary>
internal sealed class BrowserGrants(TimeProvider time)
{
    /// <summary>Entries of each kind at most.</summary>
    public const int Capacity = 10_000;

    /// <summary>How long an authorization code can be redeemed (Keycloak's <c>accessCodeLifespan</c> default).</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(60);

    /// <summary>How long the sign-in page stays usable (Keycloak's <c>accessCodeLifespanLogin</c> default).</summary>
    public static readonly TimeSpan SignInLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Refresh-token and session idle lifetime (Keycloak's <c>ssoSessionIdleTimeout</c> default).</summary>
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromMinutes(30);

    /// <summary>The longest a session lasts (Keycloak's <c>ssoSessionMaxLifespan</c> default).</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(10);

    private readonly Lock gate = new();
    private readonly Bounded<PendingForm> pending = new();
    private readonly Bounded<(SignInSession Session, DateTimeOffset Expires)> sessions = new();
    private readonly Bounded<CodeGrant> codes = new();
    private readonly Bounded<RefreshFamily> refreshTokens = new();
    private readonly Bounded<DateTimeOffset> endedSessions = new();

    /// <summary>A random, URL-safe secret (256 bits).</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>
    /// Remembers a form the issuer rendered (a sign-in or a sign-out confirmation) until it is sent back. The ticket
    /// goes into the form; <paramref name="browserBinding"/> is the value of the browser's form cookie, so only the
    /// browser the form was rendered for can send it (a forged cross-site post lacks the cookie).
    /// </summary>
    public string AddPending(object payload, string browserBinding)
    {
        var ticket = NewSecret();
        var now = time.GetUtcNow();
        lock (gate)
        {
            pending.Add(ticket, new PendingForm(payload, Hash(browserBinding), now + SignInLifetime), now, e => e.Expires);
        }

        return ticket;
    }

    /// <summary>The payload of a pending form, when the ticket is known, not expired, and sent by the same browser.</summary>
    public T? FindPending<T>(string? ticket, string? browserBinding)
        where T : class
    {
        if (ticket is null || string.IsNullOrEmpty(browserBinding))
        {
            return null;
        }

        lock (gate)
        {
            return pending.TryGet(ticket, out var entry) && entry.Expires > time.GetUtcNow()
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry.BindingHash), Encoding.ASCII.GetBytes(Hash(browserBinding)))
                ? entry.Payload as T
                : null;
        }
    }

    public void RemovePending(string ticket)
    {
        lock (gate)
        {
            pending.Remove(ticket);
        }
    }

    /// <summary>Whether a session was ended (signed out, or its user's refresh family revoked with it).</summary>
    public bool IsEnded(string sessionId)
    {
        lock (gate)
        {
            return endedSessions.ContainsKey(sessionId);
        }
    }

    /// <summary>Starts a session; returns it and the cookie value that names it (only its hash is kept).</summary>
    public (SignInSession Session, string Cookie) StartSession(RealmUser user)
    {
        var now = time.GetUtcNow();
        var session = new SignInSession(Guid.NewGuid().ToString(), user, now.ToUnixTimeSeconds());
        var cookie = NewSecret();
        lock (gate)
        {
            sessions.Add(Hash(cookie), (session, now + SessionLifetime), now, e => e.Expires);
        }

        return (session, cookie);
    }

    public SignInSession? FindSession(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        lock (gate)
        {
            return sessions.TryGet(Hash(cookie), out var entry) && entry.Expires > time.GetUtcNow() && !endedSessions.ContainsKey(entry.Session.Id)
                ? entry.Session
                : null;
        }
    }

    /// <summary>Ends a session by its id: its cookie stops working and its refresh tokens are refused.</summary>
    public void EndSession(string sessionId)
    {
        lock (gate)
        {
            // Remembered for as long as tokens of the session could still be presented.
            var now = time.GetUtcNow();
            endedSessions.Add(sessionId, now + SessionLifetime, now, ended => ended);
            sessions.RemoveWhere(e => e.Session.Id == sessionId);
            foreach (var family in refreshTokens.Values.Where(f => f.Session.Id == sessionId))
            {
                family.Revoked = true;
            }
        }
    }

    public bool IsActive(SignInSession session)
    {
        lock (gate)
        {
            return !endedSessions.ContainsKey(session.Id) && time.GetUtcNow().ToUnixTimeSeconds() - session.AuthTime < SessionLifetime.TotalSeconds;
        }
    }

    public string IssueCode(AuthorizationRequest request, SignInSession session)
    {
        var code = NewSecret();
        var now = time.GetUtcNow();
        lock (gate)
        {
            codes.Add(Hash(code), new CodeGrant(request, session, now + CodeLifetime), now, c => c.Expires);
        }

        return code;
    }

    /// <summary>
    /// Looks a code up for redemption by <paramref name="client"/>. A code of another client is left untouched; for
    /// its own client a code is spent by the first attempt, and presenting a spent code revokes what it issued.
    /// </summary>
    public CodeRedemption Redeem(string code, RealmClient client, out CodeGrant? grant)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (!codes.TryGet(Hash(code), out grant))
            {
                return CodeRedemption.Unknown;
            }

            if (!ReferenceEquals(grant.Request.Client, client))
            {
                return CodeRedemption.OtherClient;
            }

            if (grant.Redeemed)
            {
                if (grant.Family is { } family)
                {
                    family.Revoked = true;
                }

                return CodeRedemption.Reused;
            }

            grant.Redeemed = true;
            return grant.Expires <= now ? CodeRedemption.Expired : CodeRedemption.Valid;
        }
    }

    /// <summary>Starts the refresh-token family of a redeemed code; returns the first refresh token.</summary>
    public string StartFamily(CodeGrant grant)
    {
        var now = time.GetUtcNow();
        var family = new RefreshFamily(grant.Request, grant.Session, now + RefreshLifetime);
        lock (gate)
        {
            grant.Family = family;
            return Rotate(family, now);
        }
    }

    /// <summary>
    /// Checks a refresh token of <paramref name="client"/> and, when it is the family's newest, replaces it with a new
    /// one. An older token of the family revokes the family.
    /// </summary>
    public RefreshUse UseRefreshToken(string token, RealmClient client, out RefreshFamily? family, out string? next)
    {
        next = null;
        var now = time.GetUtcNow();
        var hash = Hash(token);
        lock (gate)
        {
            if (!refreshTokens.TryGet(hash, out family))
            {
                return RefreshUse.Unknown;
            }

            if (!ReferenceEquals(family.Request.Client, client))
            {
                return RefreshUse.OtherClient;
            }

            if (family.Revoked || endedSessions.ContainsKey(family.Session.Id))
            {
                return RefreshUse.Revoked;
            }

            if (!string.Equals(family.CurrentHash, hash, StringComparison.Ordinal))
            {
                family.Revoked = true;
                return RefreshUse.Reused;
            }

            if (family.Expires <= now)
            {
                return RefreshUse.Expired;
            }

            next = Rotate(family, now);
            return RefreshUse.Valid;
        }
    }

    private string Rotate(RefreshFamily family, DateTimeOffset now)
    {
        var token = NewSecret();
        var hash = Hash(token);
        family.CurrentHash = hash;
        var sessionEnd = DateTimeOffset.FromUnixTimeSeconds(family.Session.AuthTime) + SessionLifetime;
        family.Expires = now + RefreshLifetime < sessionEnd ? now + RefreshLifetime : sessionEnd;
        refreshTokens.Add(hash, family, now, f => f.Expires);
        return token;
    }

    /// <summary>A dictionary in insertion order that drops expired entries as it grows, and the oldest past the capacity.</summary>
    private sealed class Bounded<T>
    {
        private readonly Dictionary<string, T> entries = new(StringComparer.Ordinal);
        private readonly Queue<string> order = new();

        public IEnumerable<T> Values => entries.Values;

        public void Add(string key, T value, DateTimeOffset now, Func<T, DateTimeOffset> expires)
        {
            entries[key] = value;
            order.Enqueue(key);
            while (order.Count > Capacity || (order.TryPeek(out var oldest) && (!entries.TryGetValue(oldest, out var entry) || expires(entry) <= now - SignInLifetime)))
            {
                // Kept a little past expiry (SignInLifetime), so a spent code or old refresh token is still recognised when replayed.
                entries.Remove(order.Dequeue());
            }
        }

        public bool ContainsKey(string key) => entries.ContainsKey(key);

        public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value) => entries.TryGetValue(key, out value);

        public void Remove(string key) => entries.Remove(key);

        public void RemoveWhere(Func<T, bool> predicate)
        {
            foreach (var key in entries.Where(e => predicate(e.Value)).Select(e => e.Key).ToList())
            {
                entries.Remove(key);
            }
        }
    }
}

internal sealed record PendingForm(object Payload, string BindingHash, DateTimeOffset Expires);

/// <summary>An end-session request waiting for the user to confirm it (it came without an <c>id_token_hint</c>).</summary>
internal sealed record LogoutRequest(RealmClient? Client, string? PostLogoutRedirectUri, string? State);

internal enum CodeRedemption
{
    Valid,
    Unknown,
    OtherClient,
    Reused,
    Expired,
}

internal enum RefreshUse
{
    Valid,
    Unknown,
    OtherClient,
    Revoked,
    Reused,
    Expired,
}
