using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using EGov.BuildingBlocks.Parties;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace EGov.BuildingBlocks.Notices;

/// <summary>How a module exposes the inbox of its kind of party (see <see cref="NoticeRoutes.MapNoticeInbox{TDb, TResponse}"/>).</summary>
public sealed class NoticeInboxRoutes<TResponse>
{
    /// <summary>Who may call the routes (the party check comes on top).</summary>
    public required Access Access { get; init; }

    /// <summary>The party whose inbox the caller reads; null answers 403 (the caller acts for no party of this kind).</summary>
    public required Func<ICurrentUser, HttpContext, PartyRef?> PartyOf { get; init; }

    /// <summary>The module's response shape of one notice (translated to SQL for lists).</summary>
    public required Expression<Func<Notice, TResponse>> Response { get; init; }

    /// <summary>Operation names, unique across the platform (they name the generated clients' methods).</summary>
    public required string ListOperation { get; init; }

    public required string MarkReadOperation { get; init; }

    /// <summary>Runs after a notice was marked read (the module refreshes a cached unread count).</summary>
    public Func<IServiceProvider, PartyRef, CancellationToken, Task>? AfterRead { get; init; }
}

/// <summary>How a module exposes its template versions to operators (see <see cref="NoticeRoutes.MapNoticeTemplates{TDb}"/>).</summary>
public sealed class NoticeTemplateRoutes
{
    public required Access Access { get; init; }

    public required string ListOperation { get; init; }

    public required string GetOperation { get; init; }

    public required string PublishOperation { get; init; }
}

/// <summary>The inbox's two routes, for a module to refine (a description of its own).</summary>
public sealed record NoticeInboxEndpoints(RouteHandlerBuilder List, RouteHandlerBuilder MarkRead);

/// <summary>A template version as operators read it.</summary>
public sealed record NoticeTemplateResponse(
    string Key,
    int Version,
    IReadOnlyList<NoticeParameter> Parameters,
    IReadOnlyDictionary<string, string> Subject,
    IReadOnlyDictionary<string, string> Body,
    IReadOnlyDictionary<string, string> DateFormat,
    DateTimeOffset CreatedAt,
    string CreatedBy)
{
    public static NoticeTemplateResponse From(NoticeTemplate t) =>
        new(t.Key, t.Version, t.Parameters, t.Subject, t.Body, t.DateFormat, t.CreatedAt, t.CreatedBy);
}

/// <summary>New texts for a template key: subject and body per language, and optionally a date format per language.</summary>
public sealed record NoticeTemplateRequest(
    [property: Description("Language code to subject, one line, with {{placeholders}} of the template's parameters.")]
    Dictionary<string, string?>? Subject,
    [property: Description("Language code to body, in the same languages as the subject; {{#name}}…{{/name}} shows only when the optional parameter 'name' has a value.")]
    Dictionary<string, string?>? Body,
    [property: Description("Language code to date format (yyyy-MM-dd, dd/MM/yyyy); languages without one show yyyy-MM-dd.")]
    Dictionary<string, string?>? DateFormat);

