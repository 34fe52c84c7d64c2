using EGov.BuildingBlocks.Casework;
using EGov.Employees.Domain;
using EGov.Employees.Features.Establishment;
using EGov.Employees.Leave;
using EGov.Employees.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using LeaveRequest = EGov.Employees.Domain.LeaveRequest;

namespace EGov.Employees.Features.Leave;

internal sealed record LeaveTypeResponse(
    string Code, int Version, string Name, LeaveCategory Category, bool LimitedByBalance, IReadOnlyDictionary<string, int> AllowanceByGrade, int? Allowance,
    int? CarryForwardMaxDays, string? CarryForwardExpiresOn, int MaxWorkingDaysPerRequest)
{
    public static LeaveTypeResponse From(LeaveType t) => new(t.Code, t.Version, t.Policy.Name, t.Policy.Category, t.Policy.LimitedByBalance, t.Policy.AllowanceByGrade,
        t.Policy.Allowance, t.Policy.CarryForward?.MaxDays, t.Policy.CarryForward is { } c ? $"{c.ExpiresMonth:D2}-{c.ExpiresDay:D2}" : null, t.Policy.MaxWorkingDaysPerRequest);
}

/// <summary>A balance from the ledger: allocated + carried forward − taken − expired; <c>available</c> also deducts open requests.</summary>
internal sealed record LeaveBalanceResponse(string Type, int Year, int Allocated, int CarriedForward, int Taken, int Expired, int Balance, int Pending, int Available, bool LimitedByBalance);

internal sealed record LeaveEntryResponse(string Type, LeaveEntryKind Kind, int Days, DateOnly On, Guid? RequestId);

internal sealed record LeaveRequestResponse(
    Guid Id, string Reference, string EmployeeNumber, string Type, DateOnly From, DateOnly To, int WorkingDays, string Status, string? Note,
    DateTimeOffset SubmittedAt, DateOnly DecisionDue, DateTimeOffset? DecidedAt, string? DecisionReason)
{
    public static LeaveRequestResponse Of(LeaveRequest r) => new(r.Id, r.Reference, r.EmployeeNumber, r.TypeCode, r.From, r.To, r.WorkingDays, r.State, r.Note,
        r.SubmittedAt, r.DueDate, r.ClosedAt, r.DecisionReasons);
}

internal sealed record LeaveOverviewResponse(string EmployeeNumber, int Year, IReadOnlyList<LeaveBalanceResponse> Balances, IReadOnlyList<LeaveEntryResponse> Ledger, IReadOnlyList<LeaveRequestResponse> Requests);

/// <summary>One absence on a manager's team calendar: who, when, which type — nothing else (no note, no reason).</summary>
internal sealed record TeamAbsenceResponse(string Name, DateOnly From, DateOnly To, string Type, string TypeName);

internal sealed record RequestLeaveRequest(string? Type, DateOnly? From, DateOnly? To, string? Note);

internal sealed record DecideLeaveRequest(bool? Approve, string? Reason);

internal sealed record AllocateLeaveRequest(int? Year);

internal sealed record AllocationRunResponse(string AgencyCode, int Year, int Employees, int Allocations, int CarriedForward, int Expired);

