using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace EGov.BuildingBlocks.Notices;

/// <summary>
/// The placeholder syntax of a template text: <c>{{name}}</c> is replaced by the value of a parameter, and
/// <c>{{#name}}…{{/name}}</c> is a section kept only when the optional parameter <c>name</c> has a value
/// (<c>Your application {{reference}} is now: {{status}}.{{#message}} {{message}}{{/message}}</c>). Values are
/// inserted as they are, never read as placeholders themselves.
/// </summary>
internal static partial class NoticeText
{
    public const string NamePattern = "^[a-z][A-Za-z0-9]{0,39}$";

    public abstract record Segment;

    public sealed record Literal(string Text) : Segment;

    public sealed record Placeholder(string Name) : Segment;

    public sealed record Section(string Name, IReadOnlyList<Segment> Content) : Segment;

    public static bool IsName(string? name) => name is not null && Name().IsMatch(name);

    /// <summary>The segments of <paramref name="text"/>, or null with the reason in <paramref name="error"/>.</summary>
    public static IReadOnlyList<Segment>? Parse(string text, out string? error)
    {
        var open = new Stack<(string Name, List<Segment> Content)>();
        var current = new List<Segment>();
        var position = 0;
        while (position < text.Length)
        {
            var start = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (start < 0)
            {
                current.Add(new Literal(text[position..]));
                break;
            }

            if (start > position)
            {
                current.Add(new Literal(text[position..start]));
            }

            var end = text.IndexOf("}}", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                error = $"'{{{{' at character {start + 1} opens a placeholder that is never closed with '}}}}'.";
                return null;
            }

            var tag = text[(start + 2)..end];
            var name = tag.Length > 0 && tag[0] is '#' or '/' ? tag[1..] : tag;
            if (!IsName(name))
            {
                error = $"'{{{{{Shorten(tag)}}}}}' is not a placeholder: write {{{{name}}}}, or {{{{#name}}}}…{{{{/name}}}} around what shows only when 'name' has a value (names are letters and digits, starting with a lower-case letter, no spaces).";
                return null;
            }

            switch (tag[0])
            {
                case '#':
                    open.Push((name, current));
                    current = [];
                    break;
                case '/':
                    if (open.Count == 0 || open.Peek().Name != name)
                    {
                        error = open.Count == 0
                            ? $"'{{{{/{name}}}}}' closes a section that was never opened."
                            : $"'{{{{/{name}}}}}' closes '{name}' while the section '{open.Peek().Name}' is open: close it first.";
                        return null;
                    }

                    var (sectionName, outer) = open.Pop();
                    outer.Add(new Section(sectionName, current));
                    current = outer;
                    break;
                default:
                    current.Add(new Placeholder(name));
                    break;
            }

            position = end + 2;
        }

        if (open.Count > 0)
        {
            error = $"The section '{{{{#{open.Peek().Name}}}}}' is never closed with '{{{{/{open.Peek().Name}}}}}'.";
            return null;
        }

        error = null;
        return current;
    }

    /// <summary>The names a text uses, with whether each use is inside a section on the same name.</summary>
    public static IEnumerable<(string Name, bool IsSection, bool InsideOwnSection)> Uses(IReadOnlyList<Segment> segments, ImmutableStack<string>? sections = null)
    {
        sections ??= ImmutableStack<string>.Empty;
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case Placeholder p:
                    yield return (p.Name, false, sections.Contains(p.Name));
                    break;
                case Section s:
                    yield return (s.Name, true, sections.Contains(s.Name));
                    foreach (var use in Uses(s.Content, sections.Push(s.Name)))
                    {
                        yield return use;
                    }

                    break;
            }
        }
    }

    public static string Render(IReadOnlyList<Segment> segments, Func<string, string?> valueOf)
    {
        var output = new StringBuilder();
        Append(output, segments, valueOf);
        return output.ToString();
    }

    private static void Append(StringBuilder output, IReadOnlyList<Segment> segments, Func<string, string?> valueOf)
    {
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case Literal l:
                    output.Append(l.Text);
                    break;
                case Placeholder p:
                    output.Append(valueOf(p.Name));
                    break;
                case Section s when valueOf(s.Name) is not null:
                    Append(output, s.Content, valueOf);
                    break;
            }
        }
    }

    private static string Shorten(string tag) => tag.Length <= 40 ? tag : tag[..40] + "…";

    [GeneratedRegex(NamePattern)]
    private static partial Regex Name();
}
