using EGov.Portal.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EGov.Portal.Pages;

/// <summary>Sign-in through the platform's issuer; afterwards back to a page of the portal (never another site).</summary>
public sealed class SignInModel : PageModel
{
    public IActionResult OnGet(string? returnUrl)
    {
        var target = ReturnUrls.Local(returnUrl, Url);
        return User.Identity?.IsAuthenticated == true
            ? LocalRedirect(target)
            : Challenge(new AuthenticationProperties { RedirectUri = target }, PortalSignIn.OidcScheme);
    }
}
