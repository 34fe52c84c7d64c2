using EGov.Citizens.Domain;
using Microsoft.AspNetCore.Http;

namespace EGov.Citizens.Features;

/// <summary>The language of an answer: the best of <c>Accept-Language</c> the portal speaks, English otherwise.</summary>
internal static class RequestLanguage
{
    public static string Of(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().AcceptLanguage;
        foreach (var value in accepted.OrderByDescending(v => v.Quality ?? 1.0))
        {
            if ((value.Quality ?? 1.0) <= 0)
            {
                continue;
            }

            var tag = value.Value.Value ?? string.Empty;
            var primary = tag.Split('-')[0].ToLowerInvariant();
            if (Languages.All.Contains(primary))
            {
                return primary;
            }
        }

        return Languages.English;
    }
}
