using EGov.Employees.Domain;

namespace EGov.Employees.Payroll;

internal enum RunStatus
{
    /// <summary>Started and not finished: still running, or interrupted (a crash, a fault); starting it again resumes it.</summary>
    Running,
    Completed,
    Cancelled,
}

/// <summary>
/// A payroll run of one agency for one period. At most one run per agency and period is not cancelled (a unique
/// index); its payslips are written in batches, each committed on its own, so an interrupted run keeps what it
/// paid and is resumed, never restarted.
/// </summary>
internal sealed class PayrollRun
{
    public const int MaxReasonLength = 1000;

    private PayrollRun()
    {
    }

    public Guid Id { get; private set; }

    /// <summary><c>PAY-PSC-2026-11-1</c>: agency, period and the attempt (1 unless earlier runs were cancelled).</summary>
    public string Reference { get; private set; } = string.Empty;

    public string AgencyCode { get; private set; } = string.Empty;

    public int Period { get; private set; }

    public RunStatus Status { get; private set; }

    public string Currency { get; private set; } = string.Empty;

    public DateTimeOffset StartedAt { get; private set; }

    public string StartedBy { get; private set; } = string.Empty;

    /// <summary>How often the run was started again after an interruption.</summary>
    public int Resumptions { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public int Payslips { get; private set; }

    public decimal GrossTotal { get; private set; }

    public decimal NetTotal { get; private set; }

    public decimal EmployerTotal { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string? CancelledBy { get; private set; }

    public string? CancellationReason { get; private set; }

    public uint Version { get; private set; }

    public PayPeriod PayPeriod => PayPeriod.FromNumber(Period);

    public static PayrollRun Start(Guid id, string agencyCode, PayPeriod period, int attempt, string currency, string by, DateTimeOffset now) => new()
    {
        Id = id,
        Reference = $"PAY-{agencyCode}-{period}-{attempt}",
        AgencyCode = agencyCode,
        Period = period.Number,
        Status = RunStatus.Running,
        Currency = currency,
        StartedAt = now,
        StartedBy = by,
    };

    public void Resume() => Resumptions++;

    public void Complete(int payslips, decimal gross, decimal net, decimal employer, DateTimeOffset now)
    {
        Status = RunStatus.Completed;
        Payslips = payslips;
        GrossTotal = gross;
        NetTotal = net;
        EmployerTotal = employer;
        CompletedAt = now;
    }

    /// <summary>Cancels a run (its payslips stop counting as paid); false when it was cancelled already.</summary>
    public bool Cancel(string reason, string by, DateTimeOffset now)
    {
        if (Status == RunStatus.Cancelled)
        {
            return false;
        }

        Status = RunStatus.Cancelled;
        CancelledAt = now;
        CancelledBy = by;
        CancellationReason = reason.Trim();
        return true;
    }
}

/// <summary>
/// One employee's pay for one period in one run. <see cref="Live"/> while the run is not cancelled: a unique index on
/// (employee, period) over live payslips is what makes paying anyone twice for a period impossible.
/// </summary>
internal sealed class Payslip
{
    private Payslip()
    {
    }

    public Guid Id { get; init; }

    public Guid RunId { get; init; }

    public Guid EmployeeId { get; init; }

    public string EmployeeNumber { get; init; } = string.Empty;

    public string EmployeeName { get; init; } = string.Empty;

    public string AgencyCode { get; init; } = string.Empty;

    public int Period { get; init; }

    /// <summary><c>PAY-PSC-2026-11-1/E-3003</c>: the reference the signed payslip document carries.</summary>
    public string Reference { get; init; } = string.Empty;

    public bool Live { get; private set; } = true;

    public string PositionTitle { get; init; } = string.Empty;

    public string Grade { get; init; } = string.Empty;

    public string Currency { get; init; } = string.Empty;

    public int DaysPaid { get; init; }

    public int DaysInPeriod { get; init; }

    public decimal Basic { get; init; }

    public decimal Gross { get; init; }

    public decimal Deductions { get; init; }

    public decimal Net { get; init; }

    public decimal EmployerCost { get; init; }

    /// <summary>The lines as JSON (<see cref="PayLine"/>s).</summary>
    public string Lines { get; init; } = "[]";

    /// <summary>Arrears paid with this payslip, by period number, as JSON.</summary>
    public string Arrears { get; init; } = "{}";

    /// <summary>The IBAN paid to, sealed with the agency's data key (context: the payslip id).</summary>
    public byte[] BankAccount { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    internal static Payslip Create(Guid id, PayrollRun run, Guid employeeId, string number, string name, string title, string grade, PayResult pay, string linesJson, string arrearsJson, byte[] bankAccount, DateTimeOffset now) => new()
    {
        Id = id,
        RunId = run.Id,
        EmployeeId = employeeId,
        EmployeeNumber = number,
        EmployeeName = name,
        AgencyCode = run.AgencyCode,
        Period = run.Period,
        Reference = $"{run.Reference}/{number}",
        PositionTitle = title,
        Grade = grade,
        Currency = run.Currency,
        DaysPaid = pay.DaysPaid,
        DaysInPeriod = pay.DaysInPeriod,
        Basic = pay.Basic,
        Gross = pay.Gross,
        Deductions = pay.Deductions,
        Net = pay.Net,
        EmployerCost = pay.EmployerCost,
        Lines = linesJson,
        Arrears = arrearsJson,
        BankAccount = bankAccount,
        CreatedAt = now,
    };
}

/// <summary>A read of sensitive fields by a payroll run (its computation, a bank file): shown to every employee it paid.</summary>
internal sealed class RunRead
{
    public long Id { get; init; }

    public Guid RunId { get; init; }

    public string Actor { get; init; } = string.Empty;

    public string ReaderName { get; init; } = string.Empty;

    public string Purpose { get; init; } = string.Empty;

    public DateTimeOffset At { get; init; }
}

/// <summary>The agency's account the salaries are paid from (the debtor of the bank file).</summary>
internal sealed class AgencyAccount
{
    private AgencyAccount()
    {
    }

    public string AgencyCode { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public string Iban { get; private set; } = string.Empty;

    public string? Bic { get; private set; }

    public static AgencyAccount Create(string agencyCode, string name, string iban, string? bic) =>
        new() { AgencyCode = agencyCode, Name = name, Iban = iban, Bic = bic };

    public void Change(string name, string iban, string? bic)
    {
        Name = name;
        Iban = iban;
        Bic = bic;
    }
}

/// <summary>A year of payroll rules as stored (the JSON of <see cref="PayrollRules"/>).</summary>
internal sealed class RuleSet
{
    public int Year { get; set; }

    public string Content { get; set; } = string.Empty;

    public DateTimeOffset LoadedAt { get; set; }
}
