using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.BuildingBlocks.Documents;

/// <summary>
/// What only the issuing module knows about its documents: the names of its issuers. G2C answers from its local copy
/// of the agency registry.
/// </summary>
public interface IDocumentIssuers
{
    /// <summary>The display name of agency <paramref name="agencyCode"/>, or null when the module does not know it (the code is shown then).</summary>
    Task<string?> NameOfAsync(string agencyCode, CancellationToken cancellationToken);

    /// <summary>
    /// For a document that holds only as long as what it certifies (a licence, valid until a day and suspendable): where
    /// that stands today. Null, the default, for a document whose signature and revocation say everything.
    /// </summary>
    Task<DocumentStanding?> StandingOfAsync(IssuedDocument document, CancellationToken cancellationToken) => Task.FromResult<DocumentStanding?>(null);
}

/// <summary>
/// Where what a document certifies stands, as its module keeps it: <see cref="DocumentStatus.Valid"/>,
/// <see cref="DocumentStatus.Suspended"/> or <see cref="DocumentStatus.Expired"/>, and the last day it is valid.
/// </summary>
public sealed record DocumentStanding(DocumentStatus Status, DateOnly? ValidUntil);

/// <summary>What a revocation attempt came to in one module.</summary>
internal enum RevocationOutcome
{
    NotFound,
    Forbidden,
    AlreadyRevoked,
    Conflict,
    Revoked,
}

internal sealed record Revocation(RevocationOutcome Outcome, IssuedDocument? Document = null);

/// <summary>One module's issued documents, as the platform routes ask for them.</summary>
internal interface IDocumentSource
{
    /// <summary>The document with that (normalized) code, its issuer's name and its standing, or null when this module has none.</summary>
    Task<(IssuedDocument Document, string Issuer, DocumentStanding? Standing)?> FindAsync(string code, CancellationToken cancellationToken);

    /// <summary>Revokes the document with that code for <paramref name="user"/>, audited in the module's trail.</summary>
    Task<Revocation> RevokeAsync(string code, string reason, ICurrentUser user, CancellationToken cancellationToken);
}

internal sealed class DocumentSource<TDb, TIssuers>(TDb db, TIssuers issuers, TimeProvider clock) : IDocumentSource
    where TDb : ModuleDbContext
    where TIssuers : class, IDocumentIssuers
{
    public async Task<(IssuedDocument Document, string Issuer, DocumentStanding? Standing)?> FindAsync(string code, CancellationToken cancellationToken)
    {
        var document = await db.Set<IssuedDocument>().AsNoTracking().SingleOrDefaultAsync(d => d.VerificationCode == code, cancellationToken);
        if (document is null)
        {
            return null;
        }

        var issuer = await issuers.NameOfAsync(document.AgencyCode, cancellationToken) ?? document.AgencyCode;
        return (document, issuer, document.IsRevoked ? null : await issuers.StandingOfAsync(document, cancellationToken));
    }

    public async Task<Revocation> RevokeAsync(string code, string reason, ICurrentUser user, CancellationToken cancellationToken)
    {
        var document = await db.Set<IssuedDocument>().SingleOrDefaultAsync(d => d.VerificationCode == code, cancellationToken);
        if (document is null)
        {
            return new Revocation(RevocationOutcome.NotFound);
        }

        if (!user.ActsFor(document.AgencyCode))
        {
            return new Revocation(RevocationOutcome.Forbidden, document);
        }

        if (document.IsRevoked)
        {
            return new Revocation(RevocationOutcome.AlreadyRevoked, document);
        }

        document.Revoke(reason, user.Actor, clock.GetUtcNow());
        db.Audit(user, "document.revoked", "document", document.Id.ToString(), new { document.Type, document.CaseReference, reason = document.RevocationReason }, onBehalfOf: document.AgencyCode);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Revoked by someone else between the read and the write (the revocation time is the concurrency token).
            return new Revocation(RevocationOutcome.Conflict, document);
        }

        return new Revocation(RevocationOutcome.Revoked, document);
    }
}
