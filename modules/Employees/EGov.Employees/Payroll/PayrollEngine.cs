using System.Text.Json;
using EGov.Employees.Contracts;
using EGov.Employees.Domain;
using EGov.Employees.Features.Establishment;
using EGov.Employees.Persistence;
using EGov.Employees.Security;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace EGov.Employees.Payroll;

/// <summary>Settings of payroll runs (section <c>Employees:Payroll</c>).</summary>
internal sealed class PayrollOptions
{
    public const string Section = "Employees:Payroll";

    /// <summary>Employees computed and committed together; an interruption loses at most the batch in flight.</summary>
    public int BatchSize { get; init; } = 5000;
}

internal enum RunOutcomeKind
{
    /// <summary>The run finished now (new, or an interrupted one resumed).</summary>
    Completed,

    /// <summary>The agency's run for the period completed earlier: nothing is paid again.</summary>
    AlreadyCompleted,

    /// <summary>Another run of the same agency and period is going on right now.</summary>
    InProgress,

    /// <summary>No payroll rules are loaded for the period's year.</summary>
    NoRules,
}

internal sealed record RunOutcome(RunOutcomeKind Kind, PayrollRun? Run, bool Resumed = false);

/// <summary>Who starts a run, as the audit trail and the employees' read logs name them.</summary>
internal sealed record RunActor(Actor Actor, string Name);

/// <summary>
/// Runs the payroll of an agency for a period. Idempotent by construction: one live run per agency and period, one
/// live payslip per employee and period (unique indexes), payslips committed batch by batch, and a run started again
/// after an interruption skips everyone who already has a live payslip for the period. A session-level advisory lock
/// keeps two runs of the same agency and period from working at once; a crash releases it with the connection.
/// </summary>
internal sealed class PayrollEngine(EmployeesDb db, RuleBook ruleBook, RecordCipher cipher, TimeProvider clock, IOptions<PayrollOptions> options)
{
    private static readonly JsonSerializerOptions LineJson = PayrollRules.Json;

    /// <summary>Called after each committed batch with the number of payslips written so far in this call (progress; fault injection in tests).</summary>
    public Func<int, CancellationToken, Task>? AfterBatch { get; set; }

