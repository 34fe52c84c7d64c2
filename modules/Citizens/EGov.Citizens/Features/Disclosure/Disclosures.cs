using System.ComponentModel.DataAnnotations;
using EGov.BuildingBlocks.Calendar;
using EGov.Citizens.Contracts;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace EGov.Citizens.Features.Disclosure;

internal sealed record DisclosureRequestBody(string? AgencyCode, string? Title, string? Question);

internal sealed record DisclosureAnswerBody(string? Answer, bool? Publish);

internal sealed record DisclosureRequestView(
    Guid Id, string AgencyCode, string Title, string Question, DisclosureStatus Status, DateTimeOffset SubmittedAt, DateOnly DueDate,
    string? Answer, DateTimeOffset? AnsweredAt, bool Published)
{
    public static DisclosureRequestView From(DisclosureRequest d) =>
        new(d.Id, d.AgencyCode, d.Title, d.Question, d.Status, d.SubmittedAt, d.DueDate, d.Answer, d.AnsweredAt, d.Published);
}

/// <summary>A published answer as anyone sees it: no requester identity.</summary>
internal sealed record PublishedDisclosure(Guid Id, string AgencyCode, string Title, string Question, string Answer, DateTimeOffset AnsweredAt);

/// <summary>
/// Information disclosure: citizens ask an agency, the agency's caseworkers answer within the statutory deadline and
/// choose whether to publish; published answers are searchable by anyone (PostgreSQL full-text search).
/// </summary>
internal static class Disclosures
{
    public const int MaxTitle = 200;
    public const int MaxQuestion = 4000;
    public const int MaxAnswer = 8000;
    public const int MaxQuery = 200;
    private const string SearchConfiguration = "english";

    public static void Map(RouteGroupBuilder module)
    {
        var requests = module.MapGroup("/disclosure-requests").RequireAccess(Access.AnyOf(PlatformRoles.Citizen));
        requests.MapPost("/", CreateAsync)
            .WithName("RequestDisclosure")
            .WithSummary("Ask an agency for information")
            .WithDescription("`{agencyCode, title, question}`; the due date is `Citizens:DisclosureDeadlineDays` working days after today.")
            .ProducesValidationProblem();
        requests.MapGet("/", MineAsync)
            .WithName("ListMyDisclosureRequests")
            .WithSummary("My disclosure requests")
            .WithDescription("The caller's requests for information, newest first, paged, each with its status, due date and the answer once given.")
            .ProducesValidationProblem();
        requests.MapGet("/{id:guid}", async Task<Results<Ok<DisclosureRequestView>, ProblemHttpResult>> (Guid id, CitizensDb db, ICurrentUser user, CancellationToken ct) =>
                await db.DisclosureRequests.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.CitizenSubject == user.Subject, ct) is { } found
                    ? TypedResults.Ok(DisclosureRequestView.From(found))
                    : Problems.NotFound($"You have no disclosure request {id}."))
            .WithName("GetMyDisclosureRequest")
            .WithSummary("One of my disclosure requests")
            .WithDescription("A request of the caller's, with its status, due date and answer; another citizen's request is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var backOffice = module.MapGroup("/backoffice/disclosure-requests")
            .RequireAccess(Access.AnyOf(PlatformRoles.Caseworker))
            .RequireStaffRecord(StaffFunction.Caseworker);
        backOffice.MapGet("/", QueueAsync)
            .WithName("BackOfficeDisclosureQueue")
            .WithSummary("The agency's disclosure requests")
            .WithDescription("Requests to the caller's agency, oldest due first; `status` (Open, Answered) filters; paged.")
            .ProducesValidationProblem();
        backOffice.MapPost("/{id:guid}/answer", AnswerAsync)
            .WithName("AnswerDisclosureRequest")
            .WithSummary("Answer a disclosure request")
            .WithDescription("`{answer, publish}`; with `publish: true` the answer becomes searchable by anyone at `/disclosures`.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        module.MapGet("/disclosures", SearchAsync)
            .RequireAccess(Access.Public)
            .WithName("SearchDisclosures")
            .WithSummary("Search published disclosures")
            .WithDescription("Full-text search (web-search syntax: words, \"phrases\", -exclusions, or) over published answers, best match first, paged.")
            .ProducesValidationProblem();
    }

    private static async Task<Results<Created<DisclosureRequestView>, ValidationProblem>> CreateAsync(
        DisclosureRequestBody body, CitizensDb db, ICurrentUser user, IOptions<CitizensOptions> options, IWorkingCalendar calendar, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .Required("agencyCode", body.AgencyCode)
            .Required("title", body.Title).MaxLength("title", body.Title, MaxTitle)
            .Required("question", body.Question).MaxLength("question", body.Question, MaxQuestion);
        var agencyCode = body.AgencyCode?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(agencyCode) && !await db.Agencies.AnyAsync(a => a.Code == agencyCode, ct))
        {
            errors.Add("agencyCode", $"No agency '{agencyCode}'.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        var request = new DisclosureRequest(
            Guid.CreateVersion7(now), user.Subject!, agencyCode!, body.Title!, body.Question!, now,
            calendar.For(agencyCode).Add(DateOnly.FromDateTime(now.UtcDateTime), options.Value.DisclosureDeadlineDays));
        db.DisclosureRequests.Add(request);
        db.Audit(user, "disclosure.requested", "disclosure-request", request.Id.ToString(), new { request.AgencyCode, request.DueDate });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"{CitizensModule.Descriptor.RoutePrefix}/disclosure-requests/{request.Id}", DisclosureRequestView.From(request));
    }

