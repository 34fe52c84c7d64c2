using System.Collections;
using EGov.BuildingBlocks.Texts;

namespace EGov.BuildingBlocks.Notices;

/// <summary>The kinds of value a template's parameter takes.</summary>
public enum NoticeValueType
{
    /// <summary>A text: the same for every reader, or a <see cref="LocalizedText"/> read in the reader's language.</summary>
    Text,

    /// <summary>A calendar date, shown in the reader's language by the template's date format.</summary>
    Date,
}

/// <summary>One value for a template's placeholder.</summary>
public abstract class NoticeValue
{
    private protected NoticeValue()
    {
    }

    public abstract NoticeValueType Type { get; }

    /// <summary>The value as the reader sees it, in <paramref name="language"/> (a language of the template, whose date formats are <paramref name="dateFormat"/>).</summary>
    internal abstract string Show(string language, LocalizedText dateFormat);

    internal sealed class PlainText(string value) : NoticeValue
    {
        public override NoticeValueType Type => NoticeValueType.Text;

        internal override string Show(string language, LocalizedText dateFormat) => value;
    }

    internal sealed class TextInLanguages(LocalizedText value) : NoticeValue
    {
        public override NoticeValueType Type => NoticeValueType.Text;

        internal override string Show(string language, LocalizedText dateFormat) => value.In(language);
    }

    internal sealed class CalendarDate(DateOnly value) : NoticeValue
    {
        public override NoticeValueType Type => NoticeValueType.Date;

        internal override string Show(string language, LocalizedText dateFormat) => NoticeDateFormat.Show(value, dateFormat.In(language));
    }
}

/// <summary>
/// The values a notice is rendered with, by parameter name. A null or blank value is no value: an optional
/// parameter's section is left out. Build it with a collection initializer:
/// <c>new NoticeValues { { "reference", reference }, { "dueDate", due }, { "message", message } }</c>.
/// </summary>
public sealed class NoticeValues : IEnumerable<KeyValuePair<string, NoticeValue>>
{
    private readonly Dictionary<string, NoticeValue> _values = new(StringComparer.Ordinal);

    public int Count => _values.Count;

    /// <summary>A text the same for every reader (a reference, a caseworker's message).</summary>
    public void Add(string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            Set(name, new NoticeValue.PlainText(value));
        }
    }

    /// <summary>A text in several languages (a service's title, a status name), read in the reader's language.</summary>
    public void Add(string name, LocalizedText? value)
    {
        if (value is { Count: > 0 })
        {
            Set(name, new NoticeValue.TextInLanguages(value));
        }
    }

    public void Add(string name, DateOnly value) => Set(name, new NoticeValue.CalendarDate(value));

    public void Add(string name, DateOnly? value)
    {
        if (value is { } date)
        {
            Add(name, date);
        }
    }

    public bool TryGet(string name, out NoticeValue value) => _values.TryGetValue(name, out value!);

    public IEnumerator<KeyValuePair<string, NoticeValue>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Set(string name, NoticeValue value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_values.TryAdd(name, value))
        {
            throw new ArgumentException($"The value '{name}' is given twice.", nameof(name));
        }
    }
}
