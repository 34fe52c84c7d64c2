using EGov.Portal.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EGov.Portal.Pages;

/// <summary>Sign-out (a form, so no other site can sign a user out): ends the portal session and the issuer's.</summary>
public sealed class SignOutModel : PageModel
{
    /// <summary>Where the issuer sends the user back: this page, which says they are signed out.</summary>
    public IActionResult OnGet() => Page();

    public IActionResult OnPost() =>
        User.Identity?.IsAuthenticated == true
            ? SignOut(new AuthenticationProperties { RedirectUri = "/sign-out" }, PortalSignIn.CookieScheme, PortalSignIn.OidcScheme)
            : LocalRedirect("/sign-out");
}
