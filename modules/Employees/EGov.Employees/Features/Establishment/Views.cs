using EGov.Employees.Contracts;
using EGov.Employees.Domain;
using EGov.SharedKernel.Identity;

namespace EGov.Employees.Features.Establishment;

internal sealed record PositionResponse(
    Guid Id, string AgencyCode, string Department, string Title, string Grade, StaffFunction Function, bool Funded, Guid? ReportsTo,
    bool Vacant, string? HolderEmployeeNumber)
{
    public static PositionResponse From(Position p, string? holder) =>
        new(p.Id, p.AgencyCode, p.Department, p.Title, p.Grade, p.Function, p.Funded, p.ReportsTo, holder is null, holder);
}

internal sealed record AssignmentResponse(Guid Id, Guid PositionId, string AgencyCode, AssignmentKind Kind, DateOnly From, DateOnly? To)
{
    public static AssignmentResponse Of(Assignment a) => new(a.Id, a.PositionId, a.AgencyCode, a.Kind, a.From, a.To);
}

/// <summary>How much of a record the caller sees.</summary>
internal enum RecordView
{
    /// <summary>Everything, the sensitive fields included: the employee and HR of the employee's agency (audited).</summary>
    Full,

    /// <summary>Name and position: the employee's manager.</summary>
    Manager,

    /// <summary>Name, position, salary and assignments, no sensitive field: payroll officers of the agency.</summary>
    Payroll,
}

internal sealed record CurrentPosition(Guid Id, string Title, string Department, string Grade, StaffFunction Function, bool Acting);

internal sealed record SalaryResponse(decimal MonthlyAmount, string Currency, int? Step, DateOnly EffectiveFrom);

internal sealed record PersonalDetails(
    string NationalId, DateOnly DateOfBirth, PostalAddress Address, string Iban, EmergencyContact EmergencyContact, string? HealthNotes, string? DisabilityNotes)
{
    public static PersonalDetails From(SensitiveDetails d) =>
        new(d.NationalId, d.DateOfBirth, d.Address, d.Iban, d.EmergencyContact, d.HealthNotes, d.DisabilityNotes);
}

/// <summary>A personnel record as the caller may see it: <see cref="Personal"/>, <see cref="Salary"/> and <see cref="Assignments"/> are null outside their views.</summary>
internal sealed record EmployeeResponse(
    Guid Id,
    string EmployeeNumber,
    string AgencyCode,
    string GivenName,
    string FamilyName,
    string? PreferredName,
    string? WorkPhone,
    IReadOnlyList<CurrentPosition> Positions,
    DateOnly? LeftOn,
    RecordView View,
    PersonalDetails? Personal,
    SalaryResponse? Salary,
    IReadOnlyList<AssignmentResponse>? Assignments);
