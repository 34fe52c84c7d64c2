namespace EGov.DevelopmentIssuer;

/// <summary>What the development issuer accepts as a registered redirect URI: absolute http(s), matched exactly.</summary>
internal static class RedirectUris
{
    /// <summary>Null when <paramref name="uri"/> can be registered; otherwise why not, to finish a sentence.</summary>
    public static string? Problem(string uri)
    {
        if (uri.Contains('*', StringComparison.Ordinal))
        {
            return "is a wildcard pattern; the development issuer matches redirect URIs exactly";
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            return "is not an absolute http(s) URI";
        }

        return parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0 ? "has a fragment or user information" : null;
    }

    /// <summary>Ordinal, whole-string comparison: no normalisation, no prefix or pattern matching.</summary>
    public static bool Contains(IEnumerable<string> registered, string? presented) =>
        presented is not null && registered.Any(uri => string.Equals(uri, presented, StringComparison.Ordinal));
}
