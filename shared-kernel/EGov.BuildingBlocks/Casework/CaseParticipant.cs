using EGov.BuildingBlocks.Parties;
using EGov.SharedKernel.Identity;

namespace EGov.BuildingBlocks.Casework;

/// <summary>
/// Who is acting on a case, as the lifecycle's rules need it: their roles, the party they act as (for the
/// applicant relation), the agency they work for (for the agency-staff relation) and a stable staff id (for four
/// eyes: two different people).
/// </summary>
public sealed record CaseParticipant(IReadOnlyCollection<string> Roles, PartyRef? Party, string? AgencyCode, string? StaffId)
{
    /// <summary>A citizen acting on their own case.</summary>
    public static CaseParticipant Citizen(ICurrentUser user) =>
        new(user.Roles, user.Subject is { } subject ? PartyRef.Citizen(subject) : null, null, null);

    /// <summary>A member of staff of the agency in their token.</summary>
    public static CaseParticipant Staff(ICurrentUser user) =>
        new(user.Roles, null, user.AgencyId, user.Subject ?? user.Actor);

    /// <summary>Whether this participant may take <paramref name="transition"/> on a case of <paramref name="applicant"/> handled by <paramref name="agencyCode"/>.</summary>
    public bool May(TransitionDefinition transition, PartyRef applicant, string agencyCode) =>
        transition.By.Any(b => Roles.Contains(b.Role) && b.Relation switch
        {
            CaseRelation.Applicant => Party == applicant,
            CaseRelation.AgencyStaff => AgencyCode is not null && StaffId is not null
                && string.Equals(AgencyCode, agencyCode, StringComparison.OrdinalIgnoreCase),
            _ => false,
        });
}
