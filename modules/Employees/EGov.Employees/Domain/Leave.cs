using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Parties;

namespace EGov.Employees.Domain;

/// <summary>What a leave type is for; decides nothing by itself (the policy does), but lets reports group types.</summary>
internal enum LeaveCategory
{
    Annual,
    Sick,
    Parental,
    Other,
}

/// <summary>Unused days of one year moved into the next, up to <see cref="MaxDays"/>, lapsing if not used by the day <see cref="ExpiresMonth"/>/<see cref="ExpiresDay"/> of that next year.</summary>
internal sealed record CarryForwardRule(int MaxDays, int ExpiresMonth, int ExpiresDay)
{
    public DateOnly ExpiryIn(int year) => new(year, ExpiresMonth, Math.Min(ExpiresDay, DateTime.DaysInMonth(year, ExpiresMonth)));
}

/// <summary>
/// A leave type and its policy, as a package (kind <c>g2e-leave-type</c>): the yearly allowance by grade (or one for
/// every grade), whether requests are limited by the balance, the carry-forward rule, and the longest request.
/// </summary>
internal sealed record LeavePolicy(
    string Name,
    LeaveCategory Category,
    IReadOnlyDictionary<string, int> AllowanceByGrade,
    int? Allowance,
    bool LimitedByBalance,
    CarryForwardRule? CarryForward,
    int MaxWorkingDaysPerRequest)
{
    /// <summary>The working days allocated for a year to a holder of <paramref name="grade"/>; 0 when the type allocates none.</summary>
    public int AllowanceFor(string grade) => AllowanceByGrade.TryGetValue(grade, out var days) ? days : Allowance ?? 0;

    public bool Allocates => Allowance is > 0 || AllowanceByGrade.Count > 0;
}

/// <summary>A leave type known to the module: its code, the package version and its policy.</summary>
internal sealed record LeaveType(string Code, int Version, LeavePolicy Policy);

/// <summary>The kinds of movement on a leave ledger. Allocations and carried-forward days add; taken and expired days subtract.</summary>
internal enum LeaveEntryKind
{
    Allocation,
    CarriedForward,
    Taken,
    Expired,
}

/// <summary>One movement on an employee's leave ledger for a type and year, in working days. Never changed once written.</summary>
internal sealed class LeaveEntry
{
    private LeaveEntry()
    {
    }

    public Guid Id { get; private set; }

    public Guid EmployeeId { get; private set; }

    public string TypeCode { get; private set; } = string.Empty;

    public int Year { get; private set; }

    public LeaveEntryKind Kind { get; private set; }

    /// <summary>Working days, never negative: the kind gives the sign.</summary>
    public int Days { get; private set; }

    /// <summary>The day the entry counts from (the first day of leave taken, the expiry day, the first of the year).</summary>
    public DateOnly On { get; private set; }

    /// <summary>The approved request a <see cref="LeaveEntryKind.Taken"/> entry books.</summary>
    public Guid? RequestId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int Signed => Kind is LeaveEntryKind.Allocation or LeaveEntryKind.CarriedForward ? Days : -Days;

    internal static LeaveEntry Write(Guid employeeId, string typeCode, int year, LeaveEntryKind kind, int days, DateOnly on, Guid? requestId, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return new LeaveEntry
        {
            Id = Guid.CreateVersion7(now),
            EmployeeId = employeeId,
            TypeCode = typeCode,
            Year = year,
            Kind = kind,
            Days = days,
            On = on,
            RequestId = requestId,
            CreatedAt = now,
        };
    }
}

/// <summary>A balance as the ledger gives it, with the days of requests still waiting for a decision.</summary>
internal sealed record LeaveBalance(string TypeCode, int Year, int Allocated, int CarriedForward, int Taken, int Expired, int Pending)
{
    public int Balance => Allocated + CarriedForward - Taken - Expired;

    /// <summary>What a new request may still use: the balance less what is already asked for.</summary>
    public int Available => Balance - Pending;
}