    /// <summary>The employer of a period is the agency of the employee's last substantive day in it; that agency pays the whole month.</summary>
    public async Task<RunOutcome> RunAsync(string agencyCode, PayPeriod period, RunActor actor, CancellationToken ct)
    {
        var rules = await ruleBook.ForYearAsync(period.Year, ct);
        if (rules is null)
        {
            return new RunOutcome(RunOutcomeKind.NoRules, null);
        }

        await db.Database.OpenConnectionAsync(ct);
        var lockKey = AdvisoryLockKey.For($"g2e-payroll:{agencyCode}:{period}");
        try
        {
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({lockKey}) AS \"Value\"").SingleAsync(ct);
            if (!locked)
            {
                return new RunOutcome(RunOutcomeKind.InProgress, null);
            }

            try
            {
                return await RunLockedAsync(agencyCode, period, rules, actor, ct);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({lockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<RunOutcome> RunLockedAsync(string agencyCode, PayPeriod period, PayrollRules rules, RunActor actor, CancellationToken ct)
    {
        var number = period.Number;
        var run = await db.PayrollRuns.SingleOrDefaultAsync(r => r.AgencyCode == agencyCode && r.Period == number && r.Status != RunStatus.Cancelled, ct);
        var resumed = run is not null;
        if (run is { Status: RunStatus.Completed })
        {
            return new RunOutcome(RunOutcomeKind.AlreadyCompleted, run);
        }

        var now = clock.GetUtcNow();
        if (run is null)
        {
            var attempt = await db.PayrollRuns.CountAsync(r => r.AgencyCode == agencyCode && r.Period == number, ct) + 1;
            run = PayrollRun.Start(Guid.CreateVersion7(now), agencyCode, period, attempt, rules.Currency, actor.Actor.Id, now);
            db.PayrollRuns.Add(run);
            db.Audit(actor.Actor, "payroll-run.started", "payroll-run", run.Id.ToString(), new { run.Reference, period = period.ToString() }, onBehalfOf: agencyCode);
        }
        else
        {
            run.Resume();
            db.Audit(actor.Actor, "payroll-run.resumed", "payroll-run", run.Id.ToString(), new { run.Reference, resumption = run.Resumptions }, onBehalfOf: agencyCode);
        }

        db.RunReads.Add(new RunRead { RunId = run.Id, Actor = actor.Actor.Id, ReaderName = actor.Name, Purpose = "payroll computation", At = now });
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return new RunOutcome(RunOutcomeKind.InProgress, null);
        }

        await PayAsync(run, period, rules, ct);

        var totals = await db.Payslips.AsNoTracking().Where(p => p.RunId == run.Id)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Gross = g.Sum(p => p.Gross), Net = g.Sum(p => p.Net), Employer = g.Sum(p => p.EmployerCost) })
            .SingleOrDefaultAsync(ct);
        run.Complete(totals?.Count ?? 0, totals?.Gross ?? 0, totals?.Net ?? 0, totals?.Employer ?? 0, clock.GetUtcNow());
        db.Publish(new PayrollRunCompleted(run.Id, agencyCode, period.ToString(), run.Payslips, run.NetTotal, run.Currency));
        db.Audit(actor.Actor, "payroll-run.completed", "payroll-run", run.Id.ToString(), new { run.Reference, run.Payslips, run.NetTotal, run.Currency }, onBehalfOf: agencyCode);
        await db.SaveChangesAsync(ct);
        return new RunOutcome(RunOutcomeKind.Completed, run, resumed);
    }

    private sealed record Post(Guid EmployeeId, Guid PositionId, string AgencyCode, DateOnly From, DateOnly? To);

    private async Task PayAsync(PayrollRun run, PayPeriod period, PayrollRules rules, CancellationToken ct)
    {
        var (start, end, number, agency) = (period.Start, period.End, period.Number, run.AgencyCode);

        // Everyone with a substantive post in the agency during the period, with all their posts in it.
        var posts = await db.Assignments.AsNoTracking()
            .Where(a => a.Kind != AssignmentKind.Acting && a.From <= end && (a.To == null || a.To >= start)
                && db.Assignments.Any(b => b.EmployeeId == a.EmployeeId && b.AgencyCode == agency && b.Kind != AssignmentKind.Acting && b.From <= end && (b.To == null || b.To >= start)))
            .Select(a => new Post(a.EmployeeId, a.PositionId, a.AgencyCode, a.From, a.To))
            .ToListAsync(ct);
        var paid = (await db.Payslips.AsNoTracking().Where(p => p.Period == number && p.Live).Select(p => p.EmployeeId).ToListAsync(ct)).ToHashSet();
        var payees = posts.GroupBy(p => p.EmployeeId)
            .Select(g => (EmployeeId: g.Key, Last: g.OrderByDescending(p => p.From).First()))
            .Where(x => x.Last.AgencyCode == agency && !paid.Contains(x.EmployeeId))
            .OrderBy(x => x.EmployeeId)
            .ToList();
        var positionIds = payees.Select(p => p.Last.PositionId).Distinct().ToList();
        var positions = await db.Positions.AsNoTracking().Where(p => positionIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => (p.Title, p.Grade), ct);
        var postsOf = posts.ToLookup(p => p.EmployeeId);
        var (dataKeyId, dataKey) = await cipher.AgencyKeyAsync(agency, ct);
        var written = 0;
        foreach (var batch in payees.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var ids = batch.Select(b => b.EmployeeId).ToList();
            var people = await db.Employees.AsNoTracking().Where(e => ids.Contains(e.Id))
                .Select(e => new { e.Id, e.EmployeeNumber, e.GivenName, e.FamilyName, e.PreferredName, e.Sensitive })
                .ToDictionaryAsync(e => e.Id, ct);
            var salaries = (await db.SalaryRecords.AsNoTracking().Where(s => ids.Contains(s.EmployeeId) && s.EffectiveFrom <= end)
                .Select(s => new { s.EmployeeId, Step = new SalaryStep(s.EffectiveFrom, s.MonthlyAmount, s.ApprovedAt) })
                .ToListAsync(ct)).ToLookup(s => s.EmployeeId, s => s.Step);
            var assigned = (await db.EmployeeComponents.AsNoTracking()
                .Where(c => ids.Contains(c.EmployeeId) && c.From <= end && (c.To == null || c.To >= start))
                .Select(c => new { c.EmployeeId, Amount = new AssignedAmount(c.Code, c.MonthlyAmount, c.From, c.To) })
                .ToListAsync(ct)).ToLookup(c => c.EmployeeId, c => c.Amount);

            // Arrears: only employees with a salary change approved after it took effect, in an earlier period.
            var late = ids.Where(id => salaries[id].Any(s => s.EffectiveFrom < start && s.ApprovedAt > new DateTimeOffset(s.EffectiveFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))).ToHashSet();
            var lateIds = late.ToList();
            var history = late.Count == 0 ? [] : await db.Payslips.AsNoTracking()
                .Where(p => lateIds.Contains(p.EmployeeId) && p.Live && p.Period < number)
                .Select(p => new { p.EmployeeId, p.Period, p.Basic, p.Arrears })
                .ToListAsync(ct);
            var historyOf = history.ToLookup(h => h.EmployeeId);
            var lateEmployment = (late.Count == 0 ? [] : await db.Assignments.AsNoTracking()
                .Where(a => lateIds.Contains(a.EmployeeId) && a.Kind != AssignmentKind.Acting)
                .Select(a => new Post(a.EmployeeId, a.PositionId, a.AgencyCode, a.From, a.To)).ToListAsync(ct)).ToLookup(p => p.EmployeeId);

            var now = clock.GetUtcNow();
            var slips = new List<Payslip>(batch.Length);
            foreach (var (employeeId, last) in batch)
            {
                var person = people[employeeId];
                var isLate = late.Contains(employeeId);
                var employment = (isLate ? lateEmployment[employeeId] : postsOf[employeeId])
                    .Select(p => new DayRange(p.From, p.To ?? DateOnly.MaxValue)).ToList();
                var facts = new PayFacts(employment, [.. salaries[employeeId]], [.. assigned[employeeId]],
                    isLate ? PaidFor(historyOf[employeeId].Select(h => (h.Period, h.Basic, h.Arrears))) : new Dictionary<int, decimal>());
                var pay = PayCalculator.Compute(facts, rules, period);
                var details = RecordCipher.OpenWith<SensitiveDetails>(await cipher.KeyAsync(RecordCipher.KeyIdOf(person.Sensitive), ct), person.Sensitive, PersonnelRecords.Context(employeeId));
                var slipId = Guid.CreateVersion7(now);
                var name = string.IsNullOrWhiteSpace(person.PreferredName) ? $"{person.GivenName} {person.FamilyName}" : $"{person.PreferredName} {person.FamilyName}";
                var (title, grade) = positions[last.PositionId];
                slips.Add(Payslip.Create(slipId, run, employeeId, person.EmployeeNumber, name, title, grade, pay,
                    JsonSerializer.Serialize(pay.Lines, LineJson),
                    JsonSerializer.Serialize(pay.Arrears.ToDictionary(a => PayPeriod.FromNumber(a.Key).ToString(), a => a.Value)),
                    RecordCipher.SealWith(dataKeyId, dataKey, details.Iban, PayslipContext(slipId)), now));
            }

            await WriteAsync(slips, ct);
            written += slips.Count;
            if (AfterBatch is { } after)
            {
                await after(written, ct);
            }
        }
    }

    public static string PayslipContext(Guid payslipId) => $"g2e.payslip:{payslipId}";

    /// <summary>What was paid of the basic for each period: its payslip's basic plus arrears paid for it by later payslips.</summary>
    internal static Dictionary<int, decimal> PaidFor(IEnumerable<(int Period, decimal Basic, string Arrears)> payslips)
    {
        var list = payslips.ToList();
        var paid = list.GroupBy(p => p.Period).ToDictionary(g => g.Key, g => g.Sum(p => p.Basic));
        foreach (var (_, _, arrears) in list)
        {
            foreach (var (periodText, amount) in JsonSerializer.Deserialize<Dictionary<string, decimal>>(arrears) ?? [])
            {
                if (PayPeriod.TryParse(periodText, out var p) && paid.ContainsKey(p.Number))
                {
                    paid[p.Number] += amount;
                }
            }
        }

        return paid;
    }

    /// <summary>One batch in one transaction, by binary COPY: all of it or none of it (the unique index refuses a second live payslip).</summary>
    private async Task WriteAsync(IReadOnlyList<Payslip> slips, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY g2e.payslips (id, run_id, employee_id, employee_number, employee_name, agency_code, period, reference, live, position_title, grade, currency, " +
            "days_paid, days_in_period, basic, gross, deductions, net, employer_cost, lines, arrears, bank_account, created_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var s in slips)
            {
                await copy.StartRowAsync(ct);
                copy.Write(s.Id, NpgsqlDbType.Uuid);
                copy.Write(s.RunId, NpgsqlDbType.Uuid);
                copy.Write(s.EmployeeId, NpgsqlDbType.Uuid);
                copy.Write(s.EmployeeNumber, NpgsqlDbType.Varchar);
                copy.Write(s.EmployeeName, NpgsqlDbType.Varchar);
                copy.Write(s.AgencyCode, NpgsqlDbType.Varchar);
                copy.Write(s.Period, NpgsqlDbType.Integer);
                copy.Write(s.Reference, NpgsqlDbType.Varchar);
                copy.Write(true, NpgsqlDbType.Boolean);
                copy.Write(s.PositionTitle, NpgsqlDbType.Varchar);
                copy.Write(s.Grade, NpgsqlDbType.Varchar);
                copy.Write(s.Currency, NpgsqlDbType.Varchar);
                copy.Write(s.DaysPaid, NpgsqlDbType.Integer);
                copy.Write(s.DaysInPeriod, NpgsqlDbType.Integer);
                copy.Write(s.Basic, NpgsqlDbType.Numeric);
                copy.Write(s.Gross, NpgsqlDbType.Numeric);
                copy.Write(s.Deductions, NpgsqlDbType.Numeric);
                copy.Write(s.Net, NpgsqlDbType.Numeric);
                copy.Write(s.EmployerCost, NpgsqlDbType.Numeric);
                copy.Write(s.Lines, NpgsqlDbType.Jsonb);
                copy.Write(s.Arrears, NpgsqlDbType.Jsonb);
                copy.Write(s.BankAccount, NpgsqlDbType.Bytea);
                copy.Write(s.CreatedAt, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }
}
