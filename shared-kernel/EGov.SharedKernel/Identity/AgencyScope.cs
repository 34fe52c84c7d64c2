namespace EGov.SharedKernel.Identity;

/// <summary>
/// Who may act for an agency: staff act for the agency in their token (<c>agency_id</c>); a platform administrator
/// acts for every agency. One rule for every module's agency-owned resources.
/// </summary>
public static class AgencyScope
{
    public static bool ActsFor(this ICurrentUser user, string agencyCode)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(PlatformRoles.PlatformAdmin)
            || (user.AgencyId is { Length: > 0 } own && string.Equals(own, agencyCode, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The detail of the 403 problem for a caller acting outside their agency.</summary>
    public static string OutsideAgency(this ICurrentUser user, string agencyCode, string what)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.AgencyId is { Length: > 0 } own
            ? $"You act for agency {own}; {what} belongs to agency {agencyCode}."
            : $"Your token names no agency; {what} belongs to agency {agencyCode}.";
    }
}
