using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>A demo user of deploy/keycloak/egov-realm.json, with the roles and claims docs/identity.md lists.</summary>
public sealed record DemoUser(
    string Username,
    string Subject,
    string[] Roles,
    string? NationalId = null,
    string? AgencyId = null,
    string? EmployeeId = null,
    string? Department = null,
    string[]? Mandates = null)
{
    public override string ToString() => Username;
}

/// <summary>The expected demo users and service accounts, written out independently of the realm file.</summary>
public static class DemoUsers
{
    public static readonly DemoUser[] All =
    [
        new("citizen.anna", "3bbeed12-1d3e-4959-a989-20015a8e661b", ["citizen"], NationalId: "85031200421"),
        new("citizen.bruno", "dacc5df8-2f99-4564-a44b-fe001f82d7af", ["citizen"], NationalId: "90071500517"),
        new("rep.clara", "e73077cf-8d6f-474d-b4dd-8a2f5ffeb18b", ["citizen", "business-representative"], NationalId: "78110900233",
            Mandates: ["BRN-100001", "BRN-100002"]),
        new("caseworker.david", "c0468c19-c781-446d-893a-1dae3c1ec19c", ["employee", "caseworker"], AgencyId: "NCR", EmployeeId: "E-1001",
            Department: "Civil Registration"),
        new("caseworker.eva", "50406da6-7456-41a2-88a2-5dafefee7c6a", ["employee", "caseworker"], AgencyId: "CCM", EmployeeId: "E-2001",
            Department: "Permits"),
        new("caseworker.olga", "5f2d8a41-93c7-4b0e-8e6a-7c1d2b9e4a10", ["employee", "caseworker"], AgencyId: "NCR", EmployeeId: "E-1009",
            Department: "Civil Registration"),
        new("hr.frank", "d150766f-954a-440b-8a99-9da9ef341eca", ["employee", "hr-officer"], AgencyId: "PSC", EmployeeId: "E-3001",
            Department: "Human Resources"),
        new("payroll.grace", "046d52c4-c4ea-43e2-b6bb-aae4b6c7429d", ["employee", "payroll-officer"], AgencyId: "PSC", EmployeeId: "E-3002",
            Department: "Payroll"),
        new("manager.mark", "8a6c2f10-5b7e-4d3a-9c41-2e7f0b9d6a13", ["employee"], AgencyId: "PSC", EmployeeId: "E-3010",
            Department: "Human Resources"),
        new("employee.paula", "3e91b7c4-0d2a-4f68-8b15-6c4a9e2f7d58", ["employee"], AgencyId: "PSC", EmployeeId: "E-3003",
            Department: "Human Resources"),
        new("hr.nina", "b4d07e39-7a1c-4e52-a6f3-91c8d2e5b074", ["employee", "hr-officer"], AgencyId: "NCR", EmployeeId: "E-1050",
            Department: "Human Resources"),
        new("procurement.hugo", "0cfea5e0-119a-4e98-a3d6-bf36409f22bf", ["employee", "procurement-officer"], AgencyId: "NTA", EmployeeId: "E-4001",
            Department: "Procurement"),
        new("procurement.ivo", "6a1e2c3d-4b5f-4e60-9a71-8c2d3e4f5a61", ["employee", "procurement-officer"], AgencyId: "NTA", EmployeeId: "E-4002",
            Department: "Procurement"),
        new("procurement.lucia", "7b2f3d4e-5c60-4f71-8b82-9d3e4f5a6b72", ["employee", "procurement-officer"], AgencyId: "CCM", EmployeeId: "E-2050",
            Department: "Procurement"),
        new("designer.ines", "feef58b8-9a80-457d-929f-26253878a268", ["employee", "service-designer"], AgencyId: "NCR", EmployeeId: "E-1002",
            Department: "Digital Services"),
        new("official.lena", "c04b4833-e415-45da-8536-478ff2150c81", ["agency", "employee"], AgencyId: "MOI", EmployeeId: "E-5001",
            Department: "Data Exchange"),
        new("registrar.maria", "3e9c51d2-6a4f-4b8e-9d27-5f1a0c8b7e64", ["employee", "registrar"], AgencyId: "NCR", EmployeeId: "E-1010",
            Department: "Business Registry"),
        new("admin.jan", "b07f45b0-c8b1-4ff4-b475-586ea1b31b45", ["platform-admin"]),
        new("auditor.karl", "81a4723f-53e1-4aec-b1e5-e65bfa120d00", ["auditor"], AgencyId: "NAO"),
    ];

    /// <summary>Agency clients: client id, dev secret, agency code, service-account user id.</summary>
    public static readonly (string ClientId, string Secret, string AgencyId, string Subject)[] AgencyClients =
    [
        ("agency-ncr", "agency-ncr-dev-secret", "NCR", "b7bca781-7c4b-49e4-9fee-b8a5fa1083b9"),
        ("agency-nta", "agency-nta-dev-secret", "NTA", "7d455534-f657-4426-89d0-1c63c6788360"),
        ("agency-ccm", "agency-ccm-dev-secret", "CCM", "8440f963-d300-425e-b83e-1d2910e6bad8"),
    ];

    /// <summary>System users (service accounts acting for businesses under G2B mandates): client id, dev secret, service-account user id.</summary>
    public static readonly (string ClientId, string Secret, string Subject)[] SystemUsers =
    [
        ("ledgerly-accounting", "ledgerly-accounting-dev-secret", "9a4f7c21-58d3-4e0b-b6a2-1c3e5d7f9b80"),
    ];

    public static TheoryData<DemoUser> Users() => [.. All];

    public static TheoryData<string, string, string, string> Agencies()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (clientId, secret, agencyId, subject) in AgencyClients)
        {
            data.Add(clientId, secret, agencyId, subject);
        }

        return data;
    }
}
