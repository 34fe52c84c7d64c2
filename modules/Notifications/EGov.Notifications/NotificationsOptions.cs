namespace EGov.Notifications;

/// <summary>The <c>Notifications</c> settings (docs/settings.md).</summary>
internal sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Messages a sender sends per agency in any minute (GOV.UK Notify allows 3,000 a minute per key).</summary>
    public int RatePerMinutePerAgency { get; set; } = 3000;

    /// <summary>How often an idle sender looks for due messages; commits of new messages wake it at once.</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;

    public int BatchSize { get; set; } = 20;

    /// <summary>How long a claim lasts: a message whose sender died is taken by another only after it.</summary>
    public int LeaseSeconds { get; set; } = 60;

    public int MaxAttempts { get; set; } = 8;

    public int FirstRetryDelaySeconds { get; set; } = 30;

    public int MaxRetryDelaySeconds { get; set; } = 3600;

    /// <summary>Days addresses and bodies of finished messages are kept; then the retention job deletes them.</summary>
    public int RetentionDays { get; set; } = 7;

    public int RetentionSweepSeconds { get; set; } = 3600;

    public int CallbackTimeoutSeconds { get; set; } = 10;

    /// <summary><c>Development</c> records SMS in <c>notify.recorded_sms</c> instead of sending them.</summary>
    public SmsProviderKind SmsProvider { get; set; } = SmsProviderKind.Development;
}

internal enum SmsProviderKind
{
    Development,
}

internal sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 2525;

    /// <summary><c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c> or <c>SslOnConnect</c> (MailKit's names).</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string FromAddress { get; set; } = "no-reply@notify.egov.example";

    public string FromName { get; set; } = "EGov.Platform";

    /// <summary>The domain of the <c>Message-Id</c> header: <c>&lt;{message id}@{domain}&gt;</c>.</summary>
    public string MessageIdDomain { get; set; } = "notify.egov.example";

    public int TimeoutSeconds { get; set; } = 30;
}
