using EGov.Portal.Api.Platform;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EGov.Portal.Pages.Account;

/// <summary>The signed-in user's account: who the platform's API says they are.</summary>
public sealed class IndexModel(PlatformApi api) : PageModel
{
    public CallerResponse Caller { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Caller = await api.GetCallerAsync(cancellationToken);
}
