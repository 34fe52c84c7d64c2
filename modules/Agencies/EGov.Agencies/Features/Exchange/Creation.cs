using System.Text.Json;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace EGov.Agencies.Features.Exchange;

/// <summary>What a creating request made: the status, the view to answer with and where the new resource lives.</summary>
internal sealed record Made(object View, string Location);

/// <summary>
/// Creating requests of the exchange with an optional <c>Idempotency-Key</c>: with a key, the shared
/// <see cref="IdempotentCreate"/> sequence (same key and body → the same answer, one effect; other body → 409).
/// </summary>
internal static class Creation
{
    public static async Task<IResult> RunAsync(
        DbContext db, string scope, ICurrentUser user, string? key, string canonicalRequest, JsonSerializerOptions json, TimeProvider clock,
        Func<CancellationToken, Task<(Made? Made, IResult? Refusal)>> work, CancellationToken ct)
    {
        if (key is null)
        {
            var (made, refusal) = await work(ct);
            if (made is null)
            {
                return refusal!;
            }

            await db.SaveChangesAsync(ct);
            return Answer(StatusCodes.Status201Created, JsonSerializer.Serialize(made.View, made.View.GetType(), json), made.Location);
        }

        var outcome = await IdempotentCreate.RunAsync<IResult>(
            db, new IdempotentRequest(scope, user.Actor, key, IdempotencyKeys.Hash(canonicalRequest)),
            async token =>
            {
                var (made, refusal) = await work(token);
                return made is null
                    ? CreateAttempt<IResult>.Refuse(refusal!)
                    : CreateAttempt<IResult>.Created(new StoredAnswer(StatusCodes.Status201Created, JsonSerializer.Serialize(made.View, made.View.GetType(), json), made.Location));
            },
            clock, ct);
        return outcome switch
        {
            IdempotentOutcome<IResult>.Answered answered => Answer(answered.Answer.StatusCode, answered.Answer.Body, answered.Answer.Location),
            IdempotentOutcome<IResult>.Refused refused => refused.Refusal,
            _ => Problems.Conflict($"This {IdempotencyKeys.HeaderName} was used with a different request; use a new key for a new request."),
        };
    }

    private static IResult Answer(int status, string body, string? location) => new StoredResult(status, body, location);

    private sealed class StoredResult(int status, string body, string? location) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await httpContext.Response.WriteAsync(body);
        }
    }
}
