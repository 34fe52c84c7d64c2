using EGov.Portal.Api.G2c;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EGov.Portal.Pages.Services;

/// <summary>A service's start page: what it is for, what you need, the fee and how long a decision takes.</summary>
public sealed class StartModel(G2cApi api) : PageModel
{
    internal ServiceResponse Service { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64)
        {
            return NotFound();
        }

        Service = await api.GetServiceAsync(code, cancellationToken: cancellationToken);
        return Page();
    }
}
