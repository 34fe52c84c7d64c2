using EGov.BuildingBlocks.Documents;
using EGov.BuildingBlocks.Parties;
using EGov.Citizens.Contracts;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Features.Documents;

/// <summary>
/// Issues the certificate of an approved application through the platform's signed documents. Runs inside the
/// decision: the document, its audit entry and the <see cref="DocumentIssued"/> event are saved in the decision's
/// transaction, or not at all.
/// </summary>
internal sealed class DocumentIssuer(CitizensDb db, IDocumentIssuer documents)
{
    public async Task<IssuedDocument> IssueAsync(Application application, ICurrentUser user, CancellationToken ct)
    {
        // The holder's initials for the public check; the name itself is not stored with the document.
        var holder = await db.Citizens.AsNoTracking()
            .Where(c => c.Subject == application.CitizenSubject)
            .Select(c => new { c.GivenName, c.FamilyName })
            .SingleOrDefaultAsync(ct);
        var document = await documents.IssueAsync(db, new DocumentToIssue(
            application.ServiceCode,
            application.AgencyCode,
            PartyRef.Citizen(application.CitizenSubject),
            [holder?.GivenName, holder?.FamilyName],
            application.Id,
            application.Reference), ct);
        db.Audit(user, "document.issued", "document", document.Id.ToString(), new { application.Reference, document.Type, document.KeyId }, onBehalfOf: user.AgencyId);
        db.Publish(new DocumentIssued(document.Id, application.Id, application.Reference, document.Type, document.AgencyCode, application.CitizenSubject, document.IssuedAt));
        return document;
    }
}

/// <summary>The names of G2C's issuers for the platform's public check: the module's copy of the agency registry.</summary>
internal sealed class AgencyIssuerNames(CitizensDb db) : IDocumentIssuers
{
    public async Task<string?> NameOfAsync(string agencyCode, CancellationToken cancellationToken) =>
        await db.Agencies.AsNoTracking().Where(a => a.Code == agencyCode).Select(a => a.Name).SingleOrDefaultAsync(cancellationToken);
}
