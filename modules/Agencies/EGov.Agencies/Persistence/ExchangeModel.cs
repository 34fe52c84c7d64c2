using EGov.Agencies.Domain.Exchange;
using Microsoft.EntityFrameworkCore;

namespace EGov.Agencies.Persistence;

/// <summary>The data exchange's tables: directory, access rights, the message log, its signed batches, used message ids.</summary>
internal static class ExchangeModel
{
    public const string MessageLogTable = "message_log";
    public const string BatchTable = "message_log_batches";

    public static void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataService>(e =>
        {
            e.ToTable("data_services");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedNever();
            e.Property(s => s.ProviderCode).HasMaxLength(16);
            e.Property(s => s.Code).HasMaxLength(DataService.MaxCodeLength);
            e.Property(s => s.Name).HasMaxLength(DataService.MaxNameLength);
            e.Property(s => s.Description).HasMaxLength(DataService.MaxDescriptionLength);
            e.Property(s => s.OpenApi).HasColumnType("jsonb");
            e.Property(s => s.OperationsJson).HasColumnName("operations").HasColumnType("jsonb");
            e.Ignore(s => s.Operations);
            e.Property(s => s.SubjectKind).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.SubjectParameter).HasMaxLength(64);
            e.Property(s => s.AnsweredBy).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.ModuleAnswer).HasMaxLength(100);
            e.Property(s => s.Endpoint).HasMaxLength(DataService.MaxEndpointLength);
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.HasIndex(s => new { s.ProviderCode, s.Code }).IsUnique();
            e.HasOne<Domain.Agency>().WithMany().HasForeignKey(s => s.ProviderCode).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<AccessRight>(e =>
        {
            e.ToTable("access_rights");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.ProviderCode).HasMaxLength(16);
            e.Property(r => r.ServiceCode).HasMaxLength(DataService.MaxCodeLength);
            e.Property(r => r.ConsumerCode).HasMaxLength(16);
            e.Property(r => r.Purpose).HasMaxLength(AccessRight.MaxPurposeLength);
            e.Property(r => r.LegalBasis).HasMaxLength(DataService.MaxItemLength);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.RequestedBy).HasMaxLength(200);
            e.Property(r => r.DecidedBy).HasMaxLength(200);
            e.Property(r => r.Reason).HasMaxLength(AccessRight.MaxReasonLength);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.Ignore(r => r.IsOpen);
            e.HasOne<DataService>().WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Domain.Agency>().WithMany().HasForeignKey(r => r.ConsumerCode).OnDelete(DeleteBehavior.Restrict);

            // One open (requested or granted) right per consumer and service; refused and revoked ones stay as history.
            e.HasIndex(r => new { r.ServiceId, r.ConsumerCode }).IsUnique().HasFilter("status IN ('Requested', 'Granted')");
            e.HasIndex(r => new { r.ProviderCode, r.Status });
            e.HasIndex(r => new { r.ConsumerCode, r.Status });
        });

        modelBuilder.Entity<MessageLogRow>(e =>
        {
            e.ToTable(MessageLogTable);
            e.HasKey(r => r.Sequence);
            e.Property(r => r.Sequence).ValueGeneratedNever();
            e.Property(r => r.ConsumerCode).HasMaxLength(16);
            e.Property(r => r.Client).HasMaxLength(64);
            e.Property(r => r.ProviderCode).HasMaxLength(64);
            e.Property(r => r.ServiceCode).HasMaxLength(DataService.MaxCodeLength + 16);
            e.Property(r => r.Operation).HasMaxLength(64);
            e.Property(r => r.Purpose).HasMaxLength(AccessRight.MaxPurposeLength);
            e.Property(r => r.LegalBasis).HasMaxLength(DataService.MaxItemLength);
            e.Property(r => r.Issue).HasMaxLength(200);
            e.Property(r => r.EndUser).HasMaxLength(200);
            e.Property(r => r.SubjectKind).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.SubjectId).HasMaxLength(64);
            e.Property(r => r.MessageId).HasMaxLength(100);
            e.Property(r => r.RequestHash).HasMaxLength(128);
            e.Property(r => r.ResponseHash).HasMaxLength(128);
            e.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Hash).HasMaxLength(64);
            e.HasIndex(r => new { r.SubjectKind, r.SubjectId, r.Sequence });
            e.HasIndex(r => new { r.ConsumerCode, r.LoggedAt });
            e.HasIndex(r => new { r.ProviderCode, r.LoggedAt });
        });

        modelBuilder.Entity<LogBatchRow>(e =>
        {
            e.ToTable(BatchTable);
            e.HasKey(b => b.FirstSequence);
            e.Property(b => b.FirstSequence).ValueGeneratedNever();
            e.Property(b => b.PreviousHash).HasMaxLength(64);
            e.Property(b => b.LastHash).HasMaxLength(64);
            e.Property(b => b.KeyId).HasMaxLength(64);
            e.Property(b => b.Signature).HasMaxLength(2000);
            e.HasIndex(b => b.LastSequence).IsUnique();
        });

        modelBuilder.Entity<UsedMessageId>(e =>
        {
            e.ToTable("exchange_message_ids");
            e.HasKey(m => new { m.ConsumerCode, m.MessageId });
            e.Property(m => m.ConsumerCode).HasMaxLength(16);
            e.Property(m => m.MessageId).HasMaxLength(100);
            e.HasIndex(m => m.UsedAt);
        });
    }
}
