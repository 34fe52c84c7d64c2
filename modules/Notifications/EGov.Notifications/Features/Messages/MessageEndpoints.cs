using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using EGov.Notifications.Delivery;
using EGov.Notifications.Domain;
using EGov.Notifications.Features.Templates;
using EGov.Notifications.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Notifications.Features.Messages;

internal sealed record SendMessageRequest(
    [property: Description("The sending agency; the caller's own when left out.")]
    string? AgencyCode,
    [property: Description("The template key; the agency's own template for the channel, else the platform's.")]
    string? TemplateKey,
    [property: Required, AllowedValues(nameof(Domain.Channel.Email), nameof(Domain.Channel.Sms), nameof(Domain.Channel.Letter))]
    string? Channel,
    [property: Description("Email address, phone number (+ and digits) or postal address (lines separated by \\n), for the channel.")]
    string? To,
    [property: Description("The language to write in; the template's fallback when it has no text in it. Default en.")]
    string? Language,
    [property: Description("Placeholder name to value; dates as yyyy-MM-dd. Every required parameter needs a value: a missing one is refused, never sent blank.")]
    Dictionary<string, string?>? Values,
    [property: Description("The agency's own reference for the message, echoed in status callbacks.")]
    string? Reference);

internal sealed record MessageResponse(
    Guid Id, string AgencyCode, Channel Channel, MessageStatus Status, string TemplateKey, int TemplateVersion, string Language,
    string? Reference, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? CompletedAt,
    [property: Description("When the retention period deleted the address and the text.")] DateTimeOffset? ContentDeletedAt)
{
    public static MessageResponse From(Message m) =>
        new(m.Id, m.AgencyCode, m.Channel, m.Status, m.TemplateKey, m.TemplateVersion, m.Language, m.Reference, m.Attempts, m.LastError,
            m.CreatedAt, m.SentAt, m.CompletedAt, m.ContentDeletedAt);
}

/// <summary>Sending by template (queued in the same transaction as the request) and reading statuses.</summary>
internal static class MessageEndpoints
{
    public const string IdempotencyScope = "notify.messages.send";

    private static readonly JsonSerializerOptions Json = MessageSender.Json;

    private static readonly Access Senders = Access.AnyOf(PlatformRoles.Agency, PlatformRoles.Caseworker, PlatformRoles.PlatformAdmin);

