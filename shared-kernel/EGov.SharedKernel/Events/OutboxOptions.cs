using System.ComponentModel.DataAnnotations;

namespace EGov.SharedKernel.Events;

/// <summary>Settings of the outbox dispatcher (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Whether this instance delivers events. Several instances may all deliver: rows are claimed with SKIP LOCKED.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often the outbox is polled when no commit signalled new events.</summary>
    [Range(50, 60_000)]
    public int PollIntervalMilliseconds { get; set; } = 1000;

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>First retry delay; doubles with every failed attempt up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    [Range(1, 3600)]
    public int FirstRetryDelaySeconds { get; set; } = 1;

    [Range(1, 86_400)]
    public int MaxRetryDelaySeconds { get; set; } = 300;

    /// <summary>After this many failed attempts a message is reported as stuck (it is still retried).</summary>
    [Range(1, 1000)]
    public int StuckAfterAttempts { get; set; } = 5;
}
