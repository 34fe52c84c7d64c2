using EGov.BuildingBlocks.Notices;
using EGov.BuildingBlocks.Texts;

namespace EGov.Notifications.Domain;

/// <summary>
/// One version of an agency's template for one channel: key, parameters, subject and body per language (the Notices
/// block's content and rules). Versions are never changed; saving makes the next one. The templates the platform
/// ships belong to <see cref="PlatformOwner"/> and are used by every agency that has none of its own for the key.
/// </summary>
internal sealed class NotificationTemplate
{
    /// <summary>The owner of the platform's shipped templates (an agency code is upper-case letters, never this).</summary>
    public const string PlatformOwner = "*";

    /// <summary>Longest rendered SMS text (four concatenated parts).</summary>
    public const int MaxSmsLength = 612;

    private NotificationTemplate()
    {
    }

    public string Owner { get; private set; } = string.Empty;

    public Channel Channel { get; private set; }

    public string Key { get; private set; } = string.Empty;

    public int Version { get; private set; }

    public NoticeTemplateContent Content { get; private set; } = null!;

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public static NotificationTemplate First(string owner, Channel channel, string key, NoticeTemplateContent content, DateTimeOffset at, string by) =>
        new()
        {
            Owner = owner,
            Channel = channel,
            Key = key,
            Version = 1,
            Content = content,
            CreatedAt = at,
            CreatedBy = Fit(by),
        };

    /// <summary>The next version with new content (parameters may change between versions of an agency's template).</summary>
    public NotificationTemplate Next(NoticeTemplateContent content, DateTimeOffset at, string by) =>
        new()
        {
            Owner = Owner,
            Channel = Channel,
            Key = Key,
            Version = Version + 1,
            Content = content,
            CreatedAt = at,
            CreatedBy = Fit(by),
        };

    public bool SameContentAs(NoticeTemplateContent content) =>
        content.Parameters.SequenceEqual(Content.Parameters) && content.Subject.Equals(Content.Subject)
        && content.Body.Equals(Content.Body) && content.DateFormat.Equals(Content.DateFormat);

    public RenderedNotice Render(string? language, NoticeValues values) => Content.Render(Key, language, values);

    public IEnumerable<string> Languages => Content.Subject.Keys;

    private static string Fit(string by) => by.Length <= NoticeTemplate.MaxCreatedByLength ? by : by[..NoticeTemplate.MaxCreatedByLength];
}
