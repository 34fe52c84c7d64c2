namespace EGov.SharedKernel.Identity;

/// <summary>The platform itself acting (start-up seeding, sweeps): the actor of audit records it writes.</summary>
public sealed class SystemUser(string purpose) : ICurrentUser
{
    public bool IsAuthenticated => true;

    public string? Subject => null;

    public string? Username => null;

    public string? NationalId => null;

    public string? AgencyId => null;

    public string? EmployeeId => null;

    public string? Department => null;

    public IReadOnlyList<string> Mandates => [];

    public IReadOnlyCollection<string> Roles => [];

    public bool IsInRole(string role) => false;

    public string Actor => $"system:{purpose}";
}