/// <summary>
/// One employee's ledger for one leave type and year: the only place entries are made. Allocation, carry-forward and
/// expiry are written at most once each (the database holds that too); a taken entry books one approved request.
/// </summary>
internal sealed class LeaveAccount
{
    private readonly List<LeaveEntry> _entries;
    private readonly List<LeaveEntry> _added = [];

    public LeaveAccount(Guid employeeId, LeaveType type, int year, IEnumerable<LeaveEntry> entries)
    {
        EmployeeId = employeeId;
        Type = type;
        Year = year;
        _entries = entries.Where(e => e.EmployeeId == employeeId && e.TypeCode == type.Code && e.Year == year).ToList();
    }

    public Guid EmployeeId { get; }

    public LeaveType Type { get; }

    public int Year { get; }

    public IReadOnlyList<LeaveEntry> Entries => _entries;

    /// <summary>Entries made by this account since it was loaded, for the caller to save.</summary>
    public IReadOnlyList<LeaveEntry> Added => _added;

    public int Sum(LeaveEntryKind kind) => _entries.Where(e => e.Kind == kind).Sum(e => e.Days);

    public LeaveBalance Balance(int pending) =>
        new(Type.Code, Year, Sum(LeaveEntryKind.Allocation), Sum(LeaveEntryKind.CarriedForward), Sum(LeaveEntryKind.Taken), Sum(LeaveEntryKind.Expired), pending);

    private bool Has(LeaveEntryKind kind) => _entries.Any(e => e.Kind == kind);

    private void Add(LeaveEntryKind kind, int days, DateOnly on, Guid? requestId, DateTimeOffset now)
    {
        var entry = LeaveEntry.Write(EmployeeId, Type.Code, Year, kind, days, on, requestId, now);
        _entries.Add(entry);
        _added.Add(entry);
    }

    /// <summary>The year's allowance for the grade held on the first day of the year (or the day the employee started); false when already allocated.</summary>
    public bool Allocate(string grade, DateOnly from, DateTimeOffset now)
    {
        if (Has(LeaveEntryKind.Allocation) || !Type.Policy.Allocates)
        {
            return false;
        }

        Add(LeaveEntryKind.Allocation, Type.Policy.AllowanceFor(grade), from, null, now);
        return true;
    }

    /// <summary>Moves what is left of <paramref name="previous"/> into this year, up to the cap; false when the type carries nothing or it was done.</summary>
    public bool CarryForwardFrom(LeaveAccount previous, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (Type.Policy.CarryForward is not { } rule || Has(LeaveEntryKind.CarriedForward) || previous.Year != Year - 1 || !previous.Has(LeaveEntryKind.Allocation))
        {
            return false;
        }

        var left = Math.Max(0, previous.Balance(0).Balance);
        Add(LeaveEntryKind.CarriedForward, Math.Min(left, rule.MaxDays), new DateOnly(Year, 1, 1), null, now);
        return true;
    }

    /// <summary>
    /// After the expiry day, the carried-forward days not used by then lapse. Carried-forward days are used first: the
    /// days taken in leave starting on or before the expiry day count against them. False when nothing is due yet or it was done.
    /// </summary>
    public bool Expire(DateOnly today, DateTimeOffset now)
    {
        if (Type.Policy.CarryForward is not { } rule || Has(LeaveEntryKind.Expired) || !Has(LeaveEntryKind.CarriedForward))
        {
            return false;
        }

        var expiry = rule.ExpiryIn(Year);
        if (today <= expiry)
        {
            return false;
        }

        var usedByThen = _entries.Where(e => e.Kind == LeaveEntryKind.Taken && e.On <= expiry).Sum(e => e.Days);
        Add(LeaveEntryKind.Expired, Math.Max(0, Sum(LeaveEntryKind.CarriedForward) - usedByThen), expiry, null, now);
        return true;
    }

