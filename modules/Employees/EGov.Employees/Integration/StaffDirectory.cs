using EGov.Employees.Contracts;
using EGov.Employees.Domain;
using EGov.Employees.Persistence;
using EGov.SharedKernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace EGov.Employees.Integration;

/// <summary><see cref="IStaffDirectory"/> from the establishment tables: one indexed query on assignments joined to positions.</summary>
internal sealed class StaffDirectory(EmployeesDb db) : IStaffDirectory
{
    public async Task<bool> HoldsAsync(string employeeNumber, string agencyCode, StaffFunction function, DateOnly on, CancellationToken cancellationToken) =>
        await Covering(employeeNumber, on).AnyAsync(x => x.Position.AgencyCode == agencyCode && x.Position.Function == function, cancellationToken);

    public async Task<IReadOnlyList<StaffAssignment>> AssignmentsOnAsync(string employeeNumber, DateOnly on, CancellationToken cancellationToken) =>
        await Covering(employeeNumber, on)
            .OrderBy(x => x.Assignment.Kind == AssignmentKind.Acting).ThenBy(x => x.Assignment.From)
            .Select(x => new StaffAssignment(employeeNumber, x.Position.AgencyCode, x.Position.Department, x.Position.Id, x.Position.Title, x.Position.Function,
                x.Assignment.Kind == AssignmentKind.Acting, x.Assignment.From, x.Assignment.To))
            .ToListAsync(cancellationToken);

    private IQueryable<Pair> Covering(string employeeNumber, DateOnly day) =>
        db.Assignments.AsNoTracking()
            .Where(a => a.From <= day && (a.To == null || a.To >= day) && db.Employees.Any(e => e.Id == a.EmployeeId && e.EmployeeNumber == employeeNumber))
            .Join(db.Positions.AsNoTracking(), a => a.PositionId, p => p.Id, (a, p) => new Pair { Assignment = a, Position = p });

    private sealed class Pair
    {
        public required Assignment Assignment { get; init; }

        public required Position Position { get; init; }
    }
}
