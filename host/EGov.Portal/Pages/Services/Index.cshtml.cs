using EGov.Portal.Api.G2c;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EGov.Portal.Pages.Services;

/// <summary>The service catalogue, searchable by words of a service's title, description or agency.</summary>
public sealed class IndexModel(G2cApi api) : PageModel
{
    public const int MaxQuery = 200;

    /// <summary>The catalogue is read page by page, at most this many pages of the API's largest page size.</summary>
    private const int MaxPages = 20;

    public string? Query { get; private set; }

    public string? Error { get; private set; }

    internal IReadOnlyList<ServiceResponse> Services { get; private set; } = [];

    public int Total { get; private set; }

    public async Task OnGetAsync(string? q, CancellationToken cancellationToken)
    {
        Query = q?.Trim();
        if (Query is { Length: > MaxQuery })
        {
            Error = "SearchTooLong";
            Query = Query[..MaxQuery];
        }

        var all = new List<ServiceResponse>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var found = await api.ListServicesAsync(page, 100, cancellationToken: cancellationToken);
            all.AddRange(found.Items);
            if (all.Count >= found.Total || found.Items.Count == 0)
            {
                break;
            }
        }

        Total = all.Count;
        var words = string.IsNullOrEmpty(Query) || Error is not null
            ? []
            : Query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Services = all
            .Where(s => words.All(w => Matches(s, w)))
            .OrderBy(s => s.Title, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    private static bool Matches(ServiceResponse service, string word) =>
        service.Title.Contains(word, StringComparison.CurrentCultureIgnoreCase)
        || service.Description.Contains(word, StringComparison.CurrentCultureIgnoreCase)
        || (service.AgencyName ?? service.AgencyCode).Contains(word, StringComparison.CurrentCultureIgnoreCase);
}
