using EGov.BuildingBlocks.Documents;
using EGov.BuildingBlocks.Parties;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EGov.Citizens.Features.Documents;

internal sealed record DocumentResponse(Guid Id, string Type, Guid ApplicationId, DateTimeOffset IssuedAt, string VerificationCode, string Signature)
{
    public static DocumentResponse From(IssuedDocument d) => new(d.Id, d.Type, d.CaseId, d.IssuedAt, d.VerificationCode, d.Signature);
}

/// <summary>
/// The citizen's issued documents (the platform's document records G2C maps, held by the citizen), and G2C's own
/// addresses of the platform's public check and published keys, kept for clients that use them.
/// </summary>
internal static class DocumentEndpoints
{
    public static void Map(RouteGroupBuilder module)
    {
        var documents = module.MapGroup("/documents");

        documents.MapGet("/", ListAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Citizen))
            .WithName("ListMyDocuments")
            .WithSummary("My issued documents")
            .WithDescription("Documents issued to the caller on approval of an application, newest first, paged.")
            .ProducesValidationProblem();

        documents.MapGet("/{id:guid}", GetAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Citizen))
            .WithName("GetMyDocument")
            .WithSummary("One of my documents")
            .WithDescription("The document with its verification code and signature (compact JWS, ES256, checkable against `/documents/keys`); " +
                "with `Accept: application/pdf`, the certificate as PDF with a QR code of its verification URL.")
            .Produces<DocumentResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesFile("application/pdf", "The certificate as PDF.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        // The same PDF on a route of its own: a generated client picks one response type per operation, so the
        // content negotiation above leaves it only the JSON.
        documents.MapGet("/{id:guid}/pdf", GetPdfAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Citizen))
            .WithName("GetMyDocumentPdf")
            .WithSummary("One of my documents as PDF")
            .WithDescription("The certificate as PDF with a QR code of its verification URL; the same as `GET /documents/{id}` with `Accept: application/pdf`.")
            .ProducesFile("application/pdf", "The certificate as PDF.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        documents.MapGet("/verify/{code}", async (string code, IDocumentVerifier verifier, CancellationToken ct) =>
                TypedResults.Ok(await verifier.VerifyAsync(code, ct)))
            .RequireAccess(Access.Public)
            .WithName("VerifyDocument")
            .WithSummary("Check a verification code")
            .WithDescription("The platform's public check (`GET /api/documents/verify/{code}`) at G2C's address, for documents of any module: " +
                "`valid`, `revoked` (with date and reason), `unknown` or `invalid`, with the issuer, type, issue date and a masked holder name.");

        documents.MapGet("/keys", async (IDocumentVerifier verifier, CancellationToken ct) => TypedResults.Ok(await verifier.PublishedKeysAsync(ct)))
            .RequireAccess(Access.Public)
            .WithName("DocumentSigningKeys")
            .WithSummary("Document-signing keys (JWKS)")
            .WithDescription("The platform's published keys (`GET /api/documents/keys`) at G2C's address: every document-signing key, current and retired, as a JSON Web Key Set.");
    }

    private static async Task<Results<Ok<PagedList<DocumentResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] PageQuery pageQuery, CitizensDb db, ICurrentUser user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = pageQuery.Validate(errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.Documents.AsNoTracking().HeldBy(Holder(user));
        var found = await query.OrderByDescending(d => d.IssuedAt).ThenBy(d => d.Id).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(found.Map(DocumentResponse.From));
    }

    private static async Task<Results<Ok<DocumentResponse>, FileContentHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, HttpRequest request, CitizensDb db, ICurrentUser user, IOptions<CitizensOptions> options, CancellationToken ct)
    {
        if (await db.Documents.AsNoTracking().HeldBy(Holder(user)).SingleOrDefaultAsync(d => d.Id == id, ct) is not { } document)
        {
            return Problems.NotFound($"You have no document {id}.");
        }

        return WantsPdf(request)
            ? await PdfAsync(document, request, db, user, options, ct)
            : TypedResults.Ok(DocumentResponse.From(document));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPdfAsync(
        Guid id, HttpRequest request, CitizensDb db, ICurrentUser user, IOptions<CitizensOptions> options, CancellationToken ct) =>
        await db.Documents.AsNoTracking().HeldBy(Holder(user)).SingleOrDefaultAsync(d => d.Id == id, ct) is { } document
            ? await PdfAsync(document, request, db, user, options, ct)
            : Problems.NotFound($"You have no document {id}.");

    private static async Task<FileContentHttpResult> PdfAsync(IssuedDocument document, HttpRequest request, CitizensDb db, ICurrentUser user, IOptions<CitizensOptions> options, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == document.CaseId, ct);
        var service = await db.Services.AsNoTracking().SingleAsync(s => s.Code == application.ServiceCode && s.Version == application.ServiceVersion, ct);
        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Code == document.AgencyCode, ct);
        var holder = await db.Citizens.AsNoTracking().SingleOrDefaultAsync(c => c.Subject == document.HolderId, ct);
        var holderName = string.Join(' ', new[] { holder?.GivenName, holder?.FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var page = options.Value.VerificationPageUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}/verify";
        var verificationUrl = $"{page}/{document.VerificationCode}";
        var pdf = CertificatePdf.Render(new CertificateContent(
            document.Type,
            service.Title(holder?.Language ?? Domain.Languages.English),
            application.Reference,
            agency?.Name ?? document.AgencyCode,
            holderName.Length == 0 ? user.Username ?? "-" : holderName,
            document.IssuedAt,
            document.VerificationCode,
            verificationUrl,
            document.KeyId));
        return TypedResults.File(pdf, "application/pdf", $"{application.Reference}.pdf");
    }

    private static bool WantsPdf(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(m => m.MediaType.Equals("application/pdf", StringComparison.OrdinalIgnoreCase));

    /// <summary>The caller as the holder of documents: a citizen, by the subject of their token.</summary>
    private static PartyRef Holder(ICurrentUser user) => PartyRef.Citizen(user.Subject!);
}
