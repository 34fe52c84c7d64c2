using System.Security.Cryptography;
using EGov.Citizens.Contracts;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Identity;

namespace EGov.Citizens.Features.Documents;

/// <summary>
/// Issues the document of an approved application. Runs inside the decision: the document, its audit entry and the
/// <see cref="DocumentIssued"/> event are saved in the decision's transaction, or not at all.
/// </summary>
internal sealed class DocumentIssuer(CitizensDb db, TimeProvider clock)
{
    // Crockford base32 without I, L, O, U: unambiguous when read aloud or typed from paper.
    private const string CodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int CodeLength = 20;

    public async Task<IssuedDocument> IssueAsync(Application application, ICurrentUser user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var document = new IssuedDocument
        {
            Id = Guid.CreateVersion7(now),
            Type = application.ServiceCode,
            ApplicationId = application.Id,
            CitizenSubject = application.CitizenSubject,
            AgencyCode = application.AgencyCode,
            IssuedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero),
            VerificationCode = RandomNumberGenerator.GetString(CodeAlphabet, CodeLength),
        };
        await DocumentSigning.SignAsync(db, document, clock, ct);
        db.Documents.Add(document);
        db.Audit(user, "document.issued", "document", document.Id.ToString(), new { application.Reference, document.Type, document.KeyId }, onBehalfOf: user.AgencyId);
        db.Publish(new DocumentIssued(document.Id, application.Id, application.Reference, document.Type, document.AgencyCode, document.CitizenSubject, document.IssuedAt));
        return document;
    }
}
