namespace EGov.Notifications.Domain;

/// <summary>
/// One message to one address on one channel, rendered once from a template version and then delivered by a sender.
/// Its id is the platform's message id (the SMTP <c>Message-Id</c> of an email); it changes only through its methods.
/// </summary>
internal sealed class Message
{
    public const int MaxAddressLength = 320;
    public const int MaxPostalAddressLength = 500;
    public const int MaxErrorLength = 500;
    public const int MaxReferenceLength = 100;

    private Message()
    {
    }

    public Guid Id { get; private set; }

    public string AgencyCode { get; private set; } = string.Empty;

    public Channel Channel { get; private set; }

    public MessageSource Source { get; private set; }

    /// <summary>The agency's own reference for the message (optional), echoed in status callbacks.</summary>
    public string? Reference { get; private set; }

    public string TemplateOwner { get; private set; } = string.Empty;

    public string TemplateKey { get; private set; } = string.Empty;

    public int TemplateVersion { get; private set; }

    public string Language { get; private set; } = string.Empty;

    /// <summary>The email address, phone number or postal address; null once the retention period deleted it.</summary>
    public string? Address { get; private set; }

    public string? Subject { get; private set; }

    public string? Body { get; private set; }

    public MessageStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? LeaseUntil { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset? ContentDeletedAt { get; private set; }

    public static Message Queue(
        Guid id, string agencyCode, Channel channel, MessageSource source, string? reference, NotificationTemplate template,
        string language, string address, string subject, string body, DateTimeOffset at) =>
        new()
        {
            Id = id,
            AgencyCode = agencyCode,
            Channel = channel,
            Source = source,
            Reference = reference,
            TemplateOwner = template.Owner,
            TemplateKey = template.Key,
            TemplateVersion = template.Version,
            Language = language,
            Address = address,
            Subject = subject,
            Body = body,
            Status = MessageStatus.Created,
            NextAttemptAt = at,
            CreatedAt = at,
        };

    /// <summary>A request that could not become a message (a missing value, no template): recorded, never sent.</summary>
    public static Message Refused(
        Guid id, string agencyCode, Channel channel, string templateKey, string reason, DateTimeOffset at) =>
        new()
        {
            Id = id,
            AgencyCode = agencyCode,
            Channel = channel,
            Source = MessageSource.Event,
            TemplateOwner = agencyCode,
            TemplateKey = templateKey,
            Language = string.Empty,
            Status = MessageStatus.PermanentFailure,
            LastError = Cut(reason),
            NextAttemptAt = at,
            CreatedAt = at,
            CompletedAt = at,
        };

    public bool IsFinal => Status is MessageStatus.Delivered or MessageStatus.PermanentFailure;

    public void Delivered(DateTimeOffset at)
    {
        Status = MessageStatus.Delivered;
        LeaseUntil = null;
        LastError = null;
        SentAt = at;
        CompletedAt = at;
    }

    /// <summary>A refusal for now: the next attempt after <paramref name="retryAfter"/>, or permanent when attempts are used up.</summary>
    public void FailedTemporarily(string reason, TimeSpan retryAfter, int maxAttempts, DateTimeOffset at)
    {
        if (Attempts >= maxAttempts)
        {
            FailedPermanently($"Gave up after {Attempts} attempts: {reason}", at);
            return;
        }

        Status = MessageStatus.TemporaryFailure;
        LeaseUntil = null;
        LastError = Cut(reason);
        NextAttemptAt = at + retryAfter;
    }

    public void FailedPermanently(string reason, DateTimeOffset at)
    {
        Status = MessageStatus.PermanentFailure;
        LeaseUntil = null;
        LastError = Cut(reason);
        CompletedAt = at;
    }

    /// <summary>Deletes what identifies the person and what was said (the retention period ran out); the status stays.</summary>
    public bool ForgetContent(DateTimeOffset at)
    {
        if (ContentDeletedAt is not null || !IsFinal)
        {
            return false;
        }

        Address = null;
        Subject = null;
        Body = null;
        ContentDeletedAt = at;
        return true;
    }

    private static string Cut(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
}

/// <summary>An address a permanent bounce showed to be undeliverable: messages to it fail at once, without a send.</summary>
internal sealed class UndeliverableAddress
{
    private UndeliverableAddress()
    {
    }

    public Channel Channel { get; private set; }

    public string Address { get; private set; } = string.Empty;

    public Guid MessageId { get; private set; }

    public string Reason { get; private set; } = string.Empty;

    public DateTimeOffset MarkedAt { get; private set; }

    public static UndeliverableAddress Mark(Channel channel, string address, Guid messageId, string reason, DateTimeOffset at) =>
        new()
        {
            Channel = channel,
            Address = Normalize(address),
            MessageId = messageId,
            Reason = reason.Length <= Message.MaxErrorLength ? reason : reason[..Message.MaxErrorLength],
            MarkedAt = at,
        };

    public static string Normalize(string address) => address.Trim().ToLowerInvariant();
}

/// <summary>A letter in the agency's print queue, as a PDF; print staff take it and mark it printed.</summary>
internal sealed class Letter
{
    private Letter()
    {
    }

    public Guid MessageId { get; private set; }

    public string AgencyCode { get; private set; } = string.Empty;

    public byte[]? Pdf { get; private set; }

    public DateTimeOffset QueuedAt { get; private set; }

    public DateTimeOffset? PrintedAt { get; private set; }

    public string? PrintedBy { get; private set; }

    public static Letter Queue(Guid messageId, string agencyCode, byte[] pdf, DateTimeOffset at) =>
        new() { MessageId = messageId, AgencyCode = agencyCode, Pdf = pdf, QueuedAt = at };

    /// <summary>Marks it printed; false when it was printed before (nothing changes).</summary>
    public bool MarkPrinted(string by, DateTimeOffset at)
    {
        if (PrintedAt is not null)
        {
            return false;
        }

        PrintedAt = at;
        PrintedBy = by;
        return true;
    }

    public void ForgetContent() => Pdf = null;
}

/// <summary>What the development SMS provider would have sent (one row per message id).</summary>
internal sealed class RecordedSms
{
    private RecordedSms()
    {
    }

    public Guid MessageId { get; private set; }

    public string? PhoneNumber { get; private set; }

    public string? Text { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public static RecordedSms Of(Guid messageId, string phoneNumber, string text, DateTimeOffset at) =>
        new() { MessageId = messageId, PhoneNumber = phoneNumber, Text = text, RecordedAt = at };

    public void ForgetContent()
    {
        PhoneNumber = null;
        Text = null;
    }
}
