using EGov.Portal.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace EGov.Portal.Api;

/// <summary>The signed-in user's access token, from the server-side session; null for anonymous visitors.</summary>
internal static class AccessTokens
{
    public static async Task<string?> CurrentAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var session = await context.AuthenticateAsync(PortalSignIn.CookieScheme);
        return session.Succeeded ? session.Properties?.GetTokenValue("access_token") : null;
    }
}
