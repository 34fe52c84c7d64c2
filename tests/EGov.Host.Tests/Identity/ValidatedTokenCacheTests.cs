using System.Security.Claims;
using EGov.Host.Identity;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>What the validated-token cache remembers, for how long, and what each request gets from it.</summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private static ClaimsPrincipal Citizen() =>
        new(new ClaimsIdentity([new Claim("sub", "citizen-1"), new Claim("role", "citizen")], "Bearer", "preferred_username", "role"));

    [Fact]
    public void A_remembered_token_ends_at_its_expiry()
    {
        var clock = new SteppingClock(Start);
        using var cache = new ValidatedTokenCache(10, TimeSpan.FromMinutes(5), clock);
        cache.Add("token-a", Citizen(), Start.AddSeconds(60).UtcDateTime);

        Assert.True(cache.TryGet("token-a", out var principal));
        Assert.Equal("citizen-1", principal.FindFirst("sub")?.Value);
        Assert.False(cache.TryGet("token-b", out _));

        clock.Now = Start.AddSeconds(60);
        Assert.False(cache.TryGet("token-a", out _));
    }

    [Fact]
    public void A_long_lived_token_is_remembered_for_the_cache_age_only()
    {
        var clock = new SteppingClock(Start);
        using var cache = new ValidatedTokenCache(10, TimeSpan.FromMinutes(5), clock);
        cache.Add("token-a", Citizen(), Start.AddHours(8).UtcDateTime);

        clock.Now = Start.AddMinutes(4);
        Assert.True(cache.TryGet("token-a", out _));
        clock.Now = Start.AddMinutes(5);
        Assert.False(cache.TryGet("token-a", out _));
    }

    [Fact]
    public void An_expired_token_is_never_remembered()
    {
        var clock = new SteppingClock(Start);
        using var cache = new ValidatedTokenCache(10, TimeSpan.FromMinutes(5), clock);
        cache.Add("token-a", Citizen(), Start.AddSeconds(-1).UtcDateTime);
        Assert.False(cache.TryGet("token-a", out _));
    }

    [Fact]
    public void Each_request_gets_its_own_copy_of_the_principal()
    {
        using var cache = new ValidatedTokenCache(10, TimeSpan.FromMinutes(5), new SteppingClock(Start));
        var original = Citizen();
        cache.Add("token-a", original, Start.AddMinutes(1).UtcDateTime);

        Assert.True(cache.TryGet("token-a", out var first));
        ((ClaimsIdentity)first.Identity!).AddClaim(new Claim("role", "platform-admin"));
        ((ClaimsIdentity)original.Identity!).AddClaim(new Claim("role", "auditor"));

        Assert.True(cache.TryGet("token-a", out var second));
        Assert.False(second.IsInRole("platform-admin"));
        Assert.False(second.IsInRole("auditor"));
        Assert.True(second.IsInRole("citizen"));
    }

    private sealed class SteppingClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
