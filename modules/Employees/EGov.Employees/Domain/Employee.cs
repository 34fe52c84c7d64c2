namespace EGov.Employees.Domain;

/// <summary>What an attempt to change an employee's assignments came to.</summary>
internal enum AssignmentOutcome
{
    Assigned,

    /// <summary>The new assignment would overlap one the employee already holds.</summary>
    OverlapsEmployee,

    /// <summary>The position has another substantive holder over those days.</summary>
    PositionTaken,

    /// <summary>The employee holds no substantive assignment to move from on that day.</summary>
    NoCurrentAssignment,

    /// <summary>The day lies before the current assignment began, or the employee has left.</summary>
    NotAfterCurrent,
}

/// <summary>
/// A civil servant's personnel record: the non-sensitive fields in clear, the sensitive ones
/// (<see cref="SensitiveDetails"/>) sealed in <see cref="Sensitive"/> with the agency's data key. Assignments change
/// only through <see cref="Hire"/>, <see cref="Move"/>, <see cref="AddActing"/> and <see cref="Leave"/>.
/// </summary>
internal sealed class Employee
{
    public const int MaxNameLength = 100;
    public const int MaxPhoneLength = 40;

    private readonly List<Assignment> _assignments = [];

    private Employee()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The personnel number, unique on the platform: the <c>employee_id</c> claim of the person's token.</summary>
    public string EmployeeNumber { get; private set; } = string.Empty;

    /// <summary>The agency of the current (or last) substantive assignment: the agency whose HR keeps the record.</summary>
    public string AgencyCode { get; private set; } = string.Empty;

    public string GivenName { get; private set; } = string.Empty;

    public string FamilyName { get; private set; } = string.Empty;

    /// <summary>Editable by the employee.</summary>
    public string? PreferredName { get; private set; }

    /// <summary>Editable by the employee.</summary>
    public string? WorkPhone { get; private set; }

    /// <summary>The sealed <see cref="SensitiveDetails"/> (see <c>Security/RecordCipher</c>); never in clear in the database.</summary>
    public byte[] Sensitive { get; private set; } = [];

    public DateOnly? LeftOn { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public uint Version { get; private set; }

    public IReadOnlyList<Assignment> Assignments => _assignments;

    public string DisplayName => string.IsNullOrWhiteSpace(PreferredName) ? $"{GivenName} {FamilyName}" : $"{PreferredName} {FamilyName}";

    public static Employee Hire(Guid id, string employeeNumber, string givenName, string familyName, string? workPhone, Position position, DateOnly from, DateTimeOffset now)
    {
        var employee = new Employee
        {
            Id = id,
            EmployeeNumber = employeeNumber,
            AgencyCode = position.AgencyCode,
            GivenName = givenName,
            FamilyName = familyName,
            WorkPhone = workPhone,
            CreatedAt = now,
        };
        employee._assignments.Add(Assignment.Start(Guid.CreateVersion7(now), id, position, AssignmentKind.Hire, from, null));
        return employee;
    }

    public void Seal(byte[] sealedDetails) => Sensitive = sealedDetails;

    public void EditContact(string? preferredName, string? workPhone)
    {
        PreferredName = string.IsNullOrWhiteSpace(preferredName) ? null : preferredName.Trim();
        WorkPhone = string.IsNullOrWhiteSpace(workPhone) ? null : workPhone.Trim();
    }

    public Assignment? SubstantiveOn(DateOnly day) => _assignments.FirstOrDefault(a => !a.Acting && a.Covers(day));

    /// <summary>
    /// A transfer or promotion from <paramref name="from"/>: the current substantive assignment ends the day before.
    /// <paramref name="positionHolders"/> are the substantive assignments of others to the new position.
    /// </summary>
    public AssignmentOutcome Move(Position position, AssignmentKind kind, DateOnly from, IEnumerable<Assignment> positionHolders, DateTimeOffset now)
    {
        if (kind is not (AssignmentKind.Transfer or AssignmentKind.Promotion))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A move is a transfer or a promotion.");
        }

        if (LeftOn is not null && from > LeftOn)
        {
            return AssignmentOutcome.NotAfterCurrent;
        }

        var current = SubstantiveOn(from.AddDays(-1)) ?? SubstantiveOn(from);
        if (current is null)
        {
            return AssignmentOutcome.NoCurrentAssignment;
        }

        if (from <= current.From)
        {
            return AssignmentOutcome.NotAfterCurrent;
        }

        if (_assignments.Any(a => !a.Acting && a != current && a.Overlaps(from, null)))
        {
            return AssignmentOutcome.OverlapsEmployee;
        }

        if (positionHolders.Any(a => a.EmployeeId != Id && !a.Acting && a.Overlaps(from, current.To)))
        {
            return AssignmentOutcome.PositionTaken;
        }

        var end = current.To;
        current.EndOn(from.AddDays(-1));
        _assignments.Add(Assignment.Start(Guid.CreateVersion7(now), Id, position, kind, from, end));
        AgencyCode = position.AgencyCode;
        return AssignmentOutcome.Assigned;
    }

    /// <summary>An acting cover of <paramref name="position"/> from <paramref name="from"/> to <paramref name="to"/>, beside the substantive post.</summary>
    public AssignmentOutcome AddActing(Position position, DateOnly from, DateOnly to, IEnumerable<Assignment> positionHolders, DateTimeOffset now)
    {
        if (SubstantiveOn(from) is null || SubstantiveOn(to) is null)
        {
            return AssignmentOutcome.NoCurrentAssignment;
        }

        if (_assignments.Any(a => a.Acting && a.Overlaps(from, to)) || _assignments.Any(a => !a.Acting && a.PositionId == position.Id && a.Overlaps(from, to)))
        {
            return AssignmentOutcome.OverlapsEmployee;
        }

        if (positionHolders.Any(a => a.EmployeeId != Id && a.Acting && a.Overlaps(from, to)))
        {
            return AssignmentOutcome.PositionTaken;
        }

        _assignments.Add(Assignment.Start(Guid.CreateVersion7(now), Id, position, AssignmentKind.Acting, from, to));
        return AssignmentOutcome.Assigned;
    }

    /// <summary>Leaving the service after <paramref name="lastDay"/>: every assignment ends then at the latest.</summary>
    public AssignmentOutcome Leave(DateOnly lastDay)
    {
        var current = SubstantiveOn(lastDay);
        if (current is null || LeftOn is not null)
        {
            return AssignmentOutcome.NoCurrentAssignment;
        }

        if (_assignments.Any(a => !a.Acting && a.From > lastDay))
        {
            return AssignmentOutcome.NotAfterCurrent;
        }

        foreach (var assignment in _assignments.Where(a => a.To is null || a.To > lastDay))
        {
            assignment.EndOn(lastDay);
        }

        LeftOn = lastDay;
        return AssignmentOutcome.Assigned;
    }
}

/// <summary>The sensitive part of a personnel record: sealed as one JSON document with the agency's data key.</summary>
internal sealed record SensitiveDetails(
    string NationalId,
    DateOnly DateOfBirth,
    PostalAddress Address,
    string Iban,
    EmergencyContact EmergencyContact,
    string? HealthNotes,
    string? DisabilityNotes);

internal sealed record PostalAddress(string Street, string PostalCode, string City, string Country);

internal sealed record EmergencyContact(string Name, string Relation, string Phone);
