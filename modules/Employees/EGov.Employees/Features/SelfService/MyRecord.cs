using System.Text.Json;
using EGov.Employees.Domain;
using EGov.Employees.Features.Establishment;
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

namespace EGov.Employees.Features.SelfService;

internal sealed record EditMyRecordRequest(string? PreferredName, string? WorkPhone);

/// <summary>One read of the caller's sensitive fields: who, in which role, when, for what.</summary>
internal sealed record RecordReadResponse(DateTimeOffset At, string Reader, string Role, string Purpose);

internal sealed record ChangeRequestInput(ChangeField? Field, AddressInput? Address, string? Iban, ContactInput? EmergencyContact);

/// <summary>A request as listed: the new value is never shown here (it is sealed; HR sees it when deciding).</summary>
internal sealed record ChangeRequestResponse(Guid Id, Guid EmployeeId, ChangeField Field, ChangeStatus Status, DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? Reason)
{
    public static ChangeRequestResponse From(ChangeRequest c) => new(c.Id, c.EmployeeId, c.Field, c.Status, c.RequestedAt, c.DecidedAt, c.Reason);
}

/// <summary>A pending request with its new value, for HR deciding it (the opening is audited like a record read).</summary>
internal sealed record ChangeRequestDetail(ChangeRequestResponse Request, string EmployeeNumber, PostalAddress? Address, string? Iban, EmergencyContact? EmergencyContact);

internal sealed record DecideChangeRequest(bool? Approve, string? Reason);

/// <summary>The employee's own record: read (audited like any read), contact fields edited, sensitive fields by request to HR.</summary>
internal static class MyRecord
{
    public const string RequestScope = "g2e.change-requests.file";

