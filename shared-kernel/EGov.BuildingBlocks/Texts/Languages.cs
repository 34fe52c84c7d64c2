using Microsoft.AspNetCore.Http;

namespace EGov.BuildingBlocks.Texts;

/// <summary>The language of an answer, chosen from <c>Accept-Language</c> among the languages a text has.</summary>
public static class Languages
{
    /// <summary>The language every text falls back to when it lacks the reader's.</summary>
    public const string Default = "en";

    /// <summary>
    /// The caller's most preferred language (by quality, <c>q=0</c> excluded) that is in <paramref name="offered"/>,
    /// matching a region-specific tag by its primary subtag too; <see cref="Default"/> otherwise.
    /// </summary>
    public static string Of(HttpRequest request, IReadOnlyCollection<string> offered)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var value in request.GetTypedHeaders().AcceptLanguage.OrderByDescending(v => v.Quality ?? 1.0))
        {
            if ((value.Quality ?? 1.0) <= 0 || value.Value.Value is not { } tag)
            {
                continue;
            }

            if (offered.FirstOrDefault(l => string.Equals(l, tag, StringComparison.OrdinalIgnoreCase)) is { } exact)
            {
                return exact;
            }

            var primary = tag.Split('-')[0].ToLowerInvariant();
            if (offered.Contains(primary))
            {
                return primary;
            }
        }

        return Default;
    }
}