/// <summary>
/// The block's routes, mapped by a module into its own group: an inbox for its kind of party (list, mark read) and
/// its templates for operators (list, read a version, publish a new version).
/// </summary>
public static class NoticeRoutes
{
    /// <summary><c>GET {pattern}</c> (newest first, paged, <c>unread=true</c>) and <c>POST {pattern}/{id}/read</c>.</summary>
    public static NoticeInboxEndpoints MapNoticeInbox<TDb, TResponse>(this IEndpointRouteBuilder endpoints, string pattern, NoticeInboxRoutes<TResponse> routes)
        where TDb : ModuleDbContext
    {
        ArgumentNullException.ThrowIfNull(routes);
        var group = endpoints.MapGroup(pattern).RequireAccess(routes.Access);
        var map = routes.Response.Compile();

        var list = group.MapGet("/", async Task<Results<Ok<PagedList<TResponse>>, ValidationProblem, ProblemHttpResult>> (
                [AsParameters] PageQuery pageQuery, bool? unread, HttpContext http, ICurrentUser user, NoticeInbox<TDb> inbox, CancellationToken ct) =>
            {
                var errors = new ValidationErrors();
                var paging = pageQuery.Validate(errors);
                if (errors.Any)
                {
                    return Problems.Validation(errors);
                }

                if (routes.PartyOf(user, http) is not { } party)
                {
                    return NoParty();
                }

                return TypedResults.Ok(await inbox.ListAsync(party, unread == true, paging, routes.Response, ct));
            })
            .WithName(routes.ListOperation)
            .WithSummary("My inbox")
            .WithDescription("Newest first, paged; `unread=true` shows unread messages only.")
            .ProducesValidationProblem();

        var markRead = group.MapPost("/{id:guid}/read", async Task<Results<Ok<TResponse>, ProblemHttpResult>> (
                Guid id, HttpContext http, ICurrentUser user, NoticeInbox<TDb> inbox, CancellationToken ct) =>
            {
                if (routes.PartyOf(user, http) is not { } party)
                {
                    return NoParty();
                }

                if (await inbox.MarkReadAsync(party, id, user, ct) is not { } notice)
                {
                    return Problems.NotFound($"You have no message {id}.");
                }

                if (routes.AfterRead is { } afterRead)
                {
                    await afterRead(http.RequestServices, party, ct);
                }

                return TypedResults.Ok(map(notice));
            })
            .WithName(routes.MarkReadOperation)
            .WithSummary("Mark a message as read")
            .WithDescription("Idempotent: a message read before keeps its first reading time.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return new NoticeInboxEndpoints(list, markRead);
    }

    /// <summary>
    /// <c>GET {pattern}</c> (latest version of every key), <c>GET {pattern}/{key}</c> (latest, or <c>?version=</c>) and
    /// <c>PUT {pattern}/{key}</c> (publish new texts as the next version).
    /// </summary>
    public static RouteGroupBuilder MapNoticeTemplates<TDb>(this IEndpointRouteBuilder endpoints, string pattern, NoticeTemplateRoutes routes)
        where TDb : ModuleDbContext
    {
        ArgumentNullException.ThrowIfNull(routes);
        var group = endpoints.MapGroup(pattern).RequireAccess(routes.Access);

        group.MapGet("/", async Task<Results<Ok<PagedList<NoticeTemplateResponse>>, ValidationProblem>> (
                [AsParameters] PageQuery pageQuery, NoticeTemplates<TDb> templates, CancellationToken ct) =>
            {
                var errors = new ValidationErrors();
                var paging = pageQuery.Validate(errors);
                if (errors.Any)
                {
                    return Problems.Validation(errors);
                }

                return TypedResults.Ok((await templates.ListLatestAsync(paging, ct)).Map(NoticeTemplateResponse.From));
            })
            .WithName(routes.ListOperation)
            .WithSummary("Message templates")
            .WithDescription("The latest version of every template key of this module, by key: its parameters, subject and body per language, and date formats.")
            .ProducesValidationProblem();

        group.MapGet("/{key}", async Task<Results<Ok<NoticeTemplateResponse>, ValidationProblem, ProblemHttpResult>> (
                string key, [Description("A version of the key, from 1; the latest when left out."), Range(1, int.MaxValue)] int? version, NoticeTemplates<TDb> templates, CancellationToken ct) =>
            {
                if (version is < 1)
                {
                    return Problems.Validation(new ValidationErrors().Add("version", "'version' is 1 or more."));
                }

                var template = !NoticeTemplateRules.IsKey(key) ? null
                    : version is { } v ? await templates.VersionAsync(key, v, ct)
                    : await templates.LatestAsync(key, ct);
                return template is null
                    ? Problems.NotFound(version is null ? $"There is no template '{key}'." : $"There is no version {version} of the template '{key}'.")
                    : TypedResults.Ok(NoticeTemplateResponse.From(template));
            })
            .WithName(routes.GetOperation)
            .WithSummary("A message template")
            .WithDescription("The latest version of the key, or the version asked for: notices record the version they were rendered from.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/{key}", async Task<Results<Ok<NoticeTemplateResponse>, ValidationProblem, ProblemHttpResult>> (
                string key, NoticeTemplateRequest request, ICurrentUser user, NoticeTemplates<TDb> templates, CancellationToken ct) =>
            {
                var publication = await templates.PublishAsync(key, request.Subject, request.Body, request.DateFormat, user, ct);
                return publication.Outcome switch
                {
                    NoticeTemplatePublishOutcome.Published or NoticeTemplatePublishOutcome.Unchanged => TypedResults.Ok(NoticeTemplateResponse.From(publication.Template!)),
                    NoticeTemplatePublishOutcome.Invalid => Problems.Validation(publication.Errors!),
                    NoticeTemplatePublishOutcome.Conflict => Problems.Conflict($"Another version of '{key}' was published at the same moment: read it and publish again."),
                    _ => Problems.NotFound($"There is no template '{key}': a module's keys come from its template file."),
                };
            })
            .WithName(routes.PublishOperation)
            .WithSummary("Publish a new version of a message template")
            .WithDescription(
                "Validated whole (every placeholder a parameter of the key, optional ones inside their {{#name}} section, subject and body in the same languages, sizes, date formats); " +
                "the parameters stay the key's own. The next notice of the key uses the new version; notices already sent keep their text. " +
                "Texts equal to the latest version's publish nothing and answer the latest version.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return group;
    }

    private static ProblemHttpResult NoParty() =>
        Problems.Forbidden("You act for no party whose inbox this is.");
}
