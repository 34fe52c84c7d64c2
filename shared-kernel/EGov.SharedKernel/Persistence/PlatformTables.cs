namespace EGov.SharedKernel.Persistence;

/// <summary>An integration event waiting in (or delivered from) a module's transactional outbox.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    public required string Type { get; set; }

    public required string Payload { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string? CorrelationId { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }
}

/// <summary>An event a module's subscriber has already applied; the key makes each effect happen once.</summary>
public sealed class InboxMessage
{
    public Guid EventId { get; set; }

    public required string Consumer { get; set; }

    public required string Type { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}

/// <summary>One append-only, hash-chained audit record.</summary>
public sealed class AuditRecord
{
    public long Sequence { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public required string Actor { get; set; }

    public string? OnBehalfOf { get; set; }

    public required string Action { get; set; }

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    public string? CorrelationId { get; set; }

    public string? Details { get; set; }

    public string PreviousHash { get; set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;
}

/// <summary>Persisted state of an Orleans grain owned by the module (written by the grain storage provider).</summary>
public sealed class GrainStateRow
{
    public required string GrainType { get; set; }

    public required string GrainId { get; set; }

    public long Version { get; set; }

    public required string State { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
