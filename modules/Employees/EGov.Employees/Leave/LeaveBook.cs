using EGov.BuildingBlocks.Calendar;
using EGov.Employees.Domain;
using EGov.Employees.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.Employees.Leave;

/// <summary>Reads and writes leave ledgers: accounts per employee, type and year; who reports to whom today.</summary>
internal sealed class LeaveBook(EmployeesDb db, LeaveTypes types, IWorkingCalendar calendar, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public WorkingDays CalendarOf(string agencyCode) => calendar.For(agencyCode);

    public async Task<LeaveAccount> AccountAsync(Guid employeeId, LeaveType type, int year, CancellationToken ct) =>
        new(employeeId, type, year, await db.LeaveEntries.Where(e => e.EmployeeId == employeeId && e.TypeCode == type.Code && e.Year == year).ToListAsync(ct));

    /// <summary>Working days of open requests of the employee for a type and year.</summary>
    public Task<int> PendingAsync(Guid employeeId, string typeCode, int year, Guid? except, CancellationToken ct) =>
        db.LeaveRequests.Where(r => r.EmployeeId == employeeId && r.TypeCode == typeCode && r.ClosedAt == null && r.From.Year == year && r.Id != except)
            .SumAsync(r => r.WorkingDays, ct);

    /// <summary>Every type's balance for the employee and year.</summary>
    public async Task<IReadOnlyList<LeaveBalance>> BalancesAsync(Guid employeeId, int year, CancellationToken ct)
    {
        var entries = await db.LeaveEntries.AsNoTracking().Where(e => e.EmployeeId == employeeId && e.Year == year).ToListAsync(ct);
        var pending = await db.LeaveRequests.AsNoTracking().Where(r => r.EmployeeId == employeeId && r.ClosedAt == null && r.From.Year == year)
            .GroupBy(r => r.TypeCode).Select(g => new { g.Key, Days = g.Sum(r => r.WorkingDays) }).ToDictionaryAsync(g => g.Key, g => g.Days, ct);
        return types.All.Select(t => new LeaveAccount(employeeId, t, year, entries).Balance(pending.GetValueOrDefault(t.Code))).ToList();
    }

    /// <summary>The employees whose position (held today) reports to a position the employee <paramref name="managerNumber"/> holds today.</summary>
    public async Task<List<Guid>> DirectReportsAsync(string managerNumber, CancellationToken ct)
    {
        var today = Today;
        var held = db.Assignments.Where(a => a.From <= today && (a.To == null || a.To >= today) && db.Employees.Any(e => e.Id == a.EmployeeId && e.EmployeeNumber == managerNumber))
            .Select(a => a.PositionId);
        var reporting = db.Positions.Where(p => p.ReportsTo != null && held.Contains(p.ReportsTo.Value)).Select(p => p.Id);
        return await db.Assignments.Where(a => reporting.Contains(a.PositionId) && a.From <= today && (a.To == null || a.To >= today))
            .Select(a => a.EmployeeId).Distinct().ToListAsync(ct);
    }

    /// <summary>The grade of the substantive position the employee holds on <paramref name="day"/> (or first holds in that year).</summary>
    public static string? GradeOn(Employee employee, IReadOnlyDictionary<Guid, Position> positions, int year)
    {
        var first = new DateOnly(year, 1, 1);
        var assignment = employee.SubstantiveOn(first)
            ?? employee.Assignments.Where(a => !a.Acting && a.From.Year == year).OrderBy(a => a.From).FirstOrDefault();
        return assignment is not null && positions.TryGetValue(assignment.PositionId, out var p) ? p.Grade : null;
    }
}

/// <summary>Who decides an employee's leave today.</summary>
internal static class LeaveDeciders
{
    /// <summary>The employee numbers of today's holders of the positions the employee's current positions report to.</summary>
    public static async Task<List<string>> ManagersOfAsync(EmployeesDb db, Employee employee, DateOnly today, CancellationToken ct)
    {
        var positions = employee.Assignments.Where(a => a.Covers(today)).Select(a => a.PositionId).ToList();
        var supervisors = db.Positions.Where(p => positions.Contains(p.Id) && p.ReportsTo != null).Select(p => p.ReportsTo!.Value);
        return await db.Assignments.Where(a => supervisors.Contains(a.PositionId) && a.From <= today && (a.To == null || a.To >= today) && a.EmployeeId != employee.Id)
            .Join(db.Employees, a => a.EmployeeId, e => e.Id, (a, e) => e.EmployeeNumber).Distinct().ToListAsync(ct);
    }
}
