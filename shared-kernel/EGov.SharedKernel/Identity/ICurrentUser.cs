namespace EGov.SharedKernel.Identity;

/// <summary>The caller of the current request, read from the validated access token.</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    /// <summary>The token subject (<c>sub</c>): a stable, opaque identifier. Safe to log.</summary>
    string? Subject { get; }

    string? Username { get; }

    /// <summary>National identifier of a person. Personal data: never log it.</summary>
    string? NationalId { get; }

    /// <summary>Given name from the token (<c>given_name</c>). Personal data: never log it.</summary>
    string? GivenName { get; }

    /// <summary>Family name from the token (<c>family_name</c>). Personal data: never log it.</summary>
    string? FamilyName { get; }

    /// <summary>Email address from the token (<c>email</c>). Personal data: never log it.</summary>
    string? Email { get; }

    string? AgencyId { get; }

    string? EmployeeId { get; }

    string? Department { get; }

    /// <summary>
    /// The token's <c>mandates</c> claim: business registry numbers an identity provider lists for the caller. A hint for
    /// display only, never a power: who may act for a business is decided by the G2B register (officers in office)
    /// and its mandates, checked on every request.
    /// </summary>
    IReadOnlyList<string> Mandates { get; }

    IReadOnlyCollection<string> Roles { get; }

    bool IsInRole(string role);

    /// <summary>The subject, or the service-account client, used as the actor in audit records.</summary>
    string Actor { get; }
}
