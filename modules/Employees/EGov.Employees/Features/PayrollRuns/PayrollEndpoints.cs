using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using EGov.BuildingBlocks.Documents;
using EGov.Employees.Domain;
using EGov.Employees.Payroll;
using EGov.Employees.Persistence;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Employees.Features.PayrollRuns;

internal sealed record StartRunRequest(string? Period);

internal sealed record CancelRunRequest(string? Reason);

/// <summary>The filter of the run list, its rule stated for the OpenAPI document.</summary>
internal sealed class RunFilter
{
    public const string MonthPattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$";

    [FromQuery(Name = "period")]
    [RegularExpression(MonthPattern)]
    [Description("Only runs of this month, yyyy-MM (2000-01 to 2100-12).")]
    public string? Period { get; init; }
}

internal sealed record AccountRequest(string? Name, string? Iban, string? Bic);

internal sealed record AccountResponse(string AgencyCode, string Name, string Iban, string? Bic);

internal sealed record RunResponse(
    Guid Id, string Reference, string AgencyCode, string Period, RunStatus Status, int Payslips, decimal GrossTotal, decimal NetTotal, decimal EmployerTotal,
    string Currency, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, int Resumptions, DateTimeOffset? CancelledAt, string? CancellationReason)
{
    public static RunResponse From(PayrollRun r) => new(r.Id, r.Reference, r.AgencyCode, r.PayPeriod.ToString(), r.Status, r.Payslips, r.GrossTotal, r.NetTotal,
        r.EmployerTotal, r.Currency, r.StartedAt, r.CompletedAt, r.Resumptions, r.CancelledAt, r.CancellationReason);
}

internal sealed record PayslipResponse(
    Guid Id, Guid RunId, string Reference, string Period, bool Live, string EmployeeNumber, string EmployeeName, string PositionTitle, string Grade,
    int DaysPaid, int DaysInPeriod, IReadOnlyList<PayLine> Lines, IReadOnlyDictionary<string, decimal> Arrears, decimal Gross, decimal Deductions,
    decimal Net, decimal EmployerCost, string Currency, string? VerificationCode)
{
    public static PayslipResponse From(Payslip p, string? verificationCode) => new(p.Id, p.RunId, p.Reference, PayPeriod.FromNumber(p.Period).ToString(), p.Live,
        p.EmployeeNumber, p.EmployeeName, p.PositionTitle, p.Grade, p.DaysPaid, p.DaysInPeriod,
        JsonSerializer.Deserialize<List<PayLine>>(p.Lines, PayrollRules.Json) ?? [],
        JsonSerializer.Deserialize<Dictionary<string, decimal>>(p.Arrears) ?? [],
        p.Gross, p.Deductions, p.Net, p.EmployerCost, p.Currency, verificationCode);
}

/// <summary>Payroll runs of the caller's agency: run (idempotent), read, cancel, payslips, bank file; the rules and the paying account.</summary>
internal static class PayrollEndpoints
{
    public const string RunScope = "g2e.payroll-runs.start";

