using System.ComponentModel.DataAnnotations;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EGov.BuildingBlocks.Documents;

/// <summary>Body of a revocation: why the issuing agency withdraws the document (shown by the public check).</summary>
public sealed record RevocationRequest([property: Required, StringLength(IssuedDocument.MaxRevocationReasonLength, MinimumLength = 1)] string? Reason);

/// <summary>
/// The platform's document routes under <c>/api/documents</c>, one set for the documents of every module: the
/// public check, the published keys, the issuing agency's revocation and the platform administrator's key rotation.
/// </summary>
public static class DocumentRoutes
{
    public const string Prefix = "/api/documents";

    /// <summary>Maps the routes; the host calls it once and places the group in its platform OpenAPI document.</summary>
    public static RouteGroupBuilder MapDocumentRoutes(this IEndpointRouteBuilder endpoints)
    {
        var documents = endpoints.MapGroup(Prefix).WithTags("Documents");

        documents.MapGet("/verify/{code}", async (string code, IDocumentVerifier verifier, CancellationToken ct) =>
                TypedResults.Ok(await verifier.VerifyAsync(code, ct)))
            .RequireAccess(Access.Public)
            .WithName("VerifyIssuedDocument")
            .WithSummary("Check a verification code")
            .WithDescription("Anyone may check the code printed on a document issued by any module: `valid`, `revoked` (with the date and reason), " +
                "`suspended` or `expired` (a licence whose issuer suspended it, or past its last day `validUntil`), " +
                "`unknown`, or `invalid` (a record that no longer matches its signature), with the issuer's name, the type, the issue date and the holder's initials. " +
                "The check covers the signature against the published keys and the stored facts against the signed payload. Codes are case-insensitive.");

        documents.MapGet("/keys", async (IDocumentVerifier verifier, CancellationToken ct) => TypedResults.Ok(await verifier.PublishedKeysAsync(ct)))
            .RequireAccess(Access.Public)
            .WithName("PublishedDocumentKeys")
            .WithSummary("Document-signing keys (JWKS)")
            .WithDescription("The public keys that sign the documents of every module, current and retired, as a JSON Web Key Set (P-256, ES256). " +
                "A document's signature is a compact JWS whose `kid` names one of them.");

        documents.MapPost("/revocations/{code}", RevokeAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Caseworker, PlatformRoles.Agency, PlatformRoles.PlatformAdmin))
            .WithName("RevokeDocument")
            .WithSummary("Revoke a document")
            .WithDescription("The issuing agency (its staff, whose token names that agency) or a platform administrator withdraws a document, with a reason " +
                "of 1 to 1000 characters that the public check shows from then on. Audited in the issuing module's audit trail. Once only: a second revocation is 409.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        documents.MapPost("/keys/rotate", async (DocumentKeyStore keys, CancellationToken ct) => TypedResults.Ok(await keys.RotateAsync(ct)))
            .RequireAccess(Access.AnyOf(PlatformRoles.PlatformAdmin))
            .WithName("RotateDocumentKeys")
            .WithSummary("Rotate the document-signing key")
            .WithDescription("Retires the current document-signing key and makes a new one that signs from now on. The retired key stays in the published " +
                "key set, so every document signed before still verifies.");

        return documents;
    }

    private static async Task<Results<Ok<DocumentVerification>, ValidationProblem, ProblemHttpResult>> RevokeAsync(
        string code, RevocationRequest request, IEnumerable<IDocumentSource> sources, IDocumentVerifier verifier, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var reason = request.Reason?.Trim();
        errors.Required("reason", reason);
        errors.MaxLength("reason", request.Reason, IssuedDocument.MaxRevocationReasonLength);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (VerificationCodes.Normalize(code) is { } normalized)
        {
            foreach (var source in sources)
            {
                var revocation = await source.RevokeAsync(normalized, reason!, user, ct);
                switch (revocation.Outcome)
                {
                    case RevocationOutcome.NotFound:
                        continue;
                    case RevocationOutcome.Forbidden:
                        return Problems.Forbidden(user.OutsideAgency(revocation.Document!.AgencyCode, "the document"));
                    case RevocationOutcome.AlreadyRevoked:
                        return Problems.Conflict($"The document was already revoked at {revocation.Document!.RevokedAt:O}.");
                    case RevocationOutcome.Conflict:
                        return Problems.Conflict("The document was revoked at the same time; read its check again.");
                    default:
                        return TypedResults.Ok(await verifier.VerifyAsync(normalized, ct));
                }
            }
        }

        return Problems.NotFound($"No document has the verification code {code}.");
    }
}
