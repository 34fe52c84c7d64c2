namespace EGov.Notifications.Domain;

/// <summary>How a message reaches a person.</summary>
internal enum Channel
{
    Email,
    Sms,
    Letter,
}

/// <summary>Where a message is in its delivery.</summary>
internal enum MessageStatus
{
    /// <summary>Queued, waiting for a sender.</summary>
    Created,

    /// <summary>Claimed by a sender under a lease; retried by another sender only after the lease ran out.</summary>
    Sending,

    /// <summary>Accepted by the channel: the SMTP server, the SMS provider, or the print queue.</summary>
    Delivered,

    /// <summary>Refused for now (SMTP 4xx, connection lost): retried with back-off.</summary>
    TemporaryFailure,

    /// <summary>Refused for good (SMTP 5xx, an undeliverable address, attempts used up, a missing value): never retried.</summary>
    PermanentFailure,
}

/// <summary>Where a message came from.</summary>
internal enum MessageSource
{
    /// <summary>An agency's system or staff through <c>POST /api/notify/messages</c>.</summary>
    Api,

    /// <summary>A module's event (<c>NotificationRequested</c>, or a subscription such as G2C's decisions).</summary>
    Event,
}
