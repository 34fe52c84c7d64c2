using EGov.Employees.Domain;
using EGov.Employees.Persistence;
using EGov.Employees.Security;
using EGov.SharedKernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace EGov.Employees.Features.Establishment;

/// <summary>
/// Reads personnel records for a caller: decides the view (<see cref="RecordView"/>), opens the sensitive fields only
/// for the full view, and audits every such opening in the module's hash-chained trail (action
/// <see cref="ReadAction"/> on the employee), which is what the employee's read log shows.
/// </summary>
internal sealed class PersonnelRecords(EmployeesDb db, RecordCipher cipher, ICurrentUser user, TimeProvider clock)
{
    public const string ReadAction = "employee-record.read";
    public const string EntityType = "employee";

    /// <summary>The fields a full read opens, as the audit record names them.</summary>
    private static readonly string[] SensitiveFields = ["nationalId", "dateOfBirth", "address", "iban", "emergencyContact", "healthNotes", "disabilityNotes"];

    /// <summary>The context sealed values of a record are bound to.</summary>
    public static string Context(Guid employeeId) => $"g2e.employee:{employeeId}";

    public Task<Employee?> FindAsync(Guid id, CancellationToken ct) =>
        db.Employees.Include(e => e.Assignments).SingleOrDefaultAsync(e => e.Id == id, ct);

    public Task<Employee?> MineAsync(CancellationToken ct) =>
        user.EmployeeId is { Length: > 0 } number
            ? db.Employees.Include(e => e.Assignments).SingleOrDefaultAsync(e => e.EmployeeNumber == number, ct)
            : Task.FromResult<Employee?>(null);

    public bool IsSelf(Employee employee) => user.EmployeeId is { Length: > 0 } number && number == employee.EmployeeNumber;

    /// <summary>The view the caller has of <paramref name="employee"/>, or null when the record is not theirs to see (404).</summary>
    public async Task<RecordView?> ViewOfAsync(Employee employee, CancellationToken ct)
    {
        if (IsSelf(employee) || user.IsHrOf(employee.AgencyCode))
        {
            return RecordView.Full;
        }

        if (user.IsPayrollOf(employee.AgencyCode))
        {
            return RecordView.Payroll;
        }

        return await ManagesAsync(employee, ct) ? RecordView.Manager : null;
    }

    /// <summary>True when the caller holds today the position the employee's current position reports to.</summary>
    public async Task<bool> ManagesAsync(Employee employee, CancellationToken ct)
    {
        if (user.EmployeeId is not { Length: > 0 } number)
        {
            return false;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var positions = employee.Assignments.Where(a => a.Covers(today)).Select(a => a.PositionId).ToList();
        if (positions.Count == 0)
        {
            return false;
        }

        var supervisors = await db.Positions.AsNoTracking().Where(p => positions.Contains(p.Id) && p.ReportsTo != null).Select(p => p.ReportsTo!.Value).ToListAsync(ct);
        return await db.Assignments.AsNoTracking()
            .AnyAsync(a => supervisors.Contains(a.PositionId) && a.From <= today && (a.To == null || a.To >= today)
                && db.Employees.Any(e => e.Id == a.EmployeeId && e.EmployeeNumber == number), ct);
    }

    /// <summary>The record in <paramref name="view"/>; the full view opens the sensitive fields and audits the read (saved here).</summary>
    public async Task<EmployeeResponse> ReadAsync(Employee employee, RecordView view, string purpose, CancellationToken ct)
    {
        PersonalDetails? personal = null;
        if (view == RecordView.Full)
        {
            personal = PersonalDetails.From(await cipher.OpenAsync<SensitiveDetails>(employee.Sensitive, Context(employee.Id), ct));
            db.Audit(user, ReadAction, EntityType, employee.Id.ToString(), new
            {
                reader = user.Username ?? user.Actor,
                role = IsSelf(employee) ? "self" : "hr-officer",
                purpose,
                fields = SensitiveFields,
            }, onBehalfOf: user.AgencyId);
            await db.SaveChangesAsync(ct);
        }

        return await ResponseAsync(employee, view, personal, ct);
    }

    /// <summary>The record without any sensitive field (what creating requests answer, and what idempotency stores).</summary>
    public Task<EmployeeResponse> SummaryAsync(Employee employee, CancellationToken ct) => ResponseAsync(employee, RecordView.Payroll, null, ct);

    private async Task<EmployeeResponse> ResponseAsync(Employee employee, RecordView view, PersonalDetails? personal, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var current = employee.Assignments.Where(a => a.Covers(today)).ToList();
        if (current.Count == 0 && employee.Assignments.Count > 0)
        {
            // Not yet started or already left: the nearest substantive assignment.
            current = [employee.Assignments.Where(a => !a.Acting).OrderByDescending(a => a.From).First()];
        }

        var ids = current.Select(a => a.PositionId).ToList();
        var positions = await db.Positions.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var shown = current.Where(a => positions.ContainsKey(a.PositionId)).Select(a =>
        {
            var p = positions[a.PositionId];
            return new CurrentPosition(p.Id, p.Title, p.Department, p.Grade, p.Function, a.Acting);
        }).ToList();
        SalaryResponse? salary = null;
        IReadOnlyList<AssignmentResponse>? assignments = null;
        if (view is RecordView.Full or RecordView.Payroll)
        {
            var record = await db.SalaryRecords.AsNoTracking().Where(s => s.EmployeeId == employee.Id && s.EffectiveFrom <= today)
                .OrderByDescending(s => s.EffectiveFrom).ThenByDescending(s => s.ApprovedAt).FirstOrDefaultAsync(ct)
                ?? await db.SalaryRecords.AsNoTracking().Where(s => s.EmployeeId == employee.Id).OrderBy(s => s.EffectiveFrom).FirstOrDefaultAsync(ct);
            if (record is not null)
            {
                salary = new SalaryResponse(record.MonthlyAmount, PayrollCurrency.Code, record.Step, record.EffectiveFrom);
            }

            assignments = employee.Assignments.OrderBy(a => a.From).Select(AssignmentResponse.Of).ToList();
        }

        return new EmployeeResponse(employee.Id, employee.EmployeeNumber, employee.AgencyCode, employee.GivenName, employee.FamilyName,
            employee.PreferredName, employee.WorkPhone, shown, employee.LeftOn, view, personal, salary, assignments);
    }
}

/// <summary>The platform pays in one currency, the one of the payroll rules.</summary>
internal static class PayrollCurrency
{
    public const string Code = "EUR";
}