    public static void Map(RouteGroupBuilder module)
    {
        var messages = module.MapGroup("/messages").RequireAccess(Senders);

        messages.MapPost("/", SendAsync)
            .WithName("SendNotification")
            .WithSummary("Send a message by template")
            .WithDescription(
                "Renders the template with the values and queues the message (status Created) in the same transaction; a background sender delivers it. " +
                "A missing value, an unknown template or a bad address is a 400 and nothing is queued. `Idempotency-Key` (optional): the same key with the same body " +
                "answers with the same message, with a different body 409. Agency systems, caseworkers of the agency, platform admins.")
            .Produces<MessageResponse>(StatusCodes.Status201Created)
            .Produces<MessageResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        messages.MapGet("/{id:guid}", GetAsync)
            .WithName("GetNotification")
            .WithSummary("A message's status")
            .WithDescription("Staff of the sending agency (another agency's message: 404).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        messages.MapGet("/", ListAsync)
            .WithName("ListNotifications")
            .WithSummary("An agency's messages")
            .WithDescription("Newest first, optionally by status; the caller's own agency, or the one a platform admin names (every agency when a platform admin names none).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> SendAsync(
        SendMessageRequest request, [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey,
        ICurrentUser user, NotificationsDb db, Outbound outbound, DeliverySignal signal, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var key = idempotencyKey is null ? null : IdempotencyKeys.Validate(idempotencyKey, errors);
        var agencyCode = request.AgencyCode ?? user.AgencyId;
        if (agencyCode is null)
        {
            errors.Add("agencyCode", "Name the sending agency: your token names none.");
        }

        errors.Required("templateKey", request.TemplateKey);
        if (agencyCode is not null)
        {
            TemplateEndpoints.CheckAgency(agencyCode, "agencyCode", errors);
        }

        if (request.TemplateKey is not null)
        {
            TemplateEndpoints.CheckKey(request.TemplateKey, "templateKey", errors);
        }
        var channel = request.Channel is null
            ? null
            : TemplateEndpoints.ParseEnum<Channel>(request.Channel, "channel", errors);
        if (request.Channel is null)
        {
            errors.Add("channel", $"'channel' is one of: {string.Join(", ", Enum.GetNames<Channel>())}.");
        }

        if (channel is { } known)
        {
            Outbound.ValidateAddress(known, request.To, "to", errors);
        }

        if (request.Language is not null && !EGov.BuildingBlocks.Texts.LocalizedText.IsLanguage(request.Language))
        {
            errors.Add("language", "A language code: en, fr, pt-BR.");
        }

        errors.MaxLength("reference", request.Reference, Message.MaxReferenceLength);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!user.ActsFor(agencyCode!))
        {
            return Problems.Forbidden(user.OutsideAgency(agencyCode!, "this message"));
        }

        var template = await outbound.TemplateAsync(agencyCode!, channel!.Value, request.TemplateKey!, ct);
        if (template is null)
        {
            return Problems.Validation(errors.Add("templateKey", $"Agency {agencyCode} has no {channel} template '{request.TemplateKey}'."));
        }

        if (template.Content.ReadValues(request.Values, "values", errors) is not { } values)
        {
            return Problems.Validation(errors);
        }

        async Task<CreateAttempt<ValidationErrors>> Create(CancellationToken token)
        {
            var now = clock.GetUtcNow();
            var message = outbound.Stage(Guid.CreateVersion7(now), agencyCode!, template, MessageSource.Api, request.Reference, request.To!, request.Language, values, errors);
            if (message is null)
            {
                return CreateAttempt<ValidationErrors>.Refuse(errors);
            }

            db.Audit(user, "notification.queued", "notification", message.Id.ToString(), new { template = template.Key, channel = template.Channel });
            var body = JsonSerializer.Serialize(MessageResponse.From(message), Json);
            return CreateAttempt<ValidationErrors>.Created(new StoredAnswer(StatusCodes.Status201Created, body, $"{NotificationsModule.Descriptor.RoutePrefix}/messages/{message.Id}"));
        }

        StoredAnswer answer;
        if (key is null)
        {
            var attempt = await Create(ct);
            if (attempt.Answer is null)
            {
                return Problems.Validation(attempt.Refusal!);
            }

            await db.SaveChangesAsync(ct);
            answer = attempt.Answer;
        }
        else
        {
            var canonical = JsonSerializer.Serialize(new { agencyCode, request.TemplateKey, request.Channel, request.To, request.Language, values = request.Values?.OrderBy(v => v.Key, StringComparer.Ordinal).ToList(), request.Reference });
            var outcome = await IdempotentCreate.RunAsync<ValidationErrors>(db, new IdempotentRequest(IdempotencyScope, user.Actor, key, IdempotencyKeys.Hash(canonical)), Create, clock, ct);
            switch (outcome)
            {
                case IdempotentOutcome<ValidationErrors>.KeyReused:
                    return Problems.Conflict($"This {IdempotencyKeys.HeaderName} was already used with a different request.");
                case IdempotentOutcome<ValidationErrors>.Refused refused:
                    return Problems.Validation(refused.Refusal);
                case IdempotentOutcome<ValidationErrors>.Answered answered:
                    answer = answered.Replayed ? answered.Answer with { StatusCode = StatusCodes.Status200OK } : answered.Answer;
                    break;
                default:
                    throw new InvalidOperationException("An idempotent create ends answered, refused or with a reused key.");
            }
        }

        signal.Notify();
        if (answer.Location is not null)
        {
            http.Response.Headers.Location = answer.Location;
        }

        return TypedResults.Content(answer.Body, "application/json", Encoding.UTF8, answer.StatusCode);
    }

    private static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> GetAsync(Guid id, ICurrentUser user, NotificationsDb db, CancellationToken ct)
    {
        var message = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        return message is null || !user.ActsFor(message.AgencyCode)
            ? Problems.NotFound($"There is no message {id} of your agency.")
            : TypedResults.Ok(MessageResponse.From(message));
    }

    private static async Task<Results<Ok<PagedList<MessageResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [Description("The agency; the caller's own when left out."), RegularExpression(Outbound.AgencyCodePattern)] string? agencyCode,
        [AllowedValues(nameof(MessageStatus.Created), nameof(MessageStatus.Sending), nameof(MessageStatus.Delivered), nameof(MessageStatus.TemporaryFailure), nameof(MessageStatus.PermanentFailure))] string? status,
        [AsParameters] PageQuery pageQuery,
        ICurrentUser user, NotificationsDb db, CancellationToken ct)
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

        var wanted = status is null ? null : TemplateEndpoints.ParseEnum<MessageStatus>(status, "status", errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (!everyAgency && !user.ActsFor(agency!))
        {
            return Problems.Forbidden(user.OutsideAgency(agency!, "this message list"));
        }

        var query = everyAgency ? db.Messages.AsNoTracking() : db.Messages.AsNoTracking().Where(m => m.AgencyCode == agency);
        if (wanted is { } s)
        {
            query = query.Where(m => m.Status == s);
        }

        var page = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(page.Map(MessageResponse.From));
    }
}
