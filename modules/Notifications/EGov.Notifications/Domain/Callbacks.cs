namespace EGov.Notifications.Domain;

/// <summary>
/// An agency's own system that wants delivery statuses: a URL and the secret both sides use for the HMAC-SHA256
/// signature of each callback (<c>X-EGov-Signature: sha256=&lt;hex&gt;</c> over the raw body).
/// </summary>
internal sealed class AgencyCallback
{
    public const int MaxUrlLength = 500;
    public const int MinSecretLength = 32;
    public const int MaxSecretLength = 200;

    private AgencyCallback()
    {
    }

    public string AgencyCode { get; private set; } = string.Empty;

    public string Url { get; private set; } = string.Empty;

    public string Secret { get; private set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; private set; }

    public static AgencyCallback Register(string agencyCode, string url, string secret, DateTimeOffset at) =>
        new() { AgencyCode = agencyCode, Url = url, Secret = secret, UpdatedAt = at };

    public void Change(string url, string secret, DateTimeOffset at)
    {
        Url = url;
        Secret = secret;
        UpdatedAt = at;
    }
}

/// <summary>One status callback waiting to reach an agency's system (retried with back-off until it is acknowledged).</summary>
internal sealed class CallbackDelivery
{
    private CallbackDelivery()
    {
    }

    public Guid Id { get; private set; }

    public string AgencyCode { get; private set; } = string.Empty;

    public Guid MessageId { get; private set; }

    /// <summary>The JSON body as it is signed and sent.</summary>
    public string Payload { get; private set; } = string.Empty;

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public static CallbackDelivery For(string agencyCode, Guid messageId, string payload, DateTimeOffset at) =>
        new()
        {
            Id = Guid.CreateVersion7(at),
            AgencyCode = agencyCode,
            MessageId = messageId,
            Payload = payload,
            NextAttemptAt = at,
            CreatedAt = at,
        };

    public void Acknowledged(DateTimeOffset at)
    {
        Attempts++;
        DeliveredAt = at;
        LastError = null;
    }

    public void Failed(string reason, TimeSpan retryAfter, DateTimeOffset at)
    {
        Attempts++;
        LastError = reason.Length <= Message.MaxErrorLength ? reason : reason[..Message.MaxErrorLength];
        NextAttemptAt = at + retryAfter;
    }
}
