using EGov.Employees.Contracts;
using EGov.Employees.Domain;
using EGov.Employees.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Employees.Features.Establishment;

internal sealed record CreatePositionRequest(string? Department, string? Title, string? Grade, StaffFunction? Function, bool? Funded, Guid? ReportsTo);

/// <summary>The agency's establishment: positions, with or without a holder.</summary>
internal static class PositionEndpoints
{
    public const string CreateScope = "g2e.positions.create";

    public static void Map(RouteGroupBuilder module)
    {
        var positions = module.MapGroup("/positions");
        positions.MapPost("/", CreateAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.HrOfficer))
            .WithName("CreatePosition")
            .WithSummary("Create a position")
            .WithDescription("Adds a post to the establishment of the caller's agency (from the token), vacant until someone is assigned to it. " +
                "`grade` is a grade of the salary scale (G1 to G12); `reportsTo` is a position of the same agency whose holder manages this one. " +
                "Requires an `Idempotency-Key` header: a repeat answers the same position.")
            .Produces<PositionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        positions.MapGet("/", ListAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.HrOfficer, PlatformRoles.PayrollOfficer))
            .WithName("ListPositions")
            .WithSummary("Positions of my agency")
            .WithDescription("The establishment of the caller's agency, by department and title, with the holder of today; `vacant=true` lists vacant posts only. Paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        positions.MapGet("/{id:guid}", GetAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.HrOfficer, PlatformRoles.PayrollOfficer))
            .WithName("GetPosition")
            .WithSummary("A position")
            .WithDescription("A position of the caller's agency with today's holder; another agency's position answers 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static CreatePositionRequest Canonical(CreatePositionRequest r) =>
        r with { Department = r.Department?.Trim(), Title = r.Title?.Trim(), Grade = r.Grade?.Trim().ToUpperInvariant() };

    private static readonly string[] Grades = [.. Enumerable.Range(1, 12).Select(i => $"G{i}")];

    private static async Task<IResult> CreateAsync(
        CreatePositionRequest request, [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey, HttpContext http,
        EmployeesDb db, ICurrentUser user, Creates creates, TimeProvider clock, CancellationToken ct)
    {
        if (user.OwnAgency() is not { } agency)
        {
            return Problems.Forbidden(Staff.NoAgency);
        }

        var errors = new ValidationErrors();
        var key = IdempotencyKeys.Validate(idempotencyKey, errors);
        if (await creates.ReplayAsync(CreateScope, key, Canonical(request), http, ct) is { } replay)
        {
            return replay;
        }

        var department = Inputs.Text(request.Department, "department", Position.MaxDepartmentLength, errors);
        var title = Inputs.Text(request.Title, "title", Position.MaxTitleLength, errors);
        var grade = Inputs.Text(request.Grade, "grade", 10, errors)?.ToUpperInvariant();
        if (grade is not null && !Grades.Contains(grade))
        {
            errors.Add("grade", "'grade' is one of G1 to G12.");
        }

        if (request.Function is { } f && !Enum.IsDefined(f))
        {
            errors.Add("function", "'function' is not a staff function.");
        }

        if (request.ReportsTo is { } boss && !await db.Positions.AnyAsync(p => p.Id == boss && p.AgencyCode == agency, ct))
        {
            errors.Add("reportsTo", "'reportsTo' is no position of your agency.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        return await creates.RunAsync(CreateScope, key!, Canonical(request), http, async token =>
        {
            var position = Position.Create(Guid.CreateVersion7(clock.GetUtcNow()), agency, department!, title!, grade!, request.Function ?? StaffFunction.General,
                request.Funded ?? true, request.ReportsTo, clock.GetUtcNow());
            db.Positions.Add(position);
            db.Audit(user, "position.created", "position", position.Id.ToString(), new { position.AgencyCode, position.Department, position.Title, position.Grade, position.Funded }, onBehalfOf: agency);
            await Task.CompletedTask;
            return (PositionResponse.From(position, null), $"/api/g2e/positions/{position.Id}", null);
        }, ct);
    }

    private static async Task<Results<Ok<PagedList<PositionResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery pageQuery, bool? vacant, EmployeesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
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

        var today = Today(clock);
        var query = db.Positions.AsNoTracking().Where(p => p.AgencyCode == agency)
            .Select(p => new
            {
                Position = p,
                Holder = db.Assignments.Where(a => a.PositionId == p.Id && a.Kind != AssignmentKind.Acting && a.From <= today && (a.To == null || a.To >= today))
                    .Join(db.Employees, a => a.EmployeeId, e => e.Id, (a, e) => e.EmployeeNumber).FirstOrDefault(),
            });
        if (vacant is { } v)
        {
            query = v ? query.Where(x => x.Holder == null) : query.Where(x => x.Holder != null);
        }

        var page = await query.OrderBy(x => x.Position.Department).ThenBy(x => x.Position.Title).ThenBy(x => x.Position.Id).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page.Map(x => PositionResponse.From(x.Position, x.Holder)));
    }

    private static async Task<Results<Ok<PositionResponse>, ProblemHttpResult>> GetAsync(Guid id, EmployeesDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var position = await db.Positions.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (position is null || !user.ActsFor(position.AgencyCode))
        {
            return Problems.NotFound($"Your agency has no position {id}.");
        }

        var today = Today(clock);
        var holder = await db.Assignments.Where(a => a.PositionId == id && a.Kind != AssignmentKind.Acting && a.From <= today && (a.To == null || a.To >= today))
            .Join(db.Employees, a => a.EmployeeId, e => e.Id, (a, e) => e.EmployeeNumber).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(PositionResponse.From(position, holder));
    }

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
