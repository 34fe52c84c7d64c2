using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace EGov.Portal.Hosting;

/// <summary>On the portal's paths the user is the one of the portal's session cookie (the API's callers use tokens).</summary>
internal sealed class PortalUser(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var session = await context.AuthenticateAsync(PortalSignIn.CookieScheme);
        if (session.Succeeded)
        {
            context.User = session.Principal;
        }

        await next(context);
    }
}
