using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EGov.Notifications.Delivery;
using EGov.Notifications.Features.Templates;
using EGov.Notifications.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Notifications.Features.Letters;

internal sealed record LetterResponse(Guid MessageId, string AgencyCode, DateTimeOffset QueuedAt, DateTimeOffset? PrintedAt, bool HasPdf);

/// <summary>The agency's print queue: letters as PDF for the print staff (the agency's caseworkers), marked printed when posted.</summary>
internal static class PrintQueue
{
    public static void Map(RouteGroupBuilder module)
    {
        var letters = module.MapGroup("/letters").RequireAccess(Access.AnyOf(PlatformRoles.Caseworker, PlatformRoles.PlatformAdmin));

        letters.MapGet("/", ListAsync)
            .WithName("ListLetters")
            .WithSummary("The print queue of an agency")
            .WithDescription("Oldest first; `printed=false` (the default) lists what is still to print. The caller's own agency, or the one a platform admin names (every agency when a platform admin names none).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        letters.MapGet("/{messageId:guid}/pdf", PdfAsync)
            .WithName("GetLetterPdf")
            .WithSummary("A letter as PDF")
            .WithDescription("404 for another agency's letter, and once the retention period removed it after printing.")
            .ProducesFile("application/pdf", "The letter, one A4 page.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        letters.MapPost("/{messageId:guid}/printed", MarkPrintedAsync)
            .WithName("MarkLetterPrinted")
            .WithSummary("Mark a letter printed")
            .WithDescription("Idempotent: a letter printed before keeps its first time.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PagedList<LetterResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [Description("The agency; the caller's own when left out."), RegularExpression(Outbound.AgencyCodePattern)] string? agencyCode, [Description("true: printed letters; false (default): still to print.")] bool? printed,
        [AsParameters] PageQuery pageQuery, ICurrentUser user, NotificationsDb db, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        var agency = agencyCode ?? user.AgencyId;
        var everyAgency = agency is null && user.IsInRole(PlatformRoles.PlatformAdmin);
        if (agency is null && !everyAgency)
        {
            errors.Add("agencyCode", "Name the agency: your token names none.");
        }
        else if (agency is not null)
        {
            TemplateEndpoints.CheckAgency(agency, "agencyCode", errors);
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!everyAgency && !user.ActsFor(agency!))
        {
            return Problems.Forbidden(user.OutsideAgency(agency!, "this print queue"));
        }

        var wantPrinted = printed ?? false;
        var page = await db.Letters.AsNoTracking()
            .Where(l => (everyAgency || l.AgencyCode == agency) && (l.PrintedAt != null) == wantPrinted)
            .OrderBy(l => l.QueuedAt).ThenBy(l => l.MessageId)
            .Select(l => new LetterResponse(l.MessageId, l.AgencyCode, l.QueuedAt, l.PrintedAt, l.Pdf != null))
            .ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(Guid messageId, ICurrentUser user, NotificationsDb db, CancellationToken ct)
    {
        var letter = await db.Letters.AsNoTracking().SingleOrDefaultAsync(l => l.MessageId == messageId, ct);
        return letter is { Pdf: { } pdf } && user.ActsFor(letter.AgencyCode)
            ? TypedResults.File(pdf, "application/pdf", $"letter-{messageId:N}.pdf")
            : Problems.NotFound($"There is no letter {messageId} in your agency's print queue.");
    }

    private static async Task<Results<Ok<LetterResponse>, ProblemHttpResult>> MarkPrintedAsync(
        Guid messageId, ICurrentUser user, NotificationsDb db, TimeProvider clock, CancellationToken ct)
    {
        var letter = await db.Letters.SingleOrDefaultAsync(l => l.MessageId == messageId, ct);
        if (letter is null || !user.ActsFor(letter.AgencyCode))
        {
            return Problems.NotFound($"There is no letter {messageId} in your agency's print queue.");
        }

        if (letter.MarkPrinted(user.Actor, Outbound.StoredPrecision(clock.GetUtcNow())))
        {
            db.Audit(user, "letter.printed", "letter", messageId.ToString());
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(new LetterResponse(letter.MessageId, letter.AgencyCode, letter.QueuedAt, letter.PrintedAt, letter.Pdf != null));
    }
}
