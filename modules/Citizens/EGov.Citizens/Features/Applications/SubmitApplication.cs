using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using EGov.BuildingBlocks.Notices;
using EGov.Citizens.Contracts;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.Citizens.Sessions;
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
using Microsoft.Extensions.Options;
using Orleans;

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
        IGrainFactory grains)
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
        var subject = user.Subject ?? throw new InvalidOperationException("An authenticated citizen has a subject.");
        var outcome = await grains.GetGrain<ICitizenSessionGrain>(subject).SubmitAsync(new SubmissionCommand
        {
            Citizen = CitizenOf(http.User, user),
            ServiceCode = request.ServiceCode!,
            Fields = fields,
            FromDraft = fromDraft,
            IdempotencyKey = key!,
            RequestHash = IdempotencyKeys.Hash(canonical),
        });
        return ToResult(outcome, http);
    }

    public static SubmittingCitizen CitizenOf(ClaimsPrincipal principal, ICurrentUser user) => new()
    {
        Subject = user.Subject!,
        Username = user.Username,
        NationalId = user.NationalId,
        GivenName = principal.FindFirst("given_name")?.Value,
        FamilyName = principal.FindFirst("family_name")?.Value,
        Email = principal.FindFirst("email")?.Value,
    };

    private static IResult ToResult(SubmissionOutcome outcome, HttpContext http)
    {
        switch (outcome.StatusCode)
        {
            case StatusCodes.Status400BadRequest:
                return TypedResults.ValidationProblem(outcome.Errors ?? new Dictionary<string, string[]>(), title: "One or more fields are invalid.");
            case StatusCodes.Status409Conflict:
                return Problems.Conflict(outcome.Detail ?? "Conflict.", outcome.ApplicationId is { } id ? new Dictionary<string, object?> { ["applicationId"] = id } : null);
            case StatusCodes.Status429TooManyRequests:
                http.Response.Headers.RetryAfter = (outcome.RetryAfterSeconds ?? 60).ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(detail: outcome.Detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
            default:
                if (outcome.Location is not null)
                {
                    http.Response.Headers.Location = outcome.Location;
                }

                return TypedResults.Content(outcome.Body, "application/json", Encoding.UTF8, outcome.StatusCode);
        }
    }
}

/// <summary>The database side of a submission, run by the citizen's session grain (one at a time per citizen).</summary>
internal sealed class ApplicationSubmission(CitizensDb db, IOptions<CitizensOptions> options, TimeProvider clock, CitizenNotifier notifier)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The stored answer when this key was used before (same body), a 409 when used with another body, else null.</summary>
    public async Task<SubmissionOutcome?> ReplayAsync(SubmissionCommand command)
    {
        var (lookup, record) = await IdempotencyKeys.FindAsync(
            db, SubmitApplication.IdempotencyScope, command.Citizen.Subject, command.IdempotencyKey, command.RequestHash, CancellationToken.None);
        return lookup switch
        {
            IdempotencyLookup.Replay => new SubmissionOutcome { StatusCode = record!.StatusCode, Body = record.ResponseBody, Location = record.Location },
            IdempotencyLookup.Mismatch => new SubmissionOutcome
            {
                StatusCode = StatusCodes.Status409Conflict,
                Detail = $"This {IdempotencyKeys.HeaderName} was already used with a different request.",
            },
            _ => null,
        };
    }

    public async Task<SubmissionOutcome> SubmitAsync(SubmissionCommand command, string fieldsJson)
    {
        var ct = CancellationToken.None;
        var service = await db.Services.AsNoTracking().SingleOrDefaultAsync(s => s.Code == command.ServiceCode && s.IsCurrent, ct);
        if (service is null)
        {
            return Invalid("serviceCode", $"There is no service '{command.ServiceCode}'.");
        }

        Dictionary<string, JsonElement> values;
        try
        {
            values = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(fieldsJson) ?? [];
        }
        catch (JsonException)
        {
            return Invalid("fields", "'fields' is an object of field name to value.");
        }

        var fieldErrors = service.FormDefinition().Validate(values);
        if (fieldErrors.Count > 0)
        {
            return new SubmissionOutcome { StatusCode = StatusCodes.Status400BadRequest, Errors = fieldErrors.ToDictionary(e => e.Key, e => e.Value.ToArray()) };
        }

        var actor = new CitizenActor(command.Citizen);
        var language = await EnsureProfileAsync(command.Citizen, actor, ct);
        var now = clock.GetUtcNow();
        var calendar = new WorkingDays(options.Value.PublicHolidays);
        var number = await db.NextReferenceNumberAsync(ct);
        var application = new Application
        {
            Id = Guid.CreateVersion7(now),
            Reference = $"G2C-{now.Year.ToString(CultureInfo.InvariantCulture)}-{number.ToString("D6", CultureInfo.InvariantCulture)}",
            CitizenSubject = command.Citizen.Subject,
            ServiceCode = service.Code,
            ServiceVersion = service.Version,
            AgencyCode = service.AgencyCode,
            Fields = fieldsJson,
            Status = ApplicationStatus.Submitted,
            SubmittedAt = now,
            DueDate = calendar.Add(DateOnly.FromDateTime(now.UtcDateTime), service.DeadlineDays),
            UpdatedAt = now,
        };
        application.Record("submitted", "citizen", now);
        db.Applications.Add(application);
        await notifier.SendAsync(application.CitizenSubject, application.Id, "application-submitted", new NoticeValues { { "reference", application.Reference }, { "service", service.Title(language) }, { "dueDate", application.DueDate } }, ct);
        db.Publish(new ApplicationSubmitted(
            application.Id, application.Reference, service.Code, service.Version, service.AgencyCode, application.CitizenSubject, now, application.DueDate));
        db.Audit(actor, "application.submitted", "application", application.Id.ToString(),
            new { application.Reference, service.Code, service.Version, application.DueDate });

        var body = JsonSerializer.Serialize(ApplicationResponse.From(application), Json);
        var location = $"/api/g2c/applications/{application.Id}";
        IdempotencyKeys.Remember(db, SubmitApplication.IdempotencyScope, command.Citizen.Subject, command.IdempotencyKey, command.RequestHash,
            StatusCodes.Status201Created, body, location, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return await ReplayAsync(command) ?? throw new InvalidOperationException("An idempotency key conflicted but has no record.", ex);
        }

        return new SubmissionOutcome
        {
            StatusCode = StatusCodes.Status201Created,
            Body = body,
            Location = location,
            ApplicationId = application.Id,
            UnreadCount = await notifier.UnreadAsync(application.CitizenSubject, ct),
        };
    }

    private async Task<string> EnsureProfileAsync(SubmittingCitizen citizen, ICurrentUser actor, CancellationToken ct)
    {
        var language = await db.Citizens.Where(c => c.Subject == citizen.Subject).Select(c => c.Language).SingleOrDefaultAsync(ct);
        if (language is not null)
        {
            return language;
        }

        var now = clock.GetUtcNow();
        db.Citizens.Add(new CitizenProfile
        {
            Subject = citizen.Subject,
            NationalId = citizen.NationalId,
            GivenName = citizen.GivenName,
            FamilyName = citizen.FamilyName,
            Email = citizen.Email,
            CreatedAt = now,
            UpdatedAt = now,
        });
        db.Audit(actor, "citizen.profile-created", "citizen", citizen.Subject);
        return Languages.English;
    }

    private static SubmissionOutcome Invalid(string field, string message) =>
        new() { StatusCode = StatusCodes.Status400BadRequest, Errors = new() { [field] = [message] } };
}
