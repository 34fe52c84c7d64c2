using EGov.Agencies.Domain.Exchange;

namespace EGov.Agencies.Persistence;

/// <summary>A row of <c>g2g.message_log</c>. Written only by the log writer (one chain, numbers without gaps); read here.</summary>
internal sealed class MessageLogRow
{
    public long Sequence { get; set; }

    public DateTimeOffset LoggedAt { get; set; }

    public string ConsumerCode { get; set; } = string.Empty;

    public string Client { get; set; } = string.Empty;

    public string ProviderCode { get; set; } = string.Empty;

    public string ServiceCode { get; set; } = string.Empty;

    public string Operation { get; set; } = string.Empty;

    public string Purpose { get; set; } = string.Empty;

    public string? LegalBasis { get; set; }

    public string? Issue { get; set; }

    public string? EndUser { get; set; }

    public DataSubjectKind SubjectKind { get; set; }

    public string? SubjectId { get; set; }

    public string MessageId { get; set; } = string.Empty;

    public string RequestHash { get; set; } = string.Empty;

    public string? ResponseHash { get; set; }

    public int Status { get; set; }

    public ExchangeOutcome Outcome { get; set; }

    public long DurationMicros { get; set; }

    public string? RequestBody { get; set; }

    public string? ResponseBody { get; set; }

    public string Hash { get; set; } = string.Empty;

    public LogRecord ToRecord() => new(
        LoggedAt, ConsumerCode, Client, ProviderCode, ServiceCode, Operation, Purpose, LegalBasis, Issue, EndUser,
        SubjectKind, SubjectId, MessageId, RequestHash, ResponseHash, Status, Outcome, DurationMicros, RequestBody, ResponseBody);
}

/// <summary>A signed range of the message log (<c>g2g.message_log_batches</c>).</summary>
internal sealed class LogBatchRow
{
    public long FirstSequence { get; set; }

    public long LastSequence { get; set; }

    /// <summary>The hash of the entry before <see cref="FirstSequence"/> (zeros for the first batch).</summary>
    public string PreviousHash { get; set; } = string.Empty;

    public string LastHash { get; set; } = string.Empty;

    public string KeyId { get; set; } = string.Empty;

    /// <summary>Compact ES256 JWS over the batch statement (docs/g2g.md).</summary>
    public string Signature { get; set; } = string.Empty;

    public DateTimeOffset SignedAt { get; set; }
}

/// <summary>A message id a consumer has used (<c>g2g.exchange_message_ids</c>): a second use is a replay.</summary>
internal sealed class UsedMessageId
{
    public string ConsumerCode { get; set; } = string.Empty;

    public string MessageId { get; set; } = string.Empty;

    public DateTimeOffset UsedAt { get; set; }
}
