using System.Text;
using System.Text.Json;
using EGov.Employees.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EGov.Employees.Features;

/// <summary>The module's creating requests with an <c>Idempotency-Key</c>: one effect, the same answer on a repeat.</summary>
internal sealed class Creates(EmployeesDb db, ICurrentUser user, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public string Serialize<T>(T value) => JsonSerializer.Serialize(value, json.Value.SerializerOptions);

    /// <summary>
    /// Runs <paramref name="work"/> once per key: it stages its effect and returns the 201 body and location, or a
    /// refusal (nothing is written). The request's canonical form is <paramref name="request"/> serialised.
    /// </summary>
    public async Task<IResult> RunAsync(string scope, string key, object request, HttpContext http, Func<CancellationToken, Task<(object? Body, string? Location, IResult? Refusal)>> work, CancellationToken ct)
    {
        var outcome = await IdempotentCreate.RunAsync<IResult>(
            db,
            Request(scope, key, request),
            async token =>
            {
                var (body, location, refusal) = await work(token);
                return refusal is not null
                    ? CreateAttempt<IResult>.Refuse(refusal)
                    : CreateAttempt<IResult>.Created(new StoredAnswer(StatusCodes.Status201Created, Serialize(body), location));
            },
            clock,
            ct);
        return Answer(outcome, http);
    }

    /// <summary>
    /// The answer to a repeat of an earlier request with this key (or a 409 for a reused key), or null for a new key.
    /// Asked before the checks that depend on the current state, which the first request itself may have changed.
    /// </summary>
    public async Task<IResult?> ReplayAsync(string scope, string? key, object request, HttpContext http, CancellationToken ct) =>
        key is null ? null : await IdempotentCreate.ReplayAsync<IResult>(db, Request(scope, key, request), ct) is { } earlier ? Answer(earlier, http) : null;

    private IdempotentRequest Request(string scope, string key, object request) =>
        new(scope, user.Actor, key, IdempotencyKeys.Hash(scope + "\n" + Serialize(request)));

    private static IResult Answer(IdempotentOutcome<IResult> outcome, HttpContext http)
    {
        switch (outcome)
        {
            case IdempotentOutcome<IResult>.Answered answered:
                if (answered.Answer.Location is not null)
                {
                    http.Response.Headers.Location = answered.Answer.Location;
                }

                return TypedResults.Content(answered.Answer.Body, "application/json", Encoding.UTF8, answered.Answer.StatusCode);
            case IdempotentOutcome<IResult>.KeyReused:
                return Problems.Conflict($"This {IdempotencyKeys.HeaderName} was already used with a different request.");
            case IdempotentOutcome<IResult>.Refused refused:
                return refused.Refusal;
            default:
                throw new InvalidOperationException("An idempotent create ends answered, refused or with a reused key.");
        }
    }
}

/// <summary>Who the caller is to an agency's personnel: one rule each, used by every feature.</summary>
internal static class Staff
{
    public static bool IsHrOf(this ICurrentUser user, string agencyCode) =>
        user.IsInRole(PlatformRoles.HrOfficer) && user.ActsFor(agencyCode);

    public static bool IsPayrollOf(this ICurrentUser user, string agencyCode) =>
        user.IsInRole(PlatformRoles.PayrollOfficer) && user.ActsFor(agencyCode);

    /// <summary>The agency the caller works for, or a 403 detail when the token names none.</summary>
    public static string? OwnAgency(this ICurrentUser user) => user.AgencyId is { Length: > 0 } agency ? agency.ToUpperInvariant() : null;

    public const string NoAgency = "Your token names no agency (claim agency_id).";
}