    public static void Map(RouteGroupBuilder module)
    {
        var payroll = module.MapGroup("/payroll");
        var runs = payroll.MapGroup("/runs").RequireAccess(Access.AnyOf(PlatformRoles.PayrollOfficer));
        runs.MapPost("/", StartAsync)
            .WithName("RunPayroll")
            .WithSummary("Run the payroll of my agency for a month")
            .WithDescription("Computes and stores the payslips of every employee the agency employs in `period` (`yyyy-MM`) and answers the completed run (201). " +
                "Idempotent: when the agency's run of the period has completed, 409 with its `runId` and nobody is paid again; a run interrupted " +
                "half-way is resumed (`resumptions` counts it), paying only those not yet paid; a cancelled run may be run again. " +
                "An `Idempotency-Key` header is optional: a repeat with the same key answers as the first request did.")
            .Produces<RunResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        runs.MapGet("/", ListAsync)
            .WithName("ListPayrollRuns")
            .WithSummary("Payroll runs of my agency")
            .WithDescription("Newest period first; `period` (`yyyy-MM`) filters. Paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        runs.MapGet("/{id:guid}", GetAsync)
            .WithName("GetPayrollRun")
            .WithSummary("A payroll run")
            .WithDescription("The run with its totals; another agency's run answers 404.")
            .Produces<RunResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        runs.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelPayrollRun")
            .WithSummary("Cancel a payroll run")
            .WithDescription("Its payslips stop counting as paid and their signed documents are revoked, so the period may be run again. A `reason` is required; " +
                "a cancelled run answers 409.")
            .Produces<RunResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        runs.MapGet("/{id:guid}/payslips", PayslipsAsync)
            .WithName("ListRunPayslips")
            .WithSummary("Payslips of a run")
            .WithDescription("By personnel number. Paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        runs.MapGet("/{id:guid}/bank-file", BankFileAsync)
            .WithName("GetPayrollBankFile")
            .WithSummary("The bank file of a run (ISO 20022 pain.001.001.09)")
            .WithDescription("A credit transfer initiation from the agency's account to every employee with a positive net pay; `NbOfTxs` and `CtrlSum` equal the " +
                "run's count and net total of those payslips. Opening the bank accounts is logged for every employee paid. Only for a completed run " +
                "(409 otherwise) of an agency with a paying account (409 without).")
            .ProducesFile("application/xml", "The pain.001.001.09 document.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        payroll.MapGet("/rules/{year}", RulesAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.PayrollOfficer, PlatformRoles.HrOfficer))
            .WithName("GetPayrollRules")
            .WithSummary("The payroll rules of a year")
            .WithDescription("Salary scale, components, contribution rates and income tax brackets, as loaded from the module's rule files. 404 for a year without rules.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var account = payroll.MapGroup("/account").RequireAccess(Access.AnyOf(PlatformRoles.PayrollOfficer));
        account.MapGet("/", GetAccountAsync)
            .WithName("GetPayrollAccount")
            .WithSummary("My agency's paying account")
            .WithDescription("The account salaries are paid from (the debtor of the bank file); 404 when none is set.")
            .Produces<AccountResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        account.MapPut("/", PutAccountAsync)
            .WithName("SetPayrollAccount")
            .WithSummary("Set my agency's paying account")
            .WithDescription("`name` (up to 140 characters), `iban` (checked: country length and mod-97) and an optional `bic`.")
            .Produces<AccountResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> StartAsync(
        StartRunRequest request, [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey, HttpContext http,
        EmployeesDb db, ICurrentUser user, PayrollEngine engine, TimeProvider clock, Creates creates, CancellationToken ct)
    {
        if (user.OwnAgency() is not { } agency)
        {
            return Problems.Forbidden(Staff.NoAgency);
        }

        var errors = new ValidationErrors();
        var key = idempotencyKey is null ? null : IdempotencyKeys.Validate(idempotencyKey, errors);
        if (!PayPeriod.TryParse(request.Period, out var period))
        {
            errors.Add("period", "'period' is a month, yyyy-MM (2000-01 to 2100-12).");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var idempotent = key is null ? null : new IdempotentRequest(RunScope, user.Actor, key, IdempotencyKeys.Hash(agency + "\n" + period));
        if (idempotent is not null && await IdempotentCreate.ReplayAsync<IResult>(db, idempotent, ct) is { } earlier)
        {
            return earlier is IdempotentOutcome<IResult>.Answered answered
                ? TypedResults.Content(answered.Answer.Body, "application/json", Encoding.UTF8, answered.Answer.StatusCode)
                : Problems.Conflict($"This {IdempotencyKeys.HeaderName} was already used with a different request.");
        }

        var outcome = await engine.RunAsync(agency, period, new RunActor(Actor.Of(user), user.Username ?? user.Actor), ct);
        switch (outcome.Kind)
        {
            case RunOutcomeKind.NoRules:
                return Problems.Validation(errors.Add("period", $"No payroll rules are loaded for {period.Year}."));
            case RunOutcomeKind.InProgress:
                return Problems.Conflict($"A payroll run of {agency} for {period} is in progress; try again when it has finished.");
            case RunOutcomeKind.AlreadyCompleted:
                return Problems.Conflict($"The payroll of {agency} for {period} has run ({outcome.Run!.Reference}): nobody is paid twice. Cancel that run to run the period again.",
                    new Dictionary<string, object?> { ["runId"] = outcome.Run.Id });
        }

        var body = creates.Serialize(RunResponse.From(outcome.Run!));
        var location = $"/api/g2e/payroll/runs/{outcome.Run!.Id}";
        if (idempotent is not null)
        {
            IdempotencyKeys.Remember(db, idempotent.Scope, idempotent.Owner, idempotent.Key, idempotent.RequestHash, StatusCodes.Status201Created, body, location, clock.GetUtcNow());
            await db.TrySaveAsync(ct);
        }

        http.Response.Headers.Location = location;
        return TypedResults.Content(body, "application/json", Encoding.UTF8, StatusCodes.Status201Created);
    }

    private static async Task<Results<Ok<PagedList<RunResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery pageQuery, [AsParameters] RunFilter filterQuery, EmployeesDb db, ICurrentUser user, CancellationToken ct)
    {
        var period = filterQuery.Period;
        if (user.OwnAgency() is not { } agency)
        {
            return Problems.Forbidden(Staff.NoAgency);
        }

        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        PayPeriod filter = default;
        if (period is not null && !PayPeriod.TryParse(period, out filter))
        {
            errors.Add("period", "'period' is a month, yyyy-MM.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.PayrollRuns.AsNoTracking().Where(r => r.AgencyCode == agency);
        if (period is not null)
        {
            var number = filter.Number;
            query = query.Where(r => r.Period == number);
        }

        var page = await query.OrderByDescending(r => r.Period).ThenByDescending(r => r.StartedAt).ThenBy(r => r.Id).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page.Map(RunResponse.From));
    }

    private static async Task<PayrollRun?> OwnRunAsync(Guid id, EmployeesDb db, ICurrentUser user, CancellationToken ct) =>
        await db.PayrollRuns.SingleOrDefaultAsync(r => r.Id == id, ct) is { } run && user.IsPayrollOf(run.AgencyCode) ? run : null;

    private static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetAsync(Guid id, EmployeesDb db, ICurrentUser user, CancellationToken ct) =>
        await OwnRunAsync(id, db, user, ct) is { } run ? TypedResults.Ok(RunResponse.From(run)) : Problems.NotFound($"Your agency has no payroll run {id}.");

    private static async Task<Results<Ok<RunResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        Guid id, CancelRunRequest request, EmployeesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var reason = Establishment.Inputs.Text(request.Reason, "reason", PayrollRun.MaxReasonLength, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await OwnRunAsync(id, db, user, ct) is not { } run)
        {
            return Problems.NotFound($"Your agency has no payroll run {id}.");
        }

        if (run.Status == RunStatus.Running)
        {
            return Problems.Conflict("The run has not finished; run the period again to complete it first.");
        }

        if (!run.Cancel(reason!, user.Actor, clock.GetUtcNow()))
        {
            return Problems.Conflict("The run was cancelled already.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Payslips.Where(p => p.RunId == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Live, false), ct);
        var slipIds = db.Payslips.Where(p => p.RunId == id).Select(p => p.Id);
        foreach (var document in await db.Documents.Where(d => slipIds.Contains(d.CaseId) && d.RevokedAt == null).ToListAsync(ct))
        {
            document.Revoke($"Payroll run {run.Reference} was cancelled: {reason}", user.Actor, clock.GetUtcNow());
        }

        db.Audit(user, "payroll-run.cancelled", "payroll-run", run.Id.ToString(), new { run.Reference, reason }, onBehalfOf: run.AgencyCode);
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The run changed meanwhile; read it again.");
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Ok(RunResponse.From(run));
    }

    private static async Task<Results<Ok<PagedList<PayslipResponse>>, ValidationProblem, ProblemHttpResult>> PayslipsAsync(
        Guid id, [AsParameters] PageQuery pageQuery, EmployeesDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await OwnRunAsync(id, db, user, ct) is null)
        {
            return Problems.NotFound($"Your agency has no payroll run {id}.");
        }

        var page = await db.Payslips.AsNoTracking().Where(p => p.RunId == id).OrderBy(p => p.EmployeeNumber).ThenBy(p => p.Id).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page.Map(p => PayslipResponse.From(p, null)));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> BankFileAsync(
        Guid id, EmployeesDb db, ICurrentUser user, BankFile bankFile, TimeProvider clock, CancellationToken ct)
    {
        if (await OwnRunAsync(id, db, user, ct) is not { } run)
        {
            return Problems.NotFound($"Your agency has no payroll run {id}.");
        }

        if (run.Status != RunStatus.Completed)
        {
            return Problems.Conflict($"The run is {run.Status.ToString().ToLowerInvariant()}: a bank file is made for a completed run only.");
        }

        if (await db.AgencyAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.AgencyCode == run.AgencyCode, ct) is not { } debtor)
        {
            return Problems.Conflict($"Agency {run.AgencyCode} has no paying account: set it with PUT /api/g2e/payroll/account.");
        }

        using var buffer = new MemoryStream();
        await bankFile.WriteAsync(run, debtor, buffer, ct);
        db.RunReads.Add(new RunRead { RunId = run.Id, Actor = user.Actor, ReaderName = user.Username ?? user.Actor, Purpose = "bank file", At = clock.GetUtcNow() });
        db.Audit(user, "payroll-run.bank-file", "payroll-run", run.Id.ToString(), new { run.Reference, bytes = buffer.Length }, onBehalfOf: run.AgencyCode);
        await db.SaveChangesAsync(ct);
        return TypedResults.File(buffer.ToArray(), "application/xml", $"{run.Reference}.xml");
    }

    private static async Task<Results<Ok<PayrollRules>, ProblemHttpResult>> RulesAsync(int year, RuleBook rules, CancellationToken ct) =>
        await rules.ForYearAsync(year, ct) is { } found
            ? TypedResults.Ok(found)
            : Problems.NotFound($"No payroll rules are loaded for {year}.");

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAccountAsync(EmployeesDb db, ICurrentUser user, CancellationToken ct)
    {
        var agency = user.OwnAgency();
        return agency is not null && await db.AgencyAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.AgencyCode == agency, ct) is { } a
            ? TypedResults.Ok(new AccountResponse(a.AgencyCode, a.Name, a.Iban, a.Bic))
            : Problems.NotFound("Your agency has no paying account.");
    }

    private static async Task<Results<Ok<AccountResponse>, ValidationProblem, ProblemHttpResult>> PutAccountAsync(
        AccountRequest request, EmployeesDb db, ICurrentUser user, CancellationToken ct)
    {
        if (user.OwnAgency() is not { } agency)
        {
            return Problems.Forbidden(Staff.NoAgency);
        }

        var errors = new ValidationErrors();
        var name = Establishment.Inputs.Text(request.Name, "name", 140, errors);
        var iban = Establishment.Inputs.Iban(request.Iban, "iban", errors);
        var bic = Establishment.Inputs.Text(request.Bic, "bic", 11, errors, required: false)?.ToUpperInvariant();
        if (bic is not null && (bic.Length is not (8 or 11) || !bic.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add("bic", "'bic' is 8 or 11 letters and digits.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var account = await db.AgencyAccounts.SingleOrDefaultAsync(a => a.AgencyCode == agency, ct);
        if (account is null)
        {
            db.AgencyAccounts.Add(account = AgencyAccount.Create(agency, name!, iban!, bic));
        }
        else
        {
            account.Change(name!, iban!, bic);
        }

        db.Audit(user, "payroll-account.set", "agency-account", agency, new { name, iban = Iban.Mask(iban!) }, onBehalfOf: agency);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new AccountResponse(account.AgencyCode, account.Name, account.Iban, account.Bic));
    }
}
