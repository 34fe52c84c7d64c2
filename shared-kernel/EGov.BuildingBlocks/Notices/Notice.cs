using EGov.BuildingBlocks.Parties;

namespace EGov.BuildingBlocks.Notices;

/// <summary>What a notice is about: a case by its id, its human reference, or both.</summary>
public sealed record NoticeRegarding
{
    public const int MaxReferenceLength = 64;

    public NoticeRegarding(Guid? caseId, string? reference = null)
    {
        if (caseId is null && string.IsNullOrWhiteSpace(reference))
        {
            throw new ArgumentException("A notice regards a case id, a reference or both.", nameof(reference));
        }

        if (reference is { Length: > MaxReferenceLength })
        {
            throw new ArgumentException($"A reference is at most {MaxReferenceLength} characters.", nameof(reference));
        }

        CaseId = caseId;
        Reference = string.IsNullOrWhiteSpace(reference) ? null : reference;
    }

    public Guid? CaseId { get; }

    public string? Reference { get; }
}

/// <summary>
/// A message to one party (a citizen, a business, an employee, an agency) in that party's inbox, rendered once from
/// a template in the reader's language and kept as rendered: a later version of the template never changes it.
/// </summary>
public sealed class Notice
{
    public const int MaxSubjectLength = 300;
    public const int MaxBodyLength = 8000;
    public const int MaxLanguageLength = 10;

    private Notice()
    {
    }

    public Guid Id { get; private set; }

    public PartyKind RecipientKind { get; private set; }

    /// <summary>The recipient's id in its kind's own terms (see <see cref="PartyRef"/>).</summary>
    public string RecipientId { get; private set; } = string.Empty;

    public PartyRef Recipient => new(RecipientKind, RecipientId);

    public Guid? RegardingCaseId { get; private set; }

    public string? RegardingReference { get; private set; }

    /// <summary>The template it was rendered from; null for a notice written before templates existed.</summary>
    public string? TemplateKey { get; private set; }

    public int? TemplateVersion { get; private set; }

    /// <summary>The language of its text; null for a notice written before templates existed.</summary>
    public string? Language { get; private set; }

    public string Subject { get; private set; } = string.Empty;

    public string Body { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>Renders <paramref name="template"/> for <paramref name="recipient"/> in <paramref name="language"/>.</summary>
    public static Notice Render(
        PartyRef recipient, string? language, NoticeTemplate template, NoticeValues values, NoticeRegarding? regarding, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(template);
        var rendered = template.Render(language, values);
        at = ToStoredPrecision(at);
        return new Notice
        {
            Id = Guid.CreateVersion7(at),
            RecipientKind = recipient.Kind,
            RecipientId = recipient.Id,
            RegardingCaseId = regarding?.CaseId,
            RegardingReference = regarding?.Reference,
            TemplateKey = template.Key,
            TemplateVersion = template.Version,
            Language = rendered.Language,
            Subject = rendered.Subject,
            Body = rendered.Body,
            CreatedAt = at,
        };
    }

    /// <summary>Marks it read at <paramref name="at"/>; false (and nothing changes) when it was read before.</summary>
    public bool MarkRead(DateTimeOffset at)
    {
        if (ReadAt is not null)
        {
            return false;
        }

        ReadAt = ToStoredPrecision(at);
        return true;
    }

    /// <summary>PostgreSQL keeps microseconds: a time answered before and after a save must read the same.</summary>
    private static DateTimeOffset ToStoredPrecision(DateTimeOffset at) => at.AddTicks(-(at.Ticks % 10));

    /// <summary>A text cut to <paramref name="max"/> characters with an ellipsis (never inside a surrogate pair).</summary>
    internal static string Fit(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
