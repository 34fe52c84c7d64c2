namespace EGov.Citizens.Domain;

/// <summary>Languages the portal speaks; English is the fallback.</summary>
internal static class Languages
{
    public const string English = "en";
    public const string French = "fr";

    public static readonly IReadOnlyList<string> All = [English, French];
}
