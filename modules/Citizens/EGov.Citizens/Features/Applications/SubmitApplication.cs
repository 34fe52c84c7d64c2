using System.Globalization;
using System.Text;
using System.Text.Json;
using EGov.BuildingBlocks.Calendar;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Notices;
using EGov.Citizens.Contracts;
using EGov.Citizens.Domain;
using EGov.Citizens.Features.Profile;
using EGov.Citizens.Persistence;
using EGov.Citizens.Sessions;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orleans;
using EGov.BuildingBlocks.Casework;

namespace EGov.Citizens.Features.Applications;

/// <summary>Body of <c>POST /applications</c>: the fields, or <c>fromDraft: true</c> to submit the saved draft.</summary>
internal sealed record SubmitApplicationRequest(string? ServiceCode, Dictionary<string, JsonElement>? Fields, bool? FromDraft);

/// <summary>Filing an application: idempotent, validated against the service's current form, serialised per citizen.</summary>
internal static class SubmitApplication
{
    public const string IdempotencyScope = "g2c.applications.submit";

    public static void Map(RouteGroupBuilder applications) =>
        applications.MapPost("/", SubmitAsync)
            .WithName("SubmitApplication")
            .WithSummary("Submit an application")
            .WithDescription(
                "Files an application against the current version of a service, from `fields` or from the saved draft (`fromDraft: true`). " +
                "Requires an `Idempotency-Key` header: the same key with the same body answers with the same application; with a different body, 409. " +
                "A draft submitted twice makes one application. Too many submissions → 429 with Retry-After.")
            .Produces<ApplicationResponse>(StatusCodes.Status201Created)
            .Produces<ApplicationResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<IResult> SubmitAsync(
        SubmitApplicationRequest request,
        [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey,
        HttpContext http,
        ICurrentUser user,
        IGrainFactory grains,
        IOptions<CitizensOptions> options)
    {
        var errors = new ValidationErrors();
        var key = IdempotencyKeys.Validate(idempotencyKey, errors);
        errors.Required("serviceCode", request.ServiceCode).MaxLength("serviceCode", request.ServiceCode, 64);
        var fromDraft = request.FromDraft ?? false;
        if (fromDraft && request.Fields is not null)
        {
            errors.Add("fields", "Give either 'fields' or 'fromDraft: true', not both.");
        }
        else if (!fromDraft && request.Fields is null)
        {
            errors.Add("fields", "'fields' is required unless 'fromDraft' is true.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var fields = request.Fields is null
            ? null
            : "{" + string.Join(',', request.Fields.Select(f => $"{JsonSerializer.Serialize(f.Key)}:{f.Value.GetRawText()}")) + "}";
        var canonical = JsonSerializer.Serialize(new { request.ServiceCode, fields, fromDraft });
        var citizen = SubmittingCitizen.From(user);
        var result = await grains.GetGrain<ICitizenSessionGrain>(citizen.Subject).SubmitAsync(new SubmissionCommand
        {
            Citizen = citizen,
            ServiceCode = request.ServiceCode!,
            Fields = fields,
            FromDraft = fromDraft,
            IdempotencyKey = key!,
            RequestHash = IdempotencyKeys.Hash(canonical),
        });
        return ToHttp(result, http, options.Value);
    }

    private static IResult ToHttp(SubmissionResult result, HttpContext http, CitizensOptions limits)
    {
        switch (result.Kind)
        {
            case SubmissionResultKind.Invalid:
                return TypedResults.ValidationProblem(result.Errors ?? new Dictionary<string, string[]>(), title: "One or more fields are invalid.");
            case SubmissionResultKind.KeyReused:
                return Problems.Conflict($"This {IdempotencyKeys.HeaderName} was already used with a different request.");
            case SubmissionResultKind.DraftAlreadySubmitted:
                return Problems.Conflict("This draft has already been submitted.", new Dictionary<string, object?> { ["applicationId"] = result.ApplicationId });
            case SubmissionResultKind.RateLimited:
                var seconds = Math.Max(1, (int)Math.Ceiling((result.RetryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(
                    detail: $"You have submitted {limits.SubmissionLimit} applications within {limits.SubmissionWindowSeconds / 60} minutes; try again later.",
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests");
            default:
                var answer = result.Answer ?? throw new InvalidOperationException("A filed or replayed submission carries its answer.");
                if (answer.Location is not null)
                {
                    http.Response.Headers.Location = answer.Location;
                }

                return TypedResults.Content(answer.Body, "application/json", Encoding.UTF8, answer.StatusCode);
        }
    }
}

/// <summary>The database side of a submission (<see cref="IApplicationFiling"/>), run by the citizen's session grain.</summary>
internal sealed class ApplicationSubmission(
    CitizensDb db, IWorkingCalendar calendar, ServiceLifecycles lifecycles, TimeProvider clock, CitizenNotifier notifier) : IApplicationFiling
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task<SubmissionResult?> ReplayAsync(SubmissionCommand command) =>
        Translate(await IdempotentCreate.ReplayAsync<SubmissionResult>(db, RequestOf(command), CancellationToken.None), null, null);

    public async Task<SubmissionResult> FileAsync(SubmissionCommand command, string fieldsJson)
    {
        Application? filed = null;
        var outcome = await IdempotentCreate.RunAsync<SubmissionResult>(
            db, RequestOf(command), async ct =>
            {
                var attempt = await AttemptAsync(command, fieldsJson, ct);
                filed = attempt.Application;
                return attempt.Result;
            },
            clock, CancellationToken.None);
        var unread = filed is null ? (int?)null : await notifier.UnreadAsync(command.Citizen.Subject, CancellationToken.None);
        return Translate(outcome, filed?.Id, unread)!;
    }

    private async Task<(CreateAttempt<SubmissionResult> Result, Application? Application)> AttemptAsync(
        SubmissionCommand command, string fieldsJson, CancellationToken ct)
    {
        var service = await db.Services.AsNoTracking().SingleOrDefaultAsync(s => s.Code == command.ServiceCode && s.IsCurrent, ct);
        if (service is null)
        {
            return (CreateAttempt<SubmissionResult>.Refuse(SubmissionResult.Invalid("serviceCode", $"There is no service '{command.ServiceCode}'.")), null);
        }

        Dictionary<string, JsonElement> values;
        try
        {
            values = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(fieldsJson) ?? [];
        }
        catch (JsonException)
        {
            return (CreateAttempt<SubmissionResult>.Refuse(SubmissionResult.Invalid("fields", "'fields' is an object of field name to value.")), null);
        }

        // The form of the version filed against checks the answers in full; what is stored is what it accepted
        // (answers of questions a condition hid are dropped).
        var fieldErrors = new ValidationErrors();
        var accepted = service.Form.CheckValues(values, FormCheck.Complete, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), fieldErrors);
        if (accepted is null)
        {
            return (CreateAttempt<SubmissionResult>.Refuse(new SubmissionResult
            {
                Kind = SubmissionResultKind.Invalid,
                Errors = new Dictionary<string, string[]>(fieldErrors.ToDictionary()),
            }), null);
        }

        fieldsJson = service.Form.AnswersToJson(accepted);

        var actor = Actor.Subject(command.Citizen.Subject);
        var profile = await CitizenProfiles.FindOrStageAsync(db, command.Citizen, actor, clock, ct);
        var now = clock.GetUtcNow();
        var lifecycle = await lifecycles.ForAsync(db, service.Code, service.Version, ct);
        var reference = await CaseReferences.NextAsync(db, CitizensModule.Descriptor.Schema, CitizensDb.ReferenceSequence, CitizensModule.Descriptor.Code, now, ct);
        var application = new Application(
            Guid.CreateVersion7(now), reference, command.Citizen.Subject, service.Code, service.Version, service.AgencyCode, service.DeadlineDays,
            fieldsJson, lifecycle, calendar.For(service.AgencyCode), now);
        db.Applications.Add(application);
        await notifier.SendAsync(application.CitizenSubject, application.Id, "application-submitted", new NoticeValues { { "reference", application.Reference }, { "service", service.Title(profile.Language) }, { "dueDate", application.DueDate } }, ct);
        db.Publish(new ApplicationSubmitted(
            application.Id, application.Reference, service.Code, service.Version, service.AgencyCode, application.CitizenSubject, now, application.DueDate));
        db.Audit(actor, "application.submitted", "application", application.Id.ToString(),
            new { application.Reference, service.Code, service.Version, application.DueDate });

        var body = JsonSerializer.Serialize(ApplicationResponse.From(application, lifecycle, profile.Language), Json);
        var answer = new StoredAnswer(StatusCodes.Status201Created, body, $"{CitizensModule.Descriptor.RoutePrefix}/applications/{application.Id}");
        return (CreateAttempt<SubmissionResult>.Created(answer), application);
    }

    private static IdempotentRequest RequestOf(SubmissionCommand command) =>
        new(SubmitApplication.IdempotencyScope, command.Citizen.Subject, command.IdempotencyKey, command.RequestHash);

    private static SubmissionResult? Translate(IdempotentOutcome<SubmissionResult>? outcome, Guid? applicationId, int? unread) => outcome switch
    {
        null => null,
        IdempotentOutcome<SubmissionResult>.Answered answered => new SubmissionResult
        {
            Kind = answered.Replayed ? SubmissionResultKind.Replayed : SubmissionResultKind.Created,
            Answer = new StoredSubmission { StatusCode = answered.Answer.StatusCode, Body = answered.Answer.Body, Location = answered.Answer.Location },
            ApplicationId = answered.Replayed ? null : applicationId,
            UnreadCount = answered.Replayed ? null : unread,
        },
        IdempotentOutcome<SubmissionResult>.KeyReused => new SubmissionResult { Kind = SubmissionResultKind.KeyReused },
        IdempotentOutcome<SubmissionResult>.Refused refused => refused.Refusal,
        _ => throw new InvalidOperationException("Every idempotent outcome has a translation."),
    };
}
