using EGov.Employees.Contracts;
using EGov.Employees.Domain;
using EGov.Employees.Payroll;
using EGov.Employees.Persistence;
using EGov.Employees.Security;
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

namespace EGov.Employees.Features.Establishment;

internal sealed record HireRequest(
    string? EmployeeNumber, string? GivenName, string? FamilyName, string? WorkPhone, Guid? PositionId, DateOnly? StartDate,
    int? Step, decimal? MonthlySalary, PersonalInput? Personal);

internal sealed record AssignRequest(AssignmentKind? Kind, Guid? PositionId, DateOnly? From, DateOnly? To);

internal sealed record LeaveRequest(DateOnly? LastDay);

internal sealed record SalaryChangeRequest(DateOnly? EffectiveFrom, int? Step, decimal? MonthlyAmount);

internal sealed record ComponentRequest(string? Code, decimal? MonthlyAmount, DateOnly? From, DateOnly? To);

internal sealed record EmployeeListItem(Guid Id, string EmployeeNumber, string GivenName, string FamilyName, DateOnly? LeftOn);

/// <summary>Hiring, moving and letting go: HR of the employee's agency; records read by the employee, HR, payroll and the manager.</summary>
internal static class EmployeeEndpoints
{
    public const string HireScope = "g2e.employees.hire";

