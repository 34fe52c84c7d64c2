using EGov.SharedKernel.Events;
using EGov.SharedKernel.Identity;

namespace EGov.Employees.Contracts;

/// <summary>An employee was hired into a position. Carries no personal data beyond the personnel number.</summary>
public sealed record EmployeeHired(Guid EmployeeId, string EmployeeNumber, string AgencyCode, Guid PositionId, StaffFunction Function, DateOnly From) : IIntegrationEvent;

/// <summary>
/// An employee's substantive or acting assignment changed (transfer, promotion, acting cover): from
/// <paramref name="From"/> they hold <paramref name="PositionId"/> in <paramref name="AgencyCode"/>.
/// </summary>
public sealed record EmployeeAssigned(Guid EmployeeId, string EmployeeNumber, string AgencyCode, Guid PositionId, StaffFunction Function, bool Acting, DateOnly From, DateOnly? To, string PreviousAgencyCode) : IIntegrationEvent;

/// <summary>An employee leaves the service of <paramref name="AgencyCode"/> after <paramref name="LastDay"/>.</summary>
public sealed record EmployeeLeft(Guid EmployeeId, string EmployeeNumber, string AgencyCode, DateOnly LastDay) : IIntegrationEvent;

/// <summary>A payroll run of an agency for a period (<c>yyyy-MM</c>) completed: count of payslips and net total.</summary>
public sealed record PayrollRunCompleted(Guid RunId, string AgencyCode, string Period, int Payslips, decimal NetTotal, string Currency) : IIntegrationEvent;
