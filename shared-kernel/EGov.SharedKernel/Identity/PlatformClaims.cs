namespace EGov.SharedKernel.Identity;

/// <summary>Claim names as they appear in the platform's access tokens (Keycloak's shape).</summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Username = "preferred_username";
    /// <summary>Flattened role claim added by the platform from <c>realm_access</c> and <c>resource_access</c>.</summary>
    public const string Role = "role";
    public const string NationalId = "national_id";
    public const string GivenName = "given_name";
    public const string FamilyName = "family_name";
    public const string Email = "email";
    public const string AgencyId = "agency_id";
    public const string EmployeeId = "employee_id";
    public const string Department = "department";
    public const string Mandates = "mandates";
    public const string ClientId = "client_id";
    public const string AuthorizedParty = "azp";
}

/// <summary>Realm roles of the <c>egov</c> realm.</summary>
public static class PlatformRoles
{
    public const string Citizen = "citizen";
    public const string BusinessRepresentative = "business-representative";
    public const string Agency = "agency";
    public const string Employee = "employee";
    public const string Caseworker = "caseworker";
    public const string HrOfficer = "hr-officer";
    public const string PayrollOfficer = "payroll-officer";
    public const string ProcurementOfficer = "procurement-officer";
    public const string ServiceDesigner = "service-designer";
    public const string PlatformAdmin = "platform-admin";
    public const string Auditor = "auditor";
    public const string Registrar = "registrar";

    public static readonly IReadOnlyList<string> All =
    [
        Citizen, BusinessRepresentative, Agency, Employee, Caseworker, HrOfficer, PayrollOfficer,
        ProcurementOfficer, ServiceDesigner, PlatformAdmin, Auditor, Registrar,
    ];
}