    public static void Map(RouteGroupBuilder module)
    {
        var employees = module.MapGroup("/employees");
        employees.MapPost("/", HireAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.HrOfficer))
            .WithName("HireEmployee")
            .WithSummary("Hire an employee into a position")
            .WithDescription("Creates the personnel record and the first assignment to a funded, vacant position of the caller's agency. " +
                "The `personal` fields are sealed with the agency's data key and never answered here; the salary is `monthlySalary`, or the scale's amount " +
                "for the position's grade and `step` (default 1). Requires an `Idempotency-Key` header.")
            .Produces<EmployeeResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        employees.MapGet("/", ListAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.HrOfficer, PlatformRoles.PayrollOfficer))
            .WithName("ListEmployees")
            .WithSummary("Employees of my agency")
            .WithDescription("Names and personnel numbers of the employees whose records the caller's agency keeps, by family name. Paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        employees.MapGet("/{id:guid}", GetAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Employee, PlatformRoles.HrOfficer, PlatformRoles.PayrollOfficer))
            .WithName("GetEmployee")
            .WithSummary("A personnel record")
            .WithDescription("The employee and HR of the employee's agency see everything, sensitive fields included (`view: Full`; the read is audited and " +
                "shown to the employee); payroll officers of the agency see the record without sensitive fields (`Payroll`); the employee's manager " +
                "sees name and position (`Manager`). Anyone else: 404.")
            .Produces<EmployeeResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        employees.MapPost("/{id:guid}/assignments", AssignAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.HrOfficer))
            .WithName("AssignEmployee")
            .WithSummary("Transfer, promote or appoint acting")
            .WithDescription("`Transfer` and `Promotion` move the substantive post from `from` (the current assignment ends the day before; a position of " +
                "another agency moves the record to that agency); `Acting` covers another post from `from` to `to` beside the substantive one. " +
                "Overlapping assignments and positions held by someone else are refused (400). HR of the employee's agency only.")
            .Produces<EmployeeResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        employees.MapPost("/{id:guid}/leaving", LeaveAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.HrOfficer))
            .WithName("RecordLeaving")
            .WithSummary("Record that an employee leaves")
            .WithDescription("Ends every assignment on `lastDay` (the leaver is paid pro rata for that month). HR of the employee's agency only.")
            .Produces<EmployeeResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        employees.MapPost("/{id:guid}/salary", ChangeSalaryAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.HrOfficer))
            .WithName("ChangeSalary")
            .WithSummary("Approve a salary change")
            .WithDescription("A new monthly salary (`monthlyAmount`, or the scale's amount for `step` on the position's grade) from `effectiveFrom`. " +
                "An `effectiveFrom` in a month already paid makes the next payroll run pay the arrears. HR of the employee's agency only.")
            .Produces<SalaryResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        employees.MapPost("/{id:guid}/components", AddComponentAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.PayrollOfficer))
            .WithName("AddPayComponent")
            .WithSummary("Assign a pay component")
            .WithDescription("A component of the year's rules that is paid or deducted per employee (calculation `Assigned`, e.g. `LOAN`, `SPECIAL`), " +
                "with its monthly amount (positive) from `from` to `to`. Payroll officers of the employee's agency only.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> HireAsync(
        HireRequest request, [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey, HttpContext http,
        EmployeesDb db, ICurrentUser user, Creates creates, RecordCipher cipher, RuleBook rules, PersonnelRecords records, TimeProvider clock, CancellationToken ct)
    {
        if (user.OwnAgency() is not { } agency)
        {
            return Problems.Forbidden(Staff.NoAgency);
        }

        var errors = new ValidationErrors();
        var key = IdempotencyKeys.Validate(idempotencyKey, errors);
        if (await creates.ReplayAsync(HireScope, key, request, http, ct) is { } replay)
        {
            return replay;
        }

        var today = PositionEndpoints.Today(clock);
        var number = Inputs.Text(request.EmployeeNumber, "employeeNumber", 20, errors)?.ToUpperInvariant();
        if (number is not null && !(number.Length >= 3 && char.IsAsciiLetterUpper(number[0]) && number.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors.Add("employeeNumber", "'employeeNumber' is 3 to 20 capital letters, digits and hyphens, starting with a letter (E-3003).");
        }

        var given = Inputs.Text(request.GivenName, "givenName", Employee.MaxNameLength, errors);
        var family = Inputs.Text(request.FamilyName, "familyName", Employee.MaxNameLength, errors);
        var phone = Inputs.Phone(request.WorkPhone, "workPhone", errors, required: false);
        var personal = Inputs.Personal(request.Personal, today, errors);
        if (request.StartDate is null)
        {
            errors.Add("startDate", "'startDate' is required.");
        }
        else if (!Inputs.InRange(request.StartDate, "startDate", errors))
        {
            return Problems.Validation(errors);
        }

        var salary = Inputs.Amount(request.MonthlySalary, "monthlySalary", errors, required: false);
        if (request.Step is < 1 or > 30)
        {
            errors.Add("step", "'step' is between 1 and 30.");
        }

        Position? position = null;
        if (request.PositionId is not { } positionId)
        {
            errors.Add("positionId", "'positionId' is required.");
        }
        else
        {
            position = await db.Positions.AsNoTracking().SingleOrDefaultAsync(p => p.Id == positionId && p.AgencyCode == agency, ct);
            if (position is null)
            {
                errors.Add("positionId", "'positionId' is no position of your agency.");
            }
            else if (!position.Funded)
            {
                errors.Add("positionId", "The position is not funded: it cannot be filled.");
            }
            else if (request.StartDate is { } start && await HolderFromAsync(db, position.Id, start, null, ct) is { } holder)
            {
                errors.Add("positionId", $"The position is held by {holder} over those days (overlapping assignment).");
            }
        }

        int? step = null;
        if (salary is null && position is not null && request.StartDate is { } from)
        {
            step = request.Step ?? 1;
            salary = (await rules.ForYearAsync(from.Year, ct))?.ScaleAmount(position.Grade, step.Value);
            if (salary is null)
            {
                errors.Add("step", $"The salary scale of {from.Year} has no step {step} for grade {position.Grade}; give 'monthlySalary'.");
            }
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await db.Employees.AnyAsync(e => e.EmployeeNumber == number, ct))
        {
            return Problems.Conflict($"Employee number {number} is taken.");
        }

        return await creates.RunAsync(HireScope, key!, request, http, async token =>
        {
            var now = clock.GetUtcNow();
            var employee = Employee.Hire(Guid.CreateVersion7(now), number!, given!, family!, phone, position!, request.StartDate!.Value, now);
            employee.Seal(await cipher.SealAsync(agency, personal!, PersonnelRecords.Context(employee.Id), token));
            db.Employees.Add(employee);
            db.SalaryRecords.Add(SalaryRecord.Approve(Guid.CreateVersion7(now), employee.Id, request.StartDate!.Value, step, salary!.Value, now, user.Actor));
            db.Publish(new EmployeeHired(employee.Id, employee.EmployeeNumber, agency, position!.Id, position.Function, request.StartDate!.Value));
            db.Audit(user, "employee.hired", PersonnelRecords.EntityType, employee.Id.ToString(), new { employee.EmployeeNumber, positionId = position.Id, from = request.StartDate }, onBehalfOf: agency);
            return (await records.SummaryAsync(employee, token), $"/api/g2e/employees/{employee.Id}", null);
        }, ct);
    }

    /// <summary>The personnel number of someone else holding <paramref name="positionId"/> substantively between the days, if any.</summary>
    internal static async Task<string?> HolderFromAsync(EmployeesDb db, Guid positionId, DateOnly from, DateOnly? to, CancellationToken ct, Guid? except = null)
    {
        var end = to ?? DateOnly.MaxValue;
        return await db.Assignments.AsNoTracking()
            .Where(a => a.PositionId == positionId && a.Kind != AssignmentKind.Acting && a.From <= end && (a.To == null || a.To >= from) && a.EmployeeId != except)
            .Join(db.Employees, a => a.EmployeeId, e => e.Id, (a, e) => e.EmployeeNumber)
            .FirstOrDefaultAsync(ct);
    }

    private static async Task<Results<Ok<PagedList<EmployeeListItem>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery pageQuery, EmployeesDb db, ICurrentUser user, CancellationToken ct)
    {
        if (user.OwnAgency() is not { } agency)
        {
            return Problems.Forbidden(Staff.NoAgency);
        }

        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var page = await db.Employees.AsNoTracking().Where(e => e.AgencyCode == agency)
            .OrderBy(e => e.FamilyName).ThenBy(e => e.GivenName).ThenBy(e => e.Id)
            .Select(e => new EmployeeListItem(e.Id, e.EmployeeNumber, e.GivenName, e.FamilyName, e.LeftOn))
            .ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<EmployeeResponse>, ProblemHttpResult>> GetAsync(Guid id, PersonnelRecords records, CancellationToken ct)
    {
        var employee = await records.FindAsync(id, ct);
        if (employee is null || await records.ViewOfAsync(employee, ct) is not { } view)
        {
            return Problems.NotFound($"There is no employee {id} whose record you may see.");
        }

        return TypedResults.Ok(await records.ReadAsync(employee, view, "record", ct));
    }

    /// <summary>The employee when the caller is HR of the employee's agency, else null (404).</summary>
    private static async Task<Employee?> AsHrAsync(Guid id, PersonnelRecords records, ICurrentUser user, CancellationToken ct) =>
        await records.FindAsync(id, ct) is { } employee && user.IsHrOf(employee.AgencyCode) ? employee : null;

    private static async Task<Results<Ok<EmployeeResponse>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        Guid id, AssignRequest request, EmployeesDb db, ICurrentUser user, PersonnelRecords records, RecordCipher cipher, TimeProvider clock, CancellationToken ct)
    {
        if (await AsHrAsync(id, records, user, ct) is not { } employee)
        {
            return Problems.NotFound($"Your agency keeps no record of employee {id}.");
        }

        var errors = new ValidationErrors();
        if (request.Kind is not { } kind || !Enum.IsDefined(kind) || kind == AssignmentKind.Hire)
        {
            errors.Add("kind", "'kind' is Transfer, Promotion or Acting.");
        }

        if (request.From is null)
        {
            errors.Add("from", "'from' is required.");
        }

        if (!Inputs.InRange(request.From, "from", errors) | !Inputs.InRange(request.To, "to", errors))
        {
            return Problems.Validation(errors);
        }

        if (request.Kind == AssignmentKind.Acting && (request.To is null || request.To < request.From))
        {
            errors.Add("to", "An acting assignment has a 'to' on or after 'from'.");
        }
        else if (request.Kind is AssignmentKind.Transfer or AssignmentKind.Promotion && request.To is not null)
        {
            errors.Add("to", "A transfer or promotion is open-ended: leave 'to' out.");
        }

        var position = request.PositionId is { } pid ? await db.Positions.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pid, ct) : null;
        if (position is null)
        {
            errors.Add("positionId", "'positionId' is no position.");
        }
        else if (!position.Funded)
        {
            errors.Add("positionId", "The position is not funded: it cannot be filled.");
        }
        else if (request.Kind == AssignmentKind.Promotion && position.AgencyCode != employee.AgencyCode)
        {
            errors.Add("positionId", "A promotion is to a position of the same agency; use a transfer to move agency.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var holders = await db.Assignments.AsNoTracking().Where(a => a.PositionId == position!.Id).ToListAsync(ct);
        var previousAgency = employee.AgencyCode;
        var now = clock.GetUtcNow();
        var outcome = request.Kind == AssignmentKind.Acting
            ? employee.AddActing(position!, request.From!.Value, request.To!.Value, holders, now)
            : employee.Move(position!, request.Kind!.Value, request.From!.Value, holders, now);
        switch (outcome)
        {
            case AssignmentOutcome.OverlapsEmployee:
                return Problems.Validation(errors.Add("from", "The assignment overlaps one the employee already holds."));
            case AssignmentOutcome.PositionTaken:
                return Problems.Validation(errors.Add("positionId", "The position is held by someone else over those days (overlapping assignment)."));
            case AssignmentOutcome.NoCurrentAssignment:
                return Problems.Validation(errors.Add("from", "The employee holds no substantive post on that day."));
            case AssignmentOutcome.NotAfterCurrent:
                return Problems.Validation(errors.Add("from", "'from' is after the start of the current post and before any leaving date."));
        }

        if (employee.AgencyCode != previousAgency)
        {
            // The record now belongs to the new agency: sealed again with that agency's data key.
            var details = await cipher.OpenAsync<SensitiveDetails>(employee.Sensitive, PersonnelRecords.Context(employee.Id), ct);
            employee.Seal(await cipher.SealAsync(employee.AgencyCode, details, PersonnelRecords.Context(employee.Id), ct));
        }

        db.Publish(new EmployeeAssigned(employee.Id, employee.EmployeeNumber, position!.AgencyCode, position.Id, position.Function,
            request.Kind == AssignmentKind.Acting, request.From!.Value, request.To, previousAgency));
        db.Audit(user, "employee.assigned", PersonnelRecords.EntityType, employee.Id.ToString(),
            new { kind = request.Kind.ToString(), positionId = position.Id, request.From, request.To, agency = position.AgencyCode }, onBehalfOf: previousAgency);
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The record changed meanwhile; read it again and retry.");
        }

        return TypedResults.Ok(await records.SummaryAsync(employee, ct));
    }

    private static async Task<Results<Ok<EmployeeResponse>, ValidationProblem, ProblemHttpResult>> LeaveAsync(
        Guid id, LeaveRequest request, EmployeesDb db, ICurrentUser user, PersonnelRecords records, CancellationToken ct)
    {
        if (await AsHrAsync(id, records, user, ct) is not { } employee)
        {
            return Problems.NotFound($"Your agency keeps no record of employee {id}.");
        }

        var errors = new ValidationErrors();
        if (request.LastDay is not { } lastDay)
        {
            return Problems.Validation(errors.Add("lastDay", "'lastDay' is required."));
        }

        if (!Inputs.InRange(lastDay, "lastDay", errors))
        {
            return Problems.Validation(errors);
        }

        switch (employee.Leave(lastDay))
        {
            case AssignmentOutcome.NoCurrentAssignment:
                return Problems.Validation(errors.Add("lastDay", "The employee holds no post on that day, or has left already."));
            case AssignmentOutcome.NotAfterCurrent:
                return Problems.Validation(errors.Add("lastDay", "An assignment begins after that day."));
        }

        db.Publish(new EmployeeLeft(employee.Id, employee.EmployeeNumber, employee.AgencyCode, lastDay));
        db.Audit(user, "employee.left", PersonnelRecords.EntityType, employee.Id.ToString(), new { lastDay }, onBehalfOf: employee.AgencyCode);
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The record changed meanwhile; read it again and retry.");
        }

        return TypedResults.Ok(await records.SummaryAsync(employee, ct));
    }

    private static async Task<Results<Ok<SalaryResponse>, ValidationProblem, ProblemHttpResult>> ChangeSalaryAsync(
        Guid id, SalaryChangeRequest request, EmployeesDb db, ICurrentUser user, PersonnelRecords records, RuleBook rules, TimeProvider clock, CancellationToken ct)
    {
        if (await AsHrAsync(id, records, user, ct) is not { } employee)
        {
            return Problems.NotFound($"Your agency keeps no record of employee {id}.");
        }

        var errors = new ValidationErrors();
        var amount = Inputs.Amount(request.MonthlyAmount, "monthlyAmount", errors, required: false);
        if (request.EffectiveFrom is not { } from)
        {
            return Problems.Validation(errors.Add("effectiveFrom", "'effectiveFrom' is required."));
        }

        if (!Inputs.InRange(from, "effectiveFrom", errors))
        {
            return Problems.Validation(errors);
        }

        var post = employee.SubstantiveOn(from);
        if (post is null)
        {
            errors.Add("effectiveFrom", "The employee holds no post on that day.");
        }

        if (request.Step is < 1 or > 30)
        {
            errors.Add("step", "'step' is between 1 and 30.");
        }
        else if (amount is null && request.Step is null)
        {
            errors.Add("monthlyAmount", "Give 'monthlyAmount' or 'step'.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (amount is null)
        {
            var grade = await db.Positions.Where(p => p.Id == post!.PositionId).Select(p => p.Grade).SingleAsync(ct);
            amount = (await rules.ForYearAsync(from.Year, ct))?.ScaleAmount(grade, request.Step!.Value);
            if (amount is null)
            {
                return Problems.Validation(errors.Add("step", $"The salary scale of {from.Year} has no step {request.Step} for grade {grade}."));
            }
        }

        var record = SalaryRecord.Approve(Guid.CreateVersion7(clock.GetUtcNow()), employee.Id, from, request.MonthlyAmount is null ? request.Step : null, amount!.Value, clock.GetUtcNow(), user.Actor);
        db.SalaryRecords.Add(record);
        db.Audit(user, "employee.salary-changed", PersonnelRecords.EntityType, employee.Id.ToString(), new { effectiveFrom = from, request.Step }, onBehalfOf: employee.AgencyCode);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new SalaryResponse(record.MonthlyAmount, PayrollCurrency.Code, record.Step, record.EffectiveFrom));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> AddComponentAsync(
        Guid id, ComponentRequest request, EmployeesDb db, ICurrentUser user, RuleBook rules, TimeProvider clock, CancellationToken ct)
    {
        var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (employee is null || !user.IsPayrollOf(employee.AgencyCode))
        {
            return Problems.NotFound($"Your agency keeps no record of employee {id}.");
        }

        var errors = new ValidationErrors();
        var code = Inputs.Text(request.Code, "code", 20, errors)?.ToUpperInvariant();
        var amount = Inputs.Amount(request.MonthlyAmount, "monthlyAmount", errors);
        if (request.From is not { } from)
        {
            errors.Add("from", "'from' is required.");
        }
        else if (!Inputs.InRange(from, "from", errors) | !Inputs.InRange(request.To, "to", errors))
        {
            return Problems.Validation(errors);
        }
        else if (request.To is { } to && to < from)
        {
            errors.Add("to", "'to' is on or after 'from'.");
        }
        else if (code is not null && (await rules.ForYearAsync(from.Year, ct))?.Component(code) is not { Calculation: Calculation.Assigned })
        {
            errors.Add("code", $"'{code}' is no component of {from.Year} that is assigned per employee.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        db.EmployeeComponents.Add(EmployeeComponent.Assign(Guid.CreateVersion7(clock.GetUtcNow()), employee.Id, code!, amount!.Value, request.From!.Value, request.To));
        db.Audit(user, "employee.component-assigned", PersonnelRecords.EntityType, employee.Id.ToString(), new { code, request.From, request.To }, onBehalfOf: employee.AgencyCode);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
