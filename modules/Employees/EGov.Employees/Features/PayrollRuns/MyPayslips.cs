using System.Text.Json;
using EGov.BuildingBlocks.Documents;
using EGov.BuildingBlocks.Parties;
using EGov.Employees.Payroll;
using EGov.Employees.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Employees.Features.PayrollRuns;

/// <summary>The employee's own payslips: JSON, and a PDF whose signed document is issued on first request and checkable on the platform route.</summary>
internal static class MyPayslips
{
    public const string DocumentType = "g2e-payslip";

    public static void Map(RouteGroupBuilder module)
    {
        var mine = module.MapGroup("/me/payslips").RequireAccess(Access.AnyOf(PlatformRoles.Employee));
        mine.MapGet("/", ListAsync)
            .WithName("ListMyPayslips")
            .WithSummary("My payslips")
            .WithDescription("The caller's payslips of runs that were not cancelled, newest period first. Paged.")
            .ProducesValidationProblem();

        mine.MapGet("/{id:guid}", GetAsync)
            .WithName("GetMyPayslip")
            .WithSummary("One of my payslips")
            .WithDescription("Lines, totals and, once the PDF was asked for, the verification code of its signed document. Another employee's payslip answers 404.")
            .Produces<PayslipResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        mine.MapGet("/{id:guid}/pdf", PdfAsync)
            .WithName("GetMyPayslipPdf")
            .WithSummary("One of my payslips as signed PDF")
            .WithDescription("The payslip as PDF. The first request issues its signed document (ES256, the platform's document keys), whose verification code the PDF " +
                "shows and `GET /api/documents/verify/{code}` checks; later requests show the same document. A payslip of a cancelled run answers 404.")
            .ProducesFile("application/pdf", "The payslip as PDF.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PagedList<PayslipResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] PageQuery pageQuery, EmployeesDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var number = user.EmployeeId ?? string.Empty;
        var page = await db.Payslips.AsNoTracking().Where(p => p.EmployeeNumber == number && p.Live && number != "")
            .OrderByDescending(p => p.Period).ThenBy(p => p.Id)
            .Select(p => new { Slip = p, Code = db.Documents.Where(d => d.CaseId == p.Id).Select(d => d.VerificationCode).FirstOrDefault() })
            .ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page.Map(x => PayslipResponse.From(x.Slip, x.Code)));
    }

    private static Task<Payslip?> MineAsync(Guid id, EmployeesDb db, ICurrentUser user, CancellationToken ct)
    {
        var number = user.EmployeeId ?? string.Empty;
        return db.Payslips.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.Live && number != "" && p.EmployeeNumber == number, ct);
    }

    private static async Task<Results<Ok<PayslipResponse>, ProblemHttpResult>> GetAsync(Guid id, EmployeesDb db, ICurrentUser user, CancellationToken ct)
    {
        if (await MineAsync(id, db, user, ct) is not { } slip)
        {
            return Problems.NotFound($"You have no payslip {id}.");
        }

        var code = await db.Documents.AsNoTracking().Where(d => d.CaseId == id).Select(d => d.VerificationCode).FirstOrDefaultAsync(ct);
        return TypedResults.Ok(PayslipResponse.From(slip, code));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(
        Guid id, HttpRequest request, EmployeesDb db, ICurrentUser user, IDocumentIssuer issuer, CancellationToken ct)
    {
        if (await MineAsync(id, db, user, ct) is not { } slip)
        {
            return Problems.NotFound($"You have no payslip {id}.");
        }

        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.CaseId == id, ct);
        if (document is null)
        {
            var names = slip.EmployeeName.Split(' ', 2);
            document = await issuer.IssueAsync(db, new DocumentToIssue(DocumentType, slip.AgencyCode, PartyRef.Employee(slip.EmployeeNumber),
                [names[0], names.Length > 1 ? names[1] : null], slip.Id, slip.Reference), ct);
            db.Audit(user, "document.issued", "document", document.Id.ToString(), new { slip.Reference, document.Type, document.KeyId }, onBehalfOf: slip.AgencyCode);
            if (await db.TrySaveAsync(ct) == SaveResult.Duplicate)
            {
                // Issued by a concurrent request for the same payslip: show that one.
                document = await db.Documents.AsNoTracking().SingleAsync(d => d.CaseId == id, ct);
            }
        }

        var agency = await db.Agencies.AsNoTracking().Where(a => a.Code == slip.AgencyCode).Select(a => a.Name).SingleOrDefaultAsync(ct);
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}{DocumentRoutes.Prefix}/verify/{document.VerificationCode}";
        var pdf = PayslipPdf.Render(new PayslipContent(agency ?? slip.AgencyCode, slip.Reference, Domain.PayPeriod.FromNumber(slip.Period).ToString(),
            slip.EmployeeName, slip.EmployeeNumber, slip.PositionTitle, slip.Grade, slip.DaysPaid, slip.DaysInPeriod,
            JsonSerializer.Deserialize<List<PayLine>>(slip.Lines, PayrollRules.Json) ?? [], slip.Gross, slip.Deductions, slip.Net, slip.Currency,
            document.IssuedAt, document.VerificationCode, url, document.KeyId));
        return TypedResults.File(pdf, "application/pdf", $"payslip-{slip.Reference.Replace('/', '-')}.pdf");
    }
}

/// <summary>The names of G2E's issuers for the platform's public check: the module's copy of the agency registry.</summary>
internal sealed class AgencyIssuerNames(EmployeesDb db) : IDocumentIssuers
{
    public async Task<string?> NameOfAsync(string agencyCode, CancellationToken cancellationToken) =>
        await db.Agencies.AsNoTracking().Where(a => a.Code == agencyCode).Select(a => a.Name).SingleOrDefaultAsync(cancellationToken);
}