    /// <summary>Books an approved request; false when it is booked already.</summary>
    public bool Take(LeaveRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_entries.Any(e => e.RequestId == request.Id))
        {
            return false;
        }

        Add(LeaveEntryKind.Taken, request.WorkingDays, request.From, request.Id, now);
        return true;
    }
}

/// <summary>
/// A request for leave, a case on the casework block: filed by the employee, approved or refused by their manager
/// (the holder of the position their position reports to), withdrawn by the employee while open. The working days
/// are counted on the platform calendar when it is filed.
/// </summary>
internal sealed class LeaveRequest : CaseRecord
{
    public const int MaxNoteLength = 500;

    private LeaveRequest()
    {
    }

    private LeaveRequest(Guid id, string reference, Employee employee, LeaveType type, DateOnly from, DateOnly to, int workingDays, string? note,
        LifecycleDefinition lifecycle, WorkingDays calendar, DateTimeOffset now)
        : base(id, reference, employee.AgencyCode, lifecycle, LeaveLifecycle.DecisionDays, calendar, now)
    {
        EmployeeId = employee.Id;
        EmployeeNumber = employee.EmployeeNumber;
        TypeCode = type.Code;
        From = from;
        To = to;
        WorkingDays = workingDays;
        Note = note;
    }

    public Guid EmployeeId { get; private set; }

    public string EmployeeNumber { get; private set; } = string.Empty;

    public string TypeCode { get; private set; } = string.Empty;

    public DateOnly From { get; private set; }

    public DateOnly To { get; private set; }

    public int WorkingDays { get; private set; }

    /// <summary>The employee's note to the manager (it may say something about health): shown to the employee, the manager and HR, never on the team calendar.</summary>
    public string? Note { get; private set; }

    public override PartyRef Applicant => PartyRef.Employee(EmployeeNumber);

    public bool Overlaps(DateOnly from, DateOnly to) => From <= to && from <= To;

    /// <summary>Files a request; the caller has checked the type, the dates, the balance and overlaps.</summary>
    public static LeaveRequest File(Guid id, string reference, Employee employee, LeaveType type, DateOnly from, DateOnly to, string? note,
        WorkingDays calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return new(id, reference, employee, type, from, to, calendar.Between(from.AddDays(-1), to), note, LeaveLifecycle.Definition, calendar, now);
    }
}

/// <summary>The lifecycle of a leave request, as data on the casework block.</summary>
internal static class LeaveLifecycle
{
    public const string Requested = "Requested";
    public const string Approved = "Approved";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Withdraw = "withdraw";

    /// <summary>The database sequence of leave request references (<c>G2E-LV-2026-000001</c>).</summary>
    public const string CaseSequence = "leave_request_numbers";

    /// <summary>Working days the manager has to decide before the request shows overdue.</summary>
    public const int DecisionDays = 5;

    public static LifecycleDefinition Definition { get; } = LifecycleDefinition.FromJson("""
        {
          "initialState": "Requested",
          "states": [
            { "name": "Requested", "title": { "en": "Waiting for the manager" } },
            { "name": "Approved", "title": { "en": "Approved" }, "final": true, "outcome": "approved" },
            { "name": "Rejected", "title": { "en": "Refused" }, "final": true, "outcome": "rejected" },
            { "name": "Withdrawn", "title": { "en": "Withdrawn" }, "final": true, "outcome": "withdrawn" }
          ],
          "transitions": [
            { "name": "approve", "from": ["Requested"], "to": "Approved", "by": [{ "role": "employee", "relation": "agency-staff" }, { "role": "hr-officer", "relation": "agency-staff" }], "message": "optional" },
            { "name": "reject", "from": ["Requested"], "to": "Rejected", "by": [{ "role": "employee", "relation": "agency-staff" }, { "role": "hr-officer", "relation": "agency-staff" }], "message": "required" },
            { "name": "withdraw", "from": ["Requested"], "to": "Withdrawn", "by": [{ "role": "employee", "relation": "applicant" }] }
          ]
        }
        """);
}
