using Microsoft.AspNetCore.Mvc;

namespace EGov.Portal.Hosting;

/// <summary>Return addresses: only paths of the portal itself, never another site (no open redirects).</summary>
internal static class ReturnUrls
{
    public static string Local(string? returnUrl, IUrlHelper url) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) && PortalHosting.IsPortalPath(new Microsoft.AspNetCore.Http.PathString(PathOf(returnUrl)))
            ? returnUrl
            : "/";

    private static string PathOf(string returnUrl)
    {
        var end = returnUrl.IndexOfAny(['?', '#']);
        return end < 0 ? returnUrl : returnUrl[..end];
    }
}
