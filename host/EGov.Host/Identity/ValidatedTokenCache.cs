using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;

namespace EGov.Host.Identity;

/// <summary>
/// Remembers access tokens that passed the full JwtBearer validation, with the principal built from them, so the
/// same token presented again is not parsed, signature-checked and mapped again. A client sends its token with
/// every request for the token's whole life, so on a busy API most validations repeat one already done.
/// </summary>
/// <remarks>
/// <para>An entry lives until the token's <c>exp</c> and at most <c>Keycloak:TokenCacheSeconds</c>, whichever is
/// sooner; the cache holds at most <c>Keycloak:TokenCacheSize</c> tokens and drops the oldest-used beyond that. A
/// token is only ever added after it was accepted, so a forged, expired or refused token is validated (and refused)
/// every time. What the cache changes: a token whose signing key the issuer withdraws stays accepted on this node
/// until its entry ends (at most <c>TokenCacheSeconds</c>); JwtBearer alone would refuse it once it refreshed the
/// key set. Each request gets its own copy of the principal.</para>
/// <para>Tokens are kept in memory only, never logged or written anywhere.</para>
/// </remarks>
internal sealed class ValidatedTokenCache : IDisposable
{
    private const string BearerPrefix = "Bearer ";

    private readonly MemoryCache _entries;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _clock;

    public ValidatedTokenCache(int capacity, TimeSpan maxAge, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity, CompactionPercentage = 0.25 });
        _maxAge = maxAge;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>
    /// Chains the cache into JwtBearer events: a remembered token short-circuits validation in
    /// <c>OnMessageReceived</c>; a token accepted by <c>OnTokenValidated</c> (after the handlers already set there) is
    /// remembered.
    /// </summary>
    public void Attach(JwtBearerEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var received = events.OnMessageReceived;
        events.OnMessageReceived = async context =>
        {
            await received(context);
            if (context.Result is null && (context.Token ?? BearerToken(context.Request)) is { } token && TryGet(token, out var principal))
            {
                context.Principal = principal;
                context.Success();
            }
        };

        var validated = events.OnTokenValidated;
        events.OnTokenValidated = async context =>
        {
            await validated(context);
            if (context.Result is null or { Succeeded: true }
                && context.Principal is { } principal
                && BearerToken(context.Request) is { } token)
            {
                Add(token, principal, context.SecurityToken.ValidTo);
            }
        };
    }

    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        if (_entries.TryGetValue(token, out var value) && value is Entry entry && entry.ExpiresAt > _clock.GetUtcNow())
        {
            principal = Copy(entry.Principal);
            return true;
        }

        principal = null!;
        return false;
    }

    public void Add(string token, ClaimsPrincipal principal, DateTime validTo)
    {
        var now = _clock.GetUtcNow();
        var expires = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc));
        var until = expires < now + _maxAge ? expires : now + _maxAge;
        if (until <= now)
        {
            return;
        }

        _entries.Set(token, new Entry(Copy(principal), until), new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = until - now,
        });
    }

    public void Dispose() => _entries.Dispose();

    /// <summary>A principal with identities of its own (<see cref="ClaimsPrincipal.Clone"/> would share them).</summary>
    private static ClaimsPrincipal Copy(ClaimsPrincipal principal) => new(principal.Identities.Select(identity => identity.Clone()));

    /// <summary>The token of an <c>Authorization: Bearer</c> header, read the way JwtBearer reads it.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        string? authorization = request.Headers.Authorization;
        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[BearerPrefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset ExpiresAt);
}