/// <summary>Leave: types as packages, a ledger per employee, type and year, requests decided by the manager, the team calendar.</summary>
internal static class LeaveEndpoints
{
    public static void Map(RouteGroupBuilder module)
    {
        module.MapGet("/leave/types", ListTypes)
            .RequireAccess(Access.AnyOf(PlatformRoles.Employee, PlatformRoles.HrOfficer))
            .WithName("ListLeaveTypes")
            .WithSummary("Leave types and their policies")
            .WithDescription("The leave types of the platform, each a `g2e-leave-type` package (schema at `/openapi/packages/g2e-leave-type.json`): allowance per year by grade, " +
                "whether requests are limited by the balance, carry-forward cap and expiry (MM-DD of the next year), longest request in working days.")
            .Produces<IReadOnlyList<LeaveTypeResponse>>();

        var me = module.MapGroup("/me").RequireAccess(Access.AnyOf(PlatformRoles.Employee));
        me.MapGet("/leave", MyLeaveAsync)
            .WithName("GetMyLeave")
            .WithSummary("My leave")
            .WithDescription("The caller's balances for `year` (default: this year) from the ledger, the ledger's entries and the caller's requests of that year. 404 when the platform keeps no record for the caller.")
            .Produces<LeaveOverviewResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        me.MapPost("/leave/requests", RequestAsync)
            .WithName("RequestLeave")
            .WithSummary("Ask for leave")
            .WithDescription("Files a request for `type` from `from` to `to` (both days included, one calendar year), for the caller's manager to decide. The working days are counted " +
                "on the platform calendar (weekends and holidays of the agency do not count). Refused with field errors, nothing written, when the dates hold no working day, " +
                "the request is longer than the type allows, it overlaps another open or approved request, or it needs more days than the balance has left after open requests.")
            .Produces<LeaveRequestResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        me.MapPost("/leave/requests/{id:guid}/withdraw", WithdrawAsync)
            .WithName("WithdrawLeaveRequest")
            .WithSummary("Withdraw my leave request")
            .WithDescription("Withdraws an open request of the caller. 409 once it is decided; 404 when it is not the caller's.")
            .Produces<LeaveRequestResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        me.MapGet("/team/leave-requests", TeamRequestsAsync)
            .WithName("ListTeamLeaveRequests")
            .WithSummary("Leave requests waiting for me")
            .WithDescription("Open requests of the employees whose positions report to a position the caller holds today, oldest first.")
            .Produces<IReadOnlyList<LeaveRequestResponse>>();

        me.MapGet("/team/absences", TeamAbsencesAsync)
            .WithName("ListTeamAbsences")
            .WithSummary("Team calendar")
            .WithDescription("Approved absences of the caller's direct reports between `from` (default today) and `to` (default 30 days later; a later `to` is cut to 366 days " +
                "after `from`, a `to` before `from` shows no day): name, dates and leave type only — never a note, a reason or a health detail.")
            .Produces<IReadOnlyList<TeamAbsenceResponse>>();

        module.MapGet("/leave/requests/{id:guid}", GetAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Employee, PlatformRoles.HrOfficer))
            .WithName("GetLeaveRequest")
            .WithSummary("A leave request")
            .WithDescription("For the employee, their manager and HR of the employee's agency; anyone else: 404.")
            .Produces<LeaveRequestResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        module.MapPost("/leave/requests/{id:guid}/decision", DecideAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Employee, PlatformRoles.HrOfficer))
            .WithName("DecideLeaveRequest")
            .WithSummary("Approve or refuse a leave request")
            .WithDescription("The employee's manager (today's holder of the position the employee's position reports to; HR of the agency when it reports to none) approves " +
                "(`approve=true`, optional `reason`) or refuses (`approve=false`, `reason` required). Approval books the working days on the ledger; 409 when the balance no longer " +
                "covers them or the request is decided already. Others who may see the request: 403; anyone else: 404.")
            .Produces<LeaveRequestResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        module.MapPost("/leave/allocations", AllocateAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.HrOfficer))
            .WithName("AllocateLeave")
            .WithSummary("Open a leave year")
            .WithDescription("For every employee of the caller's agency in post during `year`: the year's allowance of each type by the grade held (on 1 January, or on the first day " +
                "in post), the days carried forward from the year before (up to the type's cap), and, once the expiry day has passed, the carried-forward days left unused by then as expired. " +
                "Each entry is written once: running it again writes only what became due.")
            .Produces<AllocationRunResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        module.MapGet("/employees/{id:guid}/leave", EmployeeLeaveAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.HrOfficer))
            .WithName("GetEmployeeLeave")
            .WithSummary("An employee's leave")
            .WithDescription("Balances, ledger and requests of `year` (default: this year) of an employee of HR's agency; another agency's employee: 404.")
            .Produces<LeaveOverviewResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Ok<List<LeaveTypeResponse>> ListTypes(LeaveTypes types) => TypedResults.Ok(types.All.Select(LeaveTypeResponse.From).ToList());

    private static int? Year(int? year, LeaveBook book, ValidationErrors errors)
    {
        var value = year ?? book.Today.Year;
        if (value < 2000 || value > 2100)
        {
            errors.Add("year", "'year' is from 2000 to 2100.");
            return null;
        }

        return value;
    }

    private static async Task<LeaveOverviewResponse> OverviewAsync(Employee employee, int year, EmployeesDb db, LeaveBook book, LeaveTypes types, CancellationToken ct)
    {
        var balances = await book.BalancesAsync(employee.Id, year, ct);
        var ledger = await db.LeaveEntries.AsNoTracking().Where(e => e.EmployeeId == employee.Id && e.Year == year).OrderBy(e => e.On).ThenBy(e => e.Id).ToListAsync(ct);
        var requests = await db.LeaveRequests.AsNoTracking().Where(r => r.EmployeeId == employee.Id && r.From.Year == year).OrderBy(r => r.From).ToListAsync(ct);
        return new LeaveOverviewResponse(employee.EmployeeNumber, year,
            balances.Select(b => new LeaveBalanceResponse(b.TypeCode, b.Year, b.Allocated, b.CarriedForward, b.Taken, b.Expired, b.Balance, b.Pending, b.Available,
                types.Find(b.TypeCode)!.Policy.LimitedByBalance)).ToList(),
            ledger.Select(e => new LeaveEntryResponse(e.TypeCode, e.Kind, e.Days, e.On, e.RequestId)).ToList(),
            requests.Select(LeaveRequestResponse.Of).ToList());
    }

    private static async Task<Results<Ok<LeaveOverviewResponse>, ValidationProblem, ProblemHttpResult>> MyLeaveAsync(
        [System.ComponentModel.DataAnnotations.Range(2000, 2100)] int? year, PersonnelRecords records, EmployeesDb db, LeaveBook book, LeaveTypes types, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var y = Year(year, book, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await records.MineAsync(ct) is not { } employee)
        {
            return Problems.NotFound("The platform keeps no personnel record for you.");
        }

        return TypedResults.Ok(await OverviewAsync(employee, y!.Value, db, book, types, ct));
    }

    private static async Task<Results<Ok<LeaveOverviewResponse>, ValidationProblem, ProblemHttpResult>> EmployeeLeaveAsync(
        Guid id, [System.ComponentModel.DataAnnotations.Range(2000, 2100)] int? year, ICurrentUser user, PersonnelRecords records, EmployeesDb db, LeaveBook book, LeaveTypes types, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var y = Year(year, book, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await records.FindAsync(id, ct) is not { } employee || !user.IsHrOf(employee.AgencyCode))
        {
            return Problems.NotFound($"Your agency has no employee {id}.");
        }

        return TypedResults.Ok(await OverviewAsync(employee, y!.Value, db, book, types, ct));
    }

    private static async Task<Results<Created<LeaveRequestResponse>, ValidationProblem, ProblemHttpResult>> RequestAsync(
        RequestLeaveRequest request, ICurrentUser user, PersonnelRecords records, EmployeesDb db, LeaveBook book, LeaveTypes types, TimeProvider clock, CancellationToken ct)
    {
        if (await records.MineAsync(ct) is not { } employee)
        {
            return Problems.NotFound("The platform keeps no personnel record for you.");
        }

        var errors = new ValidationErrors();
        var type = types.Find(request.Type);
        if (type is null)
        {
            errors.Add("type", $"'type' is one of {string.Join(", ", types.All.Select(t => t.Code))}.");
        }

        var note = Inputs.Text(request.Note, "note", LeaveRequest.MaxNoteLength, errors, required: false);
        if (request.From is null)
        {
            errors.Add("from", "'from' is required.");
        }

        if (request.To is null)
        {
            errors.Add("to", "'to' is required.");
        }

        if (request.From is not { } from || request.To is not { } to || errors.Any)
        {
            return Problems.Validation(errors);
        }

        var today = book.Today;
        if (to < from)
        {
            errors.Add("to", "'to' is not before 'from'.");
        }
        else if (from.Year != to.Year)
        {
            errors.Add("to", "A request stays within one calendar year: ask for the days of each year separately.");
        }
        else if (from.Year < today.Year - 1 || from.Year > today.Year + 1)
        {
            errors.Add("from", "Leave is asked for last year, this year or next year.");
        }
        else if (employee.SubstantiveOn(from) is null || employee.SubstantiveOn(to) is null)
        {
            errors.Add("from", "You hold no post on all of those days.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var calendar = book.CalendarOf(employee.AgencyCode);
        var days = calendar.Between(from.AddDays(-1), to);
        if (days == 0)
        {
            errors.Add("to", "Those days hold no working day.");
        }
        else if (days > type!.Policy.MaxWorkingDaysPerRequest)
        {
            errors.Add("to", $"A request for {type.Policy.Name} is at most {type.Policy.MaxWorkingDaysPerRequest} working days; this one is {days}.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        // One employee's requests are checked and filed one at a time: two at once cannot both pass the balance.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"g2e.leave:" + employee.Id}))", ct);
        var overlapping = await db.LeaveRequests.AsNoTracking()
            .Where(r => r.EmployeeId == employee.Id && (r.State == LeaveLifecycle.Requested || r.State == LeaveLifecycle.Approved) && r.From <= to && from <= r.To)
            .Select(r => r.Reference).FirstOrDefaultAsync(ct);
        if (overlapping is not null)
        {
            errors.Add("from", $"These days overlap your request {overlapping}.");
        }

        if (type!.Policy.LimitedByBalance)
        {
            var account = await book.AccountAsync(employee.Id, type, from.Year, ct);
            var balance = account.Balance(await book.PendingAsync(employee.Id, type.Code, from.Year, null, ct));
            if (days > balance.Available)
            {
                errors.Add("to", $"This request is {days} working days; your {type.Policy.Name} balance for {from.Year} has {Math.Max(0, balance.Available)} left after open requests.");
            }
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        var reference = await CaseReferences.NextAsync(db, EmployeesModule.Descriptor.Schema, LeaveLifecycle.CaseSequence, "G2E-LV", now, ct);
        var filed = LeaveRequest.File(Guid.CreateVersion7(now), reference, employee, type, from, to, note, calendar, now);
        db.LeaveRequests.Add(filed);
        db.Audit(user, "leave-request.filed", "leave-request", filed.Id.ToString(), new { filed.Reference, filed.TypeCode, filed.From, filed.To, filed.WorkingDays }, onBehalfOf: employee.AgencyCode);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/g2e/leave/requests/{filed.Id}", LeaveRequestResponse.Of(filed));
    }

    private static async Task<Results<Ok<LeaveRequestResponse>, ProblemHttpResult>> WithdrawAsync(
        Guid id, ICurrentUser user, EmployeesDb db, TimeProvider clock, LeaveBook book, CancellationToken ct)
    {
        var request = await db.LeaveRequests.Include(r => r.Timeline).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null || user.EmployeeId is not { Length: > 0 } number || request.EmployeeNumber != number)
        {
            return Problems.NotFound($"You have no leave request {id}.");
        }

        var participant = new CaseParticipant(user.Roles, request.Applicant, user.AgencyId, user.Subject ?? user.Actor);
        var move = request.Take(LeaveLifecycle.Withdraw, participant, null, LeaveLifecycle.Definition, book.CalendarOf(request.AgencyCode), clock.GetUtcNow());
        if (move is not CaseMove.Moved)
        {
            return Problems.Conflict($"Request {request.Reference} is {request.State}: only an open request is withdrawn.");
        }

        db.Audit(user, "leave-request.withdrawn", "leave-request", request.Id.ToString(), new { request.Reference }, onBehalfOf: request.AgencyCode);
        return await SaveAsync(db, request, ct);
    }

    private static async Task<Results<Ok<LeaveRequestResponse>, ProblemHttpResult>> SaveAsync(EmployeesDb db, LeaveRequest request, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict($"Request {request.Reference} changed meanwhile; read it again.");
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict($"Request {request.Reference} is booked already.");
        }

        return TypedResults.Ok(LeaveRequestResponse.Of(request));
    }

    /// <summary>How the caller stands to a request: its employee, its decider, HR who may read it, or nobody (null).</summary>
    private enum Standing
    {
        Employee,
        Decider,
        Reader,
    }

    private static async Task<Standing?> StandingAsync(LeaveRequest request, ICurrentUser user, EmployeesDb db, PersonnelRecords records, LeaveBook book, CancellationToken ct)
    {
        var number = user.EmployeeId is { Length: > 0 } n ? n : null;
        if (number == request.EmployeeNumber)
        {
            return Standing.Employee;
        }

        var employee = await records.FindAsync(request.EmployeeId, ct);
        if (employee is null)
        {
            return null;
        }

        var managers = await LeaveDeciders.ManagersOfAsync(db, employee, book.Today, ct);
        var hr = user.IsHrOf(request.AgencyCode);
        if ((number is not null && managers.Contains(number)) || (managers.Count == 0 && hr))
        {
            return Standing.Decider;
        }

        return hr ? Standing.Reader : null;
    }

    private static async Task<Results<Ok<LeaveRequestResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ICurrentUser user, EmployeesDb db, PersonnelRecords records, LeaveBook book, CancellationToken ct)
    {
        var request = await db.LeaveRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null || await StandingAsync(request, user, db, records, book, ct) is null)
        {
            return Problems.NotFound($"You have no leave request {id} to see.");
        }

        return TypedResults.Ok(LeaveRequestResponse.Of(request));
    }

    private static async Task<Results<Ok<LeaveRequestResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, DecideLeaveRequest decision, ICurrentUser user, EmployeesDb db, PersonnelRecords records, LeaveBook book, LeaveTypes types, TimeProvider clock, CancellationToken ct)
    {
        var request = await db.LeaveRequests.Include(r => r.Timeline).SingleOrDefaultAsync(r => r.Id == id, ct);
        var standing = request is null ? null : await StandingAsync(request, user, db, records, book, ct);
        if (request is null || standing is null)
        {
            return Problems.NotFound($"You have no leave request {id} to see.");
        }

        if (standing != Standing.Decider)
        {
            return Problems.Forbidden("Only the employee's manager decides this request.");
        }

        var errors = new ValidationErrors();
        if (decision.Approve is null)
        {
            errors.Add("approve", "'approve' is true or false.");
        }

        var reason = Inputs.Text(decision.Reason, "reason", CaseRecord.MaxMessageLength, errors, required: decision.Approve == false);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        var calendar = book.CalendarOf(request.AgencyCode);

        // The manager acts as staff of the request's agency: the lifecycle's agency-staff relation, with the manager check above.
        var participant = new CaseParticipant(user.Roles, null, request.AgencyCode, user.Subject ?? user.Actor);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"g2e.leave:" + request.EmployeeId}))", ct);
        if (decision.Approve == true && request.IsOpen && types.Find(request.TypeCode) is { } type)
        {
            var account = await book.AccountAsync(request.EmployeeId, type, request.From.Year, ct);
            var balance = account.Balance(await book.PendingAsync(request.EmployeeId, type.Code, request.From.Year, request.Id, ct));
            if (type.Policy.LimitedByBalance && request.WorkingDays > balance.Available)
            {
                return Problems.Conflict($"The {type.Policy.Name} balance has {Math.Max(0, balance.Available)} working days left; request {request.Reference} needs {request.WorkingDays}.");
            }

            var move = request.Take(LeaveLifecycle.Approve, participant, reason, LeaveLifecycle.Definition, calendar, now);
            if (move is not CaseMove.Moved)
            {
                return Problems.Conflict($"Request {request.Reference} is {request.State}: only an open request is decided.");
            }

            account.Take(request, now);
            db.LeaveEntries.AddRange(account.Added);
        }
        else
        {
            var move = request.Take(decision.Approve == true ? LeaveLifecycle.Approve : LeaveLifecycle.Reject, participant, reason, LeaveLifecycle.Definition, calendar, now);
            if (move is not CaseMove.Moved)
            {
                return Problems.Conflict($"Request {request.Reference} is {request.State}: only an open request is decided.");
            }
        }

        db.Audit(user, decision.Approve == true ? "leave-request.approved" : "leave-request.refused", "leave-request", request.Id.ToString(),
            new { request.Reference, request.WorkingDays }, onBehalfOf: request.AgencyCode);
        var saved = await SaveAsync(db, request, ct);
        if (saved.Result is Ok<LeaveRequestResponse>)
        {
            await transaction.CommitAsync(ct);
        }

        return saved.Result switch
        {
            Ok<LeaveRequestResponse> ok => ok,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Saving a decision answers the request or a problem."),
        };
    }

    private static async Task<Ok<List<LeaveRequestResponse>>> TeamRequestsAsync(ICurrentUser user, EmployeesDb db, LeaveBook book, CancellationToken ct)
    {
        if (user.EmployeeId is not { Length: > 0 } number)
        {
            return TypedResults.Ok(new List<LeaveRequestResponse>());
        }

        var reports = await book.DirectReportsAsync(number, ct);
        var open = await db.LeaveRequests.AsNoTracking().Where(r => reports.Contains(r.EmployeeId) && r.ClosedAt == null)
            .OrderBy(r => r.SubmittedAt).Take(500).ToListAsync(ct);
        return TypedResults.Ok(open.Select(LeaveRequestResponse.Of).ToList());
    }

    private static async Task<Ok<List<TeamAbsenceResponse>>> TeamAbsencesAsync(
        DateOnly? from, DateOnly? to, ICurrentUser user, EmployeesDb db, LeaveBook book, LeaveTypes types, CancellationToken ct)
    {
        var start = from ?? book.Today;
        var longest = DateOnly.FromDayNumber(Math.Min(start.DayNumber + 366, DateOnly.MaxValue.DayNumber));
        var end = to ?? DateOnly.FromDayNumber(Math.Min(start.DayNumber + 30, DateOnly.MaxValue.DayNumber));
        if (end > longest)
        {
            end = longest;
        }

        if (end < start)
        {
            return TypedResults.Ok(new List<TeamAbsenceResponse>());
        }

        if (user.EmployeeId is not { Length: > 0 } number)
        {
            return TypedResults.Ok(new List<TeamAbsenceResponse>());
        }

        var reports = await book.DirectReportsAsync(number, ct);
        var absences = await db.LeaveRequests.AsNoTracking()
            .Where(r => reports.Contains(r.EmployeeId) && r.State == LeaveLifecycle.Approved && r.From <= end && start <= r.To)
            .Join(db.Employees, r => r.EmployeeId, e => e.Id, (r, e) => new { r.From, r.To, r.TypeCode, e.GivenName, e.FamilyName, e.PreferredName })
            .OrderBy(x => x.From).Take(1000).ToListAsync(ct);
        return TypedResults.Ok(absences.Select(a => new TeamAbsenceResponse(
            $"{(string.IsNullOrWhiteSpace(a.PreferredName) ? a.GivenName : a.PreferredName)} {a.FamilyName}", a.From, a.To, a.TypeCode,
            types.Find(a.TypeCode)?.Policy.Name ?? a.TypeCode)).ToList());
    }

    private static async Task<Results<Ok<AllocationRunResponse>, ValidationProblem, ProblemHttpResult>> AllocateAsync(
        AllocateLeaveRequest request, ICurrentUser user, EmployeesDb db, LeaveBook book, LeaveTypes types, TimeProvider clock, CancellationToken ct)
    {
        if (user.OwnAgency() is not { } agency)
        {
            return Problems.Forbidden(Staff.NoAgency);
        }

        var errors = new ValidationErrors();
        var today = book.Today;
        if (request.Year is not { } year)
        {
            errors.Add("year", "'year' is required.");
            return Problems.Validation(errors);
        }

        if (year < today.Year - 1 || year > today.Year + 1)
        {
            errors.Add("year", "A leave year is opened for last year, this year or next year.");
            return Problems.Validation(errors);
        }

        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"g2e.leave-year:" + agency}))", ct);
        var employees = await db.Employees.Include(e => e.Assignments)
            .Where(e => e.AgencyCode == agency && e.Assignments.Any(a => a.Kind != AssignmentKind.Acting && a.From <= last && (a.To == null || a.To >= first)))
            .ToListAsync(ct);
        var ids = employees.Select(e => e.Id).ToList();
        var positionIds = employees.SelectMany(e => e.Assignments).Select(a => a.PositionId).Distinct().ToList();
        var positions = await db.Positions.AsNoTracking().Where(p => positionIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var entries = await db.LeaveEntries.Where(e => ids.Contains(e.EmployeeId) && (e.Year == year || e.Year == year - 1)).ToListAsync(ct);
        int allocations = 0, carried = 0, expired = 0;
        foreach (var employee in employees)
        {
            var grade = LeaveBook.GradeOn(employee, positions, year);
            var start = employee.Assignments.Where(a => !a.Acting).Min(a => a.From);
            foreach (var type in types.All)
            {
                var account = new LeaveAccount(employee.Id, type, year, entries);
                var previous = new LeaveAccount(employee.Id, type, year - 1, entries);
                if (grade is not null && account.Allocate(grade, start > first ? start : first, now))
                {
                    allocations++;
                }

                if (account.CarryForwardFrom(previous, now))
                {
                    carried++;
                }

                if (account.Expire(today, now))
                {
                    expired++;
                }

                db.LeaveEntries.AddRange(account.Added);
            }
        }

        db.Audit(user, "leave-year.opened", "leave-year", $"{agency}:{year}", new { allocations, carried, expired }, onBehalfOf: agency);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict("The leave year was changed meanwhile; run it again.");
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new AllocationRunResponse(agency, year, employees.Count, allocations, carried, expired));
    }
}
