using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Features.Documents;

internal sealed record DocumentResponse(Guid Id, string Type, Guid ApplicationId, DateTimeOffset IssuedAt, string VerificationCode, string Signature)
{
    public static DocumentResponse From(IssuedDocument d) => new(d.Id, d.Type, d.ApplicationId, d.IssuedAt, d.VerificationCode, d.Signature);
}

/// <summary>Answer of the public check: only what a third party needs, never the holder's identity.</summary>
internal sealed record VerificationResponse(string Status, string? Issuer, string? Type, DateTimeOffset? IssuedAt, string? Holder);

/// <summary>The citizen's issued documents, the public verification of a code and the published document-signing keys.</summary>
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

        documents.MapGet("/verify/{code}", VerifyAsync)
            .RequireAccess(Access.Public)
            .WithName("VerifyDocument")
            .WithSummary("Check a verification code")
            .WithDescription("Anyone may check a code: `valid`, `revoked` or `unknown`, with the issuer, type, issue date and a masked holder name.");

        documents.MapGet("/keys", async (CitizensDb db, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Ok(await DocumentSigning.PublishedKeysAsync(db, clock, ct)))
            .RequireAccess(Access.Public)
            .WithName("DocumentSigningKeys")
            .WithSummary("Document-signing keys (JWKS)")
            .WithDescription("The public keys that sign issued documents, current and retired, as a JSON Web Key Set.");
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

        var query = db.Documents.AsNoTracking().Where(d => d.CitizenSubject == user.Subject);
        var found = await query.OrderByDescending(d => d.IssuedAt).ThenBy(d => d.Id).ToPagedListAsync(paging, ct);
        return TypedResults.Ok(found.Map(DocumentResponse.From));
    }

    private static async Task<Results<Ok<DocumentResponse>, FileContentHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, HttpRequest request, CitizensDb db, ICurrentUser user, CancellationToken ct)
    {
        if (await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.CitizenSubject == user.Subject, ct) is not { } document)
        {
            return Problems.NotFound($"You have no document {id}.");
        }

        return WantsPdf(request)
            ? await PdfAsync(document, request, db, user, ct)
            : TypedResults.Ok(DocumentResponse.From(document));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPdfAsync(
        Guid id, HttpRequest request, CitizensDb db, ICurrentUser user, CancellationToken ct) =>
        await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.CitizenSubject == user.Subject, ct) is { } document
            ? await PdfAsync(document, request, db, user, ct)
            : Problems.NotFound($"You have no document {id}.");

    private static async Task<FileContentHttpResult> PdfAsync(IssuedDocument document, HttpRequest request, CitizensDb db, ICurrentUser user, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == document.ApplicationId, ct);
        var service = await db.Services.AsNoTracking().SingleAsync(s => s.Code == application.ServiceCode && s.Version == application.ServiceVersion, ct);
        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Code == document.AgencyCode, ct);
        var holder = await db.Citizens.AsNoTracking().SingleOrDefaultAsync(c => c.Subject == document.CitizenSubject, ct);
        var holderName = string.Join(' ', new[] { holder?.GivenName, holder?.FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var verificationUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/api/{CitizensModule.Descriptor.Code}/documents/verify/{document.VerificationCode}";
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

    private static async Task<Ok<VerificationResponse>> VerifyAsync(string code, CitizensDb db, CancellationToken ct)
    {
        var normalized = code.Trim().ToUpperInvariant();
        if (normalized.Length != DocumentIssuer.CodeLength)
        {
            return TypedResults.Ok(Unknown);
        }

        var found = await (
                from d in db.Documents.AsNoTracking()
                where d.VerificationCode == normalized
                join a in db.Agencies.AsNoTracking() on d.AgencyCode equals a.Code into agencies
                from a in agencies.DefaultIfEmpty()
                join c in db.Citizens.AsNoTracking() on d.CitizenSubject equals c.Subject into citizens
                from c in citizens.DefaultIfEmpty()
                select new { d.AgencyCode, AgencyName = a == null ? null : a.Name, d.Type, d.IssuedAt, d.RevokedAt, GivenName = c == null ? null : c.GivenName, FamilyName = c == null ? null : c.FamilyName })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return TypedResults.Ok(Unknown);
        }

        return TypedResults.Ok(new VerificationResponse(
            found.RevokedAt is null ? "valid" : "revoked",
            found.AgencyName ?? found.AgencyCode,
            found.Type,
            found.IssuedAt,
            Mask(found.GivenName, found.FamilyName)));
    }

    private static readonly VerificationResponse Unknown = new("unknown", null, null, null, null);

    /// <summary>Initials only: "Anna Schmidt" → "A*** S***".</summary>
    internal static string Mask(string? givenName, string? familyName)
    {
        static string One(string? name) => string.IsNullOrWhiteSpace(name) ? "***" : $"{char.ToUpperInvariant(name.Trim()[0])}***";
        return $"{One(givenName)} {One(familyName)}";
    }
}