    public static void Map(RouteGroupBuilder module)
    {
        var me = module.MapGroup("/me").RequireAccess(Access.AnyOf(PlatformRoles.Employee));
        me.MapGet("/record", GetAsync)
            .WithName("GetMyRecord")
            .WithSummary("My personnel record")
            .WithDescription("The caller's record (by the `employee_id` claim), sensitive fields included; the read is audited like HR's. 404 when the platform keeps no record for the caller.")
            .Produces<EmployeeResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        me.MapPatch("/record", EditAsync)
            .WithName("EditMyRecord")
            .WithSummary("Edit my contact fields")
            .WithDescription("Sets the non-sensitive fields an employee keeps themselves (`preferredName`, `workPhone`; empty clears) and answers the record without its sensitive fields. Sensitive fields change by a request to HR (`POST /me/change-requests`).")
            .Produces<EmployeeResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        me.MapGet("/record/reads", ReadsAsync)
            .WithName("ListMyRecordReads")
            .WithSummary("Who read my record")
            .WithDescription("Every opening of the caller's sensitive fields, newest first: reads of the record (by the employee, HR) and the payroll runs " +
                "and bank files that used the bank account. Paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        me.MapPost("/change-requests", FileRequestAsync)
            .WithName("RequestRecordChange")
            .WithSummary("Ask HR to change a sensitive field")
            .WithDescription("A new `address`, bank account (`iban`, checked) or `emergencyContact`, for HR of the caller's agency to approve. The value is sealed " +
                "like the record and not answered. Requires an `Idempotency-Key` header.")
            .Produces<ChangeRequestResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        me.MapGet("/change-requests", MyRequestsAsync)
            .WithName("ListMyChangeRequests")
            .WithSummary("My change requests")
            .WithDescription("The caller's requests, newest first. Paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var hr = module.MapGroup("/change-requests").RequireAccess(Access.AnyOf(PlatformRoles.HrOfficer));
        hr.MapGet("/", PendingAsync)
            .WithName("ListPendingChangeRequests")
            .WithSummary("Change requests waiting for my agency")
            .WithDescription("Pending requests of employees of the caller's agency, oldest first. Paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        hr.MapGet("/{id:guid}", GetRequestAsync)
            .WithName("GetChangeRequest")
            .WithSummary("A change request with its new value")
            .WithDescription("HR of the employee's agency only (others: 404); opening the value is audited as a read of the employee's record.")
            .Produces<ChangeRequestDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        hr.MapPost("/{id:guid}/decision", DecideAsync)
            .WithName("DecideChangeRequest")
            .WithSummary("Approve or reject a change request")
            .WithDescription("`approve: true` applies the new value to the sealed record; `false` rejects it (a `reason` is then required). Once only: a decided request answers 409.")
            .Produces<ChangeRequestResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static string NoRecord => "The platform keeps no personnel record for you (claim employee_id).";

    private static async Task<Results<Ok<EmployeeResponse>, ProblemHttpResult>> GetAsync(PersonnelRecords records, CancellationToken ct) =>
        await records.MineAsync(ct) is { } employee
            ? TypedResults.Ok(await records.ReadAsync(employee, RecordView.Full, "self-service", ct))
            : Problems.NotFound(NoRecord);

    private static async Task<Results<Ok<EmployeeResponse>, ValidationProblem, ProblemHttpResult>> EditAsync(
        EditMyRecordRequest request, EmployeesDb db, ICurrentUser user, PersonnelRecords records, CancellationToken ct)
    {
        if (await records.MineAsync(ct) is not { } employee)
        {
            return Problems.NotFound(NoRecord);
        }

        var errors = new ValidationErrors();
        var name = Inputs.Text(request.PreferredName, "preferredName", Employee.MaxNameLength, errors, required: false);
        var phone = Inputs.Phone(request.WorkPhone, "workPhone", errors, required: false);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        employee.EditContact(name, phone);
        db.Audit(user, "employee.contact-edited", PersonnelRecords.EntityType, employee.Id.ToString(), null, onBehalfOf: employee.AgencyCode);
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("Your record changed meanwhile; try again.");
        }

        return TypedResults.Ok(await records.SummaryAsync(employee, ct));
    }

    private static async Task<Results<Ok<PagedList<RecordReadResponse>>, ValidationProblem, ProblemHttpResult>> ReadsAsync(
        [AsParameters] PageQuery pageQuery, EmployeesDb db, PersonnelRecords records, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await records.MineAsync(ct) is not { } employee)
        {
            return Problems.NotFound(NoRecord);
        }

        var id = employee.Id.ToString();
        var direct = await db.AuditRecords.AsNoTracking()
            .Where(a => a.EntityType == PersonnelRecords.EntityType && a.EntityId == id && a.Action == PersonnelRecords.ReadAction)
            .Select(a => new { a.OccurredAt, a.Details })
            .ToListAsync(ct);
        var byRuns = await db.RunReads.AsNoTracking()
            .Where(r => db.Payslips.Any(p => p.RunId == r.RunId && p.EmployeeId == employee.Id))
            .Join(db.PayrollRuns, r => r.RunId, run => run.Id, (r, run) => new { r.At, r.ReaderName, r.Purpose, run.Reference })
            .ToListAsync(ct);
        var all = direct.Select(d =>
            {
                using var details = JsonDocument.Parse(d.Details ?? "{}");
                string Get(string name) => details.RootElement.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
                return new RecordReadResponse(d.OccurredAt, Get("reader"), Get("role"), Get("purpose"));
            })
            .Concat(byRuns.Select(r => new RecordReadResponse(r.At, r.ReaderName, "payroll-officer", $"{r.Purpose} {r.Reference}")))
            .OrderByDescending(r => r.At)
            .ToList();
        return TypedResults.Ok(new PagedList<RecordReadResponse>(all.Skip(paging.Offset).Take(paging.PageSize).ToList(), all.Count, paging.Page, paging.PageSize));
    }

    private static async Task<IResult> FileRequestAsync(
        ChangeRequestInput request, [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey, HttpContext http,
        EmployeesDb db, ICurrentUser user, PersonnelRecords records, RecordCipher cipher, Creates creates, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var key = IdempotencyKeys.Validate(idempotencyKey, errors);
        object? value = null;
        switch (request.Field)
        {
            case ChangeField.Address:
                value = Inputs.Address(request.Address, "address", errors);
                break;
            case ChangeField.BankAccount:
                value = Inputs.Iban(request.Iban, "iban", errors);
                break;
            case ChangeField.EmergencyContact:
                value = Inputs.Contact(request.EmergencyContact, "emergencyContact", errors);
                break;
            default:
                errors.Add("field", "'field' is Address, BankAccount or EmergencyContact.");
                break;
        }

        var others = new (ChangeField Field, object? Given, string Name)[]
        {
            (ChangeField.Address, request.Address, "address"), (ChangeField.BankAccount, request.Iban, "iban"), (ChangeField.EmergencyContact, request.EmergencyContact, "emergencyContact"),
        };
        foreach (var (field, given, name) in others.Where(o => o.Field != request.Field && o.Given is not null))
        {
            errors.Add(name, $"'{name}' does not belong to a request for {request.Field?.ToString() ?? "no field"}.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        // The canonical request for the key hash is the sealed-free form: the field and a hash of the value.
        var canonical = new { field = request.Field.ToString(), value = IdempotencyKeys.Hash(JsonSerializer.Serialize(value)) };
        if (await creates.ReplayAsync(RequestScope, key, canonical, http, ct) is { } replay)
        {
            return replay;
        }

        if (await records.MineAsync(ct) is not { } employee)
        {
            return Problems.NotFound(NoRecord);
        }

        return await creates.RunAsync(RequestScope, key!, canonical, http, async token =>
        {
            var filed = ChangeRequest.File(Guid.CreateVersion7(clock.GetUtcNow()), employee, request.Field!.Value, clock.GetUtcNow());
            filed.Seal(await cipher.SealAsync(employee.AgencyCode, value, ChangeContext(filed.Id), token));
            db.ChangeRequests.Add(filed);
            db.Audit(user, "change-request.filed", "change-request", filed.Id.ToString(), new { field = filed.Field.ToString(), employeeId = employee.Id }, onBehalfOf: employee.AgencyCode);
            return (ChangeRequestResponse.From(filed), $"/api/g2e/me/change-requests/{filed.Id}", null);
        }, ct);
    }

    public static string ChangeContext(Guid requestId) => $"g2e.change-request:{requestId}";

    private static async Task<Results<Ok<PagedList<ChangeRequestResponse>>, ValidationProblem, ProblemHttpResult>> MyRequestsAsync(
        [AsParameters] PageQuery pageQuery, EmployeesDb db, PersonnelRecords records, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await records.MineAsync(ct) is not { } employee)
        {
            return Problems.NotFound(NoRecord);
        }

        var page = await db.ChangeRequests.AsNoTracking().Where(c => c.EmployeeId == employee.Id)
            .OrderByDescending(c => c.RequestedAt).ThenBy(c => c.Id).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page.Map(ChangeRequestResponse.From));
    }

    private static async Task<Results<Ok<PagedList<ChangeRequestResponse>>, ValidationProblem, ProblemHttpResult>> PendingAsync(
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

        var page = await db.ChangeRequests.AsNoTracking().Where(c => c.AgencyCode == agency && c.Status == ChangeStatus.Pending)
            .OrderBy(c => c.RequestedAt).ThenBy(c => c.Id).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page.Map(ChangeRequestResponse.From));
    }

    private static async Task<(ChangeRequest Request, Employee Employee)?> ForHrAsync(Guid id, EmployeesDb db, ICurrentUser user, CancellationToken ct)
    {
        var request = await db.ChangeRequests.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (request is null)
        {
            return null;
        }

        var employee = await db.Employees.Include(e => e.Assignments).SingleAsync(e => e.Id == request.EmployeeId, ct);
        return user.IsHrOf(employee.AgencyCode) ? (request, employee) : null;
    }

    private static async Task<Results<Ok<ChangeRequestDetail>, ProblemHttpResult>> GetRequestAsync(
        Guid id, EmployeesDb db, ICurrentUser user, RecordCipher cipher, CancellationToken ct)
    {
        if (await ForHrAsync(id, db, user, ct) is not var (request, employee))
        {
            return Problems.NotFound($"Your agency has no change request {id}.");
        }

        var context = ChangeContext(request.Id);
        var detail = new ChangeRequestDetail(ChangeRequestResponse.From(request), employee.EmployeeNumber,
            request.Field == ChangeField.Address ? await cipher.OpenAsync<PostalAddress>(request.Value, context, ct) : null,
            request.Field == ChangeField.BankAccount ? await cipher.OpenAsync<string>(request.Value, context, ct) : null,
            request.Field == ChangeField.EmergencyContact ? await cipher.OpenAsync<EmergencyContact>(request.Value, context, ct) : null);
        db.Audit(user, PersonnelRecords.ReadAction, PersonnelRecords.EntityType, employee.Id.ToString(),
            new { reader = user.Username ?? user.Actor, role = "hr-officer", purpose = "change request", fields = new[] { request.Field.ToString() } }, onBehalfOf: employee.AgencyCode);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(detail);
    }

    private static async Task<Results<Ok<ChangeRequestResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, DecideChangeRequest decision, EmployeesDb db, ICurrentUser user, RecordCipher cipher, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (decision.Approve is null)
        {
            errors.Add("approve", "'approve' is required.");
        }

        var reason = Inputs.Text(decision.Reason, "reason", ChangeRequest.MaxReasonLength, errors, required: decision.Approve == false);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await ForHrAsync(id, db, user, ct) is not var (request, employee))
        {
            return Problems.NotFound($"Your agency has no change request {id}.");
        }

        if (!request.Decide(decision.Approve!.Value, reason, user.Actor, clock.GetUtcNow()))
        {
            return Problems.Conflict($"The request was {request.Status.ToString().ToLowerInvariant()} already.");
        }

        if (request.Status == ChangeStatus.Approved)
        {
            var context = PersonnelRecords.Context(employee.Id);
            var details = await cipher.OpenAsync<SensitiveDetails>(employee.Sensitive, context, ct);
            var changeContext = ChangeContext(request.Id);
            details = request.Field switch
            {
                ChangeField.Address => details with { Address = await cipher.OpenAsync<PostalAddress>(request.Value, changeContext, ct) },
                ChangeField.BankAccount => details with { Iban = await cipher.OpenAsync<string>(request.Value, changeContext, ct) },
                _ => details with { EmergencyContact = await cipher.OpenAsync<EmergencyContact>(request.Value, changeContext, ct) },
            };
            employee.Seal(await cipher.SealAsync(employee.AgencyCode, details, context, ct));
        }

        db.Audit(user, "change-request.decided", "change-request", request.Id.ToString(), new { status = request.Status.ToString(), field = request.Field.ToString(), employeeId = employee.Id }, onBehalfOf: employee.AgencyCode);
        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The request or the record changed meanwhile; read it again.");
        }

        return TypedResults.Ok(ChangeRequestResponse.From(request));
    }
}