    private static async Task<Results<Ok<PagedList<DisclosureRequestView>>, ValidationProblem>> MineAsync(
        [AsParameters] PageQuery pageQuery, CitizensDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.DisclosureRequests.AsNoTracking().Where(d => d.CitizenSubject == user.Subject);
        var found = await query.OrderByDescending(d => d.SubmittedAt).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(found.Map(DisclosureRequestView.From));
    }

    private static async Task<Results<Ok<PagedList<DisclosureRequestView>>, ValidationProblem>> QueueAsync(
        [AsParameters] PageQuery pageQuery, DisclosureStatus? status, CitizensDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.DisclosureRequests.AsNoTracking().Where(d => d.AgencyCode == user.AgencyId);
        if (status is { } wanted)
        {
            query = query.Where(d => d.Status == wanted);
        }

        var found = await query.OrderBy(d => d.DueDate).ThenBy(d => d.SubmittedAt).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(found.Map(DisclosureRequestView.From));
    }

    private static async Task<Results<Ok<DisclosureRequestView>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        Guid id, DisclosureAnswerBody body, CitizensDb db, ICurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("answer", body.Answer).MaxLength("answer", body.Answer, MaxAnswer);
        if (body.Publish is null)
        {
            errors.Add("publish", "'publish' is true or false.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (user.AgencyId is null || await db.DisclosureRequests.SingleOrDefaultAsync(d => d.Id == id && d.AgencyCode == user.AgencyId, ct) is not { } request)
        {
            return Problems.NotFound($"Your agency has no disclosure request {id}.");
        }

        var now = clock.GetUtcNow();
        if (!request.AnswerWith(body.Answer!, body.Publish!.Value, user.Username ?? user.Actor, now))
        {
            return Problems.Conflict("The request is already answered.");
        }

        db.Audit(user, "disclosure.answered", "disclosure-request", request.Id.ToString(), new { request.Published }, onBehalfOf: user.AgencyId);
        if (request.Published)
        {
            db.Publish(new DisclosurePublished(request.Id, request.AgencyCode, request.Title, now));
        }

        if (await db.TrySaveAsync(ct) != SaveResult.Saved)
        {
            return Problems.Conflict("The request changed at the same time; read it again.");
        }

        return TypedResults.Ok(DisclosureRequestView.From(request));
    }

    private static async Task<Results<Ok<PagedList<PublishedDisclosure>>, ValidationProblem>> SearchAsync(
        [Required, MaxLength(MaxQuery), RegularExpression(@"\S")] string? q, [AsParameters] PageQuery pageQuery, CitizensDb db, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("q", q).MaxLength("q", q, MaxQuery);
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var terms = q!.Trim();
        var query = db.DisclosureRequests.AsNoTracking()
            .Where(d => d.Published && EF.Property<NpgsqlTsVector>(d, CitizensDb.SearchVector).Matches(EF.Functions.WebSearchToTsQuery(SearchConfiguration, terms)));
        return TypedResults.Ok(await query
            .OrderByDescending(d => EF.Property<NpgsqlTsVector>(d, CitizensDb.SearchVector).Rank(EF.Functions.WebSearchToTsQuery(SearchConfiguration, terms)))
            .ThenByDescending(d => d.AnsweredAt)
            .Select(d => new PublishedDisclosure(d.Id, d.AgencyCode, d.Title, d.Question, d.Answer!, d.AnsweredAt!.Value))
            .ToPagedListAsync(paging, ct));
    }
}
