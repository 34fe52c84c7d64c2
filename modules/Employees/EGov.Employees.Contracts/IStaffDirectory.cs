using EGov.SharedKernel.Identity;

namespace EGov.Employees.Contracts;

/// <summary>A substantive or acting assignment of an employee to a position on a given day.</summary>
/// <param name="EmployeeNumber">The agency-issued personnel number, the <c>employee_id</c> claim of the person's token.</param>
/// <param name="AgencyCode">The agency of the position.</param>
/// <param name="Department">The department of the position.</param>
/// <param name="PositionId">The position.</param>
/// <param name="PositionTitle">Its title.</param>
/// <param name="Function">What the position is for.</param>
/// <param name="Acting">True for an acting assignment (a temporary cover), false for the substantive post.</param>
/// <param name="From">First day of the assignment.</param>
/// <param name="To">Last day, or null while open-ended.</param>
public sealed record StaffAssignment(
    string EmployeeNumber,
    string AgencyCode,
    string Department,
    Guid PositionId,
    string PositionTitle,
    StaffFunction Function,
    bool Acting,
    DateOnly From,
    DateOnly? To);

/// <summary>
/// The establishment as other modules may read it: who holds which position in which agency on a day. Current
/// (answers from the G2E tables at the moment of the call, not from a copy).
/// </summary>
public interface IStaffDirectory : IStaffRecords
{
    /// <summary>Every assignment of the employee that covers <paramref name="on"/> (the substantive one and any acting one).</summary>
    Task<IReadOnlyList<StaffAssignment>> AssignmentsOnAsync(string employeeNumber, DateOnly on, CancellationToken cancellationToken);
}
