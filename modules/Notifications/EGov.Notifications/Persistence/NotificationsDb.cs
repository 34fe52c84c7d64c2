using System.Text.Json;
using System.Text.Json.Serialization;
using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Texts;
using EGov.Notifications.Domain;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EGov.Notifications.Persistence;

internal sealed class NotificationsDb(DbContextOptions<NotificationsDb> options, TimeProvider clock)
    : ModuleDbContext(options, NotificationsModule.Descriptor.Schema, clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public DbSet<NotificationTemplate> Templates => Set<NotificationTemplate>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<UndeliverableAddress> UndeliverableAddresses => Set<UndeliverableAddress>();

    public DbSet<Letter> Letters => Set<Letter>();

    public DbSet<RecordedSms> RecordedSms => Set<RecordedSms>();

    public DbSet<AgencyCallback> Callbacks => Set<AgencyCallback>();

    public DbSet<CallbackDelivery> CallbackDeliveries => Set<CallbackDelivery>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.MapIdempotencyRecords();
        modelBuilder.Entity<NotificationTemplate>(e =>
        {
            e.ToTable("templates");
            e.HasKey(t => new { t.Owner, t.Channel, t.Key, t.Version });
            e.Property(t => t.Owner).HasMaxLength(20);
            e.Property(t => t.Channel).HasConversion<string>().HasMaxLength(10);
            e.Property(t => t.Key).HasMaxLength(NoticeTemplate.MaxKeyLength);
            e.Property(t => t.CreatedBy).HasMaxLength(NoticeTemplate.MaxCreatedByLength);
            e.Property(t => t.Content).HasColumnType("jsonb").HasConversion(
                c => JsonSerializer.Serialize(ContentShape.From(c), Json),
                json => JsonSerializer.Deserialize<ContentShape>(json, Json)!.ToContent());
        });
        modelBuilder.Entity<Message>(e =>
        {
            e.ToTable("messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).ValueGeneratedNever();
            e.Property(m => m.AgencyCode).HasMaxLength(20);
            e.Property(m => m.Channel).HasConversion<string>().HasMaxLength(10);
            e.Property(m => m.Source).HasConversion<string>().HasMaxLength(10);
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Reference).HasMaxLength(Message.MaxReferenceLength);
            e.Property(m => m.TemplateOwner).HasMaxLength(20);
            e.Property(m => m.TemplateKey).HasMaxLength(NoticeTemplate.MaxKeyLength);
            e.Property(m => m.Language).HasMaxLength(Notice.MaxLanguageLength);
            e.Property(m => m.Address).HasMaxLength(Message.MaxPostalAddressLength);
            e.Property(m => m.Subject).HasMaxLength(Notice.MaxSubjectLength);
            e.Property(m => m.Body).HasMaxLength(Notice.MaxBodyLength);
            e.Property(m => m.LastError).HasMaxLength(Message.MaxErrorLength);
            e.HasIndex(m => m.NextAttemptAt).HasFilter("status IN ('Created', 'TemporaryFailure', 'Sending')").HasDatabaseName("ix_messages_due");
            e.HasIndex(m => new { m.AgencyCode, m.SentAt });
            e.HasIndex(m => new { m.AgencyCode, m.CreatedAt });
            e.HasIndex(m => m.CompletedAt).HasFilter("content_deleted_at IS NULL").HasDatabaseName("ix_messages_retained");
        });
        modelBuilder.Entity<UndeliverableAddress>(e =>
        {
            e.ToTable("undeliverable_addresses");
            e.HasKey(a => new { a.Channel, a.Address });
            e.Property(a => a.Channel).HasConversion<string>().HasMaxLength(10);
            e.Property(a => a.Address).HasMaxLength(Message.MaxPostalAddressLength);
            e.Property(a => a.Reason).HasMaxLength(Message.MaxErrorLength);
        });
        modelBuilder.Entity<Letter>(e =>
        {
            e.ToTable("letters");
            e.HasKey(l => l.MessageId);
            e.Property(l => l.AgencyCode).HasMaxLength(20);
            e.Property(l => l.PrintedBy).HasMaxLength(200);
            e.HasIndex(l => new { l.AgencyCode, l.QueuedAt });
        });
        modelBuilder.Entity<RecordedSms>(e =>
        {
            e.ToTable("recorded_sms");
            e.HasKey(s => s.MessageId);
            e.Property(s => s.PhoneNumber).HasMaxLength(20);
            e.Property(s => s.Text).HasMaxLength(Notice.MaxBodyLength);
        });
        modelBuilder.Entity<AgencyCallback>(e =>
        {
            e.ToTable("agency_callbacks");
            e.HasKey(c => c.AgencyCode);
            e.Property(c => c.AgencyCode).HasMaxLength(20);
            e.Property(c => c.Url).HasMaxLength(AgencyCallback.MaxUrlLength);
            e.Property(c => c.Secret).HasMaxLength(AgencyCallback.MaxSecretLength);
        });
        modelBuilder.Entity<CallbackDelivery>(e =>
        {
            e.ToTable("callback_deliveries");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.AgencyCode).HasMaxLength(20);
            e.Property(c => c.Payload).HasColumnType("jsonb");
            e.Property(c => c.LastError).HasMaxLength(Message.MaxErrorLength);
            e.HasIndex(c => c.NextAttemptAt).HasFilter("delivered_at IS NULL").HasDatabaseName("ix_callback_deliveries_due");
        });
    }

    /// <summary>The JSON of a template's content in its column.</summary>
    private sealed record ContentShape(
        List<NoticeParameter> Parameters, Dictionary<string, string> Subject, Dictionary<string, string> Body, Dictionary<string, string> DateFormat)
    {
        public static ContentShape From(NoticeTemplateContent c) =>
            new(c.Parameters.ToList(), c.Subject.ToDictionary(), c.Body.ToDictionary(), c.DateFormat.ToDictionary());

        public NoticeTemplateContent ToContent() =>
            new(Parameters, LocalizedText.Of(Subject), LocalizedText.Of(Body), LocalizedText.Of(DateFormat));
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host.</summary>
internal sealed class NotificationsDbDesignTimeFactory : IDesignTimeDbContextFactory<NotificationsDb>
{
    public NotificationsDb CreateDbContext(string[] args) =>
        new(DesignTime.Options<NotificationsDb>(NotificationsModule.Descriptor.Schema), TimeProvider.System);
}
