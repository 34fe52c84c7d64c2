namespace EGov.Employees.Domain;

/// <summary>Which sensitive field an employee asks HR to change.</summary>
internal enum ChangeField
{
    Address,
    BankAccount,
    EmergencyContact,
}

internal enum ChangeStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// An employee's request to change a sensitive field of their record. The new value is sealed like the record
/// itself; HR of the employee's agency approves (the value is applied) or rejects it, once.
/// </summary>
internal sealed class ChangeRequest
{
    public const int MaxReasonLength = 1000;

    private ChangeRequest()
    {
    }

    public Guid Id { get; private set; }

    public Guid EmployeeId { get; private set; }

    public string AgencyCode { get; private set; } = string.Empty;

    public ChangeField Field { get; private set; }

    /// <summary>The sealed new value (JSON of the field's type).</summary>
    public byte[] Value { get; private set; } = [];

    public ChangeStatus Status { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? DecidedBy { get; private set; }

    public string? Reason { get; private set; }

    public uint Version { get; private set; }

    public static ChangeRequest File(Guid id, Employee employee, ChangeField field, DateTimeOffset now) => new()
    {
        Id = id,
        EmployeeId = employee.Id,
        AgencyCode = employee.AgencyCode,
        Field = field,
        Status = ChangeStatus.Pending,
        RequestedAt = now,
    };

    public void Seal(byte[] value) => Value = value;

    /// <summary>Approves or rejects a pending request; false when it was decided already.</summary>
    public bool Decide(bool approve, string? reason, string by, DateTimeOffset now)
    {
        if (Status != ChangeStatus.Pending)
        {
            return false;
        }

        Status = approve ? ChangeStatus.Approved : ChangeStatus.Rejected;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        DecidedBy = by;
        DecidedAt = now;
        return true;
    }
}
