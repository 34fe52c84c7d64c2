using Microsoft.EntityFrameworkCore;

namespace EGov.BuildingBlocks.Documents;

/// <summary>Issues signed documents into a module's own DbContext.</summary>
public interface IDocumentIssuer
{
    /// <summary>
    /// Makes the document (id, verification code, issue time in whole UTC seconds, masked holder), signs it with the
    /// platform's current key and adds it to <paramref name="db"/>, which must map it
    /// (<see cref="DocumentsModel.MapIssuedDocuments"/>). Nothing is saved and nothing is published: the module saves
    /// it with its decision, in the same transaction, and publishes its own event.
    /// </summary>
    Task<IssuedDocument> IssueAsync(DbContext db, DocumentToIssue document, CancellationToken cancellationToken);
}

internal sealed class DocumentIssuance(DocumentKeyStore keys, TimeProvider clock) : IDocumentIssuer
{
    public async Task<IssuedDocument> IssueAsync(DbContext db, DocumentToIssue document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(document);
        Check(document);
        if (db.Model.FindEntityType(typeof(IssuedDocument)) is null)
        {
            throw new InvalidOperationException($"{db.GetType().Name} does not map issued documents: call modelBuilder.MapIssuedDocuments() in its model.");
        }

        var now = clock.GetUtcNow();
        var issued = new IssuedDocument(
            Guid.CreateVersion7(now),
            document.Type,
            VerificationCodes.New(),
            document.AgencyCode,
            document.Holder,
            HolderMask.Of(document.HolderNameParts),
            document.CaseId,
            document.CaseReference,
            DocumentPayload.Truncate(now));
        var (keyId, key) = await keys.CurrentAsync(cancellationToken);
        using (key)
        {
            DocumentSignatures.Sign(issued, keyId, key);
        }

        db.Set<IssuedDocument>().Add(issued);
        return issued;
    }

    private static void Check(DocumentToIssue document)
    {
        static void Length(string? value, int max, string name)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > max)
            {
                throw new ArgumentException($"{name} is 1 to {max} characters.", nameof(document));
            }
        }

        Length(document.Type, IssuedDocument.MaxTypeLength, nameof(DocumentToIssue.Type));
        Length(document.AgencyCode, IssuedDocument.MaxAgencyCodeLength, nameof(DocumentToIssue.AgencyCode));
        Length(document.CaseReference, IssuedDocument.MaxCaseReferenceLength, nameof(DocumentToIssue.CaseReference));
        ArgumentNullException.ThrowIfNull(document.Holder, nameof(document));
        ArgumentNullException.ThrowIfNull(document.HolderNameParts, nameof(document));
    }
}
