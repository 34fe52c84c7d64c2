using EGov.BuildingBlocks.Parties;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EGov.BuildingBlocks.Documents;

public static class DocumentsRegistration
{
    /// <summary>
    /// The platform's signed documents: the key store, the issuer and the verifier (idempotent; the host and every
    /// module issuing documents may call it). Needs the platform's <c>NpgsqlDataSource</c> and data protection.
    /// </summary>
    public static IServiceCollection AddSignedDocuments(this IServiceCollection services)
    {
        services.AddDataProtection();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DocumentKeyStore>();
        services.TryAddSingleton<IPlatformSigner, PlatformSigner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DocumentKeyStoreStartup>());
        services.TryAddScoped<IDocumentIssuer, DocumentIssuance>();
        services.TryAddScoped<IDocumentVerifier, DocumentVerifier>();
        return services;
    }

    /// <summary>
    /// Makes the documents <typeparamref name="TDb"/> maps (<see cref="DocumentsModel.MapIssuedDocuments"/>) findable
    /// by the platform routes: checked, revoked (audited in <typeparamref name="TDb"/>'s audit trail), their issuers
    /// named by <typeparamref name="TIssuers"/>.
    /// </summary>
    public static IServiceCollection AddDocumentSource<TDb, TIssuers>(this IServiceCollection services)
        where TDb : ModuleDbContext
        where TIssuers : class, IDocumentIssuers
    {
        services.AddSignedDocuments();
        services.TryAddScoped<TIssuers>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IDocumentSource, DocumentSource<TDb, TIssuers>>());
        return services;
    }
}

public static class DocumentsModel
{
    /// <summary>
    /// Maps <see cref="IssuedDocument"/> into the module's schema (table <paramref name="table"/>, added by a migration
    /// of that module): unique verification codes, the holder as two columns (<c>holder_kind</c>, <c>holder_id</c>)
    /// indexed with the issue time, an index on the case. The module may add its own rules on top (a foreign key to
    /// its case table, one document per case).
    /// </summary>
    public static ModelBuilder MapIssuedDocuments(this ModelBuilder modelBuilder, string table = "documents")
    {
        modelBuilder.Entity<IssuedDocument>(e =>
        {
            e.ToTable(table);
            e.HasKey(d => d.Id);
            e.Property(d => d.Id).ValueGeneratedNever();
            e.Property(d => d.Type).HasMaxLength(IssuedDocument.MaxTypeLength);
            e.Property(d => d.VerificationCode).HasMaxLength(VerificationCodes.Length);
            e.Property(d => d.AgencyCode).HasMaxLength(IssuedDocument.MaxAgencyCodeLength);
            e.Property(d => d.HolderKind).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.HolderId).HasMaxLength(PartyRef.MaxIdLength);
            e.Ignore(d => d.Holder);
            e.Ignore(d => d.IsRevoked);
            e.Property(d => d.HolderDisplay).HasMaxLength(IssuedDocument.MaxHolderDisplayLength);
            e.Property(d => d.CaseReference).HasMaxLength(IssuedDocument.MaxCaseReferenceLength);
            e.Property(d => d.Signature).HasMaxLength(IssuedDocument.MaxSignatureLength);
            e.Property(d => d.KeyId).HasMaxLength(IssuedDocument.MaxKeyIdLength);

            // Two revocations at once: the second one's update finds the revocation time changed and fails.
            e.Property(d => d.RevokedAt).IsConcurrencyToken();
            e.Property(d => d.RevocationReason).HasMaxLength(IssuedDocument.MaxRevocationReasonLength);
            e.Property(d => d.RevokedBy).HasMaxLength(IssuedDocument.MaxRevokedByLength);
            e.HasIndex(d => d.VerificationCode).IsUnique();
            e.HasIndex(d => new { d.HolderKind, d.HolderId, d.IssuedAt });
            e.HasIndex(d => d.CaseId);
        });
        return modelBuilder;
    }
}
