using EGov.Portal.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace EGov.Portal.Pages;

/// <summary>
/// The language switch (a form in the header, so it works without JavaScript): remembers the choice in a cookie and
/// returns to the page the user was on. Only local return addresses are followed.
/// </summary>
public sealed class LanguageModel(IOptions<PortalOptions> options) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost(string? language, string? returnUrl)
    {
        if (language is not null && PortalHosting.Languages.Contains(language))
        {
            Response.Cookies.Append(
                PortalHosting.LanguageCookie,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
                new CookieOptions
                {
                    Expires = DateTimeOffset.UtcNow.AddYears(1),
                    HttpOnly = true,
                    Secure = options.Value.SecureCookies || Request.IsHttps,
                    SameSite = SameSiteMode.Lax,
                    IsEssential = true,
                    Path = "/",
                });
        }

        return LocalRedirect(ReturnUrls.Local(returnUrl, Url));
    }
}
