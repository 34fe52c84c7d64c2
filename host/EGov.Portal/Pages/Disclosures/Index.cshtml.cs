using EGov.Portal.Api.G2c;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EGov.Portal.Pages.Disclosures;

/// <summary>The public search of the agencies' published answers to information-disclosure requests.</summary>
public sealed class IndexModel(G2cApi api) : PageModel
{
    public const int MaxQuery = 200;

    public const int PageSize = 20;

    public string? Query { get; private set; }

    public string? Error { get; private set; }

    internal PagedListOfPublishedDisclosure? Results { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public async Task OnGetAsync(string? q, int? page, CancellationToken cancellationToken)
    {
        if (q is null)
        {
            return;
        }

        Query = q.Trim();
        if (Query.Length == 0)
        {
            Error = "DisclosuresQueryMissing";
            return;
        }

        if (Query.Length > MaxQuery)
        {
            Error = "SearchTooLong";
            Query = Query[..MaxQuery];
            return;
        }

        PageNumber = page is >= 1 and <= 1000 ? page.Value : 1;
        Results = await api.SearchDisclosuresAsync(Query, PageNumber, PageSize, cancellationToken);
    }
}
