using System.Diagnostics;
using System.Text.Json;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Events;
using EGov.SharedKernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace EGov.SharedKernel.Persistence;

/// <summary>
/// Base of every module's DbContext: the module's own schema, plus its outbox, inbox, audit trail and grain state
/// tables. Events published and audit records added here are saved in the same transaction as the state change.
/// </summary>
public abstract class ModuleDbContext : DbContext
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    // Audit records are numbered and chained at save time, under the schema's lock; until then they wait here.
    private readonly List<AuditRecord> _pendingAudit = [];

    protected ModuleDbContext(DbContextOptions options, string schema, TimeProvider clock)
        : base(options)
    {
        Schema = schema;
        Clock = clock;
    }

    public string Schema { get; }

    protected TimeProvider Clock { get; }

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    /// <summary>Stores an integration event in the outbox; it leaves only if the surrounding save commits.</summary>
    public void Publish<TEvent>(TEvent integrationEvent) where TEvent : IIntegrationEvent
    {
        var now = Clock.GetUtcNow();
        OutboxMessages.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Type = IntegrationEventNames.Of<TEvent>(),
            Payload = JsonSerializer.Serialize(integrationEvent, PayloadJson),
            OccurredAt = now,
            NextAttemptAt = now,
            CorrelationId = Activity.Current?.TraceId.ToHexString(),
        });
    }

    /// <summary>Adds an audit record for a change made by the current user; chained and saved with the change.</summary>
    public void Audit(ICurrentUser user, string action, string entityType, string entityId, object? details = null, string? onBehalfOf = null) =>
        Audit(Actor.Of(user), action, entityType, entityId, details, onBehalfOf);

    /// <summary>Adds an audit record for a change made by <paramref name="actor"/>; chained and saved with the change.</summary>
    public void Audit(Actor actor, string action, string entityType, string entityId, object? details = null, string? onBehalfOf = null) =>
        _pendingAudit.Add(new AuditRecord
        {
            OccurredAt = AuditChain.Truncate(Clock.GetUtcNow()),
            Actor = actor.Id,
            OnBehalfOf = onBehalfOf,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            CorrelationId = Activity.Current?.TraceId.ToHexString(),
            Details = details is null ? null : JsonSerializer.Serialize(details, PayloadJson),
        });

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (_pendingAudit.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await AuditChain.LinkAsync(this, _pendingAudit, cancellationToken);
            AuditRecords.AddRange(_pendingAudit);
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            _pendingAudit.Clear();
            return written;
        }
        catch
        {
            // Nothing was committed: the records go back to waiting, unnumbered, as before the attempt.
            foreach (var record in _pendingAudit)
            {
                Entry(record).State = EntityState.Detached;
            }

            throw;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Module contexts save asynchronously: use SaveChangesAsync.");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Type).HasMaxLength(200);
            e.Property(m => m.Payload).HasColumnType("jsonb");
            e.Property(m => m.CorrelationId).HasMaxLength(64);
            e.Property(m => m.LastError).HasMaxLength(2000);
            e.HasIndex(m => new { m.NextAttemptAt, m.OccurredAt })
                .HasFilter("dispatched_at IS NULL")
                .HasDatabaseName("ix_outbox_messages_pending");
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.EventId, m.Consumer });
            e.Property(m => m.Consumer).HasMaxLength(200);
            e.Property(m => m.Type).HasMaxLength(200);
        });
        modelBuilder.Entity<AuditRecord>(e =>
        {
            e.ToTable("audit_log");
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedNever();
            e.Property(a => a.Actor).HasMaxLength(200);
            e.Property(a => a.OnBehalfOf).HasMaxLength(200);
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.EntityType).HasMaxLength(100);
            e.Property(a => a.EntityId).HasMaxLength(200);
            e.Property(a => a.CorrelationId).HasMaxLength(64);
            e.Property(a => a.Details).HasColumnType("text"); // text, not jsonb: the hash covers the exact bytes
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
            e.HasIndex(a => new { a.EntityType, a.EntityId });
        });
        modelBuilder.Entity<GrainStateRow>(e =>
        {
            e.ToTable("grain_state");
            e.HasKey(g => new { g.GrainType, g.GrainId });
            e.Property(g => g.State).HasColumnType("jsonb");
        });
        ConfigureModel(modelBuilder);
    }

    /// <summary>The module's own entities.</summary>
    protected abstract void ConfigureModel(ModelBuilder modelBuilder);
}
