using EGov.Employees.Contracts;
using EGov.SharedKernel.Identity;

namespace EGov.Employees.Domain;

/// <summary>
/// A post in an agency's establishment. It exists whether or not anyone holds it: funded or not, vacant while no
/// substantive assignment covers the day. <see cref="ReportsTo"/> names the position whose holder manages this one.
/// </summary>
internal sealed class Position
{
    public const int MaxTitleLength = 200;
    public const int MaxDepartmentLength = 100;

    private Position()
    {
    }

    public Guid Id { get; private set; }

    public string AgencyCode { get; private set; } = string.Empty;

    public string Department { get; private set; } = string.Empty;

    public string Title { get; private set; } = string.Empty;

    /// <summary>A grade of the salary scale (<c>G1</c> … <c>G12</c>).</summary>
    public string Grade { get; private set; } = string.Empty;

    public StaffFunction Function { get; private set; }

    public bool Funded { get; private set; }

    public Guid? ReportsTo { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Position Create(Guid id, string agencyCode, string department, string title, string grade, StaffFunction function, bool funded, Guid? reportsTo, DateTimeOffset now) => new()
    {
        Id = id,
        AgencyCode = agencyCode,
        Department = department,
        Title = title,
        Grade = grade,
        Function = function,
        Funded = funded,
        ReportsTo = reportsTo,
        CreatedAt = now,
    };
}

/// <summary>How an assignment began.</summary>
internal enum AssignmentKind
{
    Hire,
    Transfer,
    Promotion,
    Acting,
}

/// <summary>
/// An employee in a position from a first day to a last day (open-ended while <see cref="To"/> is null). Substantive
/// assignments (hire, transfer, promotion) never overlap each other; an acting one covers another post for a while
/// beside the substantive one, never overlapping another acting one.
/// </summary>
internal sealed class Assignment
{
    private Assignment()
    {
    }

    public Guid Id { get; private set; }

    public Guid EmployeeId { get; private set; }

    public Guid PositionId { get; private set; }

    public string AgencyCode { get; private set; } = string.Empty;

    public AssignmentKind Kind { get; private set; }

    public DateOnly From { get; private set; }

    public DateOnly? To { get; private set; }

    public bool Acting => Kind == AssignmentKind.Acting;

    public bool Covers(DateOnly day) => From <= day && (To is null || day <= To);

    public bool Overlaps(DateOnly from, DateOnly? to) => From <= (to ?? DateOnly.MaxValue) && from <= (To ?? DateOnly.MaxValue);

    internal static Assignment Start(Guid id, Guid employeeId, Position position, AssignmentKind kind, DateOnly from, DateOnly? to) => new()
    {
        Id = id,
        EmployeeId = employeeId,
        PositionId = position.Id,
        AgencyCode = position.AgencyCode,
        Kind = kind,
        From = from,
        To = to,
    };

    internal void EndOn(DateOnly lastDay) => To = lastDay;
}

/// <summary>The monthly base salary from a day on, and when HR approved it (later than that day: arrears are due).</summary>
internal sealed class SalaryRecord
{
    private SalaryRecord()
    {
    }

    public Guid Id { get; private set; }

    public Guid EmployeeId { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    /// <summary>The step on the position's grade the amount was taken from, when it came from the scale.</summary>
    public int? Step { get; private set; }

    public decimal MonthlyAmount { get; private set; }

    public DateTimeOffset ApprovedAt { get; private set; }

    public string ApprovedBy { get; private set; } = string.Empty;

    internal static SalaryRecord Approve(Guid id, Guid employeeId, DateOnly from, int? step, decimal amount, DateTimeOffset at, string by) => new()
    {
        Id = id,
        EmployeeId = employeeId,
        EffectiveFrom = from,
        Step = step,
        MonthlyAmount = amount,
        ApprovedAt = at,
        ApprovedBy = by,
    };
}

/// <summary>A payroll component an employee receives or pays besides the standard ones (a loan repayment, a special allowance).</summary>
internal sealed class EmployeeComponent
{
    private EmployeeComponent()
    {
    }

    public Guid Id { get; private set; }

    public Guid EmployeeId { get; private set; }

    public string Code { get; private set; } = string.Empty;

    public decimal MonthlyAmount { get; private set; }

    public DateOnly From { get; private set; }

    public DateOnly? To { get; private set; }

    internal static EmployeeComponent Assign(Guid id, Guid employeeId, string code, decimal amount, DateOnly from, DateOnly? to) => new()
    {
        Id = id,
        EmployeeId = employeeId,
        Code = code,
        MonthlyAmount = amount,
        From = from,
        To = to,
    };
}
