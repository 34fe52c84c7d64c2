namespace EGov.Businesses.Domain;

internal enum ActivityLevel
{
    Section,
    Division,
    Group,
    Class,
}

/// <summary>One entry of the NACE Rev. 2 codelist.</summary>
internal sealed record ActivityCode(string Code, ActivityLevel Level, string Title, string Section);

/// <summary>
/// The NACE Rev. 2 codelist the register validates activity codes against, read from the data file the module ships
/// (<c>Persistence/Seed/nace-rev2.tsv</c>). A business's activity is a division, group or class; sections only group them.
/// </summary>
internal sealed class ActivityCodes
{
    public const string Resource = "EGov.Businesses.nace-rev2.tsv";

    private readonly Dictionary<string, ActivityCode> _byCode;

    private ActivityCodes(IReadOnlyList<ActivityCode> all)
    {
        All = all;
        _byCode = all.ToDictionary(c => c.Code, StringComparer.Ordinal);
    }

    public static ActivityCodes Shipped { get; } = Load();

    public IReadOnlyList<ActivityCode> All { get; }

    public ActivityCode? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>A division, group or class of the codelist (not a section).</summary>
    public bool IsActivity(string code) => Find(code) is { Level: not ActivityLevel.Section };

    /// <summary>Parses the codelist: lines <c>code TAB title</c>, <c>#</c> comments; the level follows from the code's shape.</summary>
    public static ActivityCodes Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var codes = new List<ActivityCode>();
        var section = string.Empty;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                throw new FormatException($"A codelist line is 'code<TAB>title': '{line}'.");
            }

            var code = line[..tab];
            var level = LevelOf(code) ?? throw new FormatException($"'{code}' is not a NACE code.");
            if (level == ActivityLevel.Section)
            {
                section = code;
            }
            else if (section.Length == 0)
            {
                throw new FormatException($"'{code}' comes before any section.");
            }

            codes.Add(new ActivityCode(code, level, line[(tab + 1)..].Trim(), section));
        }

        return new ActivityCodes(codes);
    }

    /// <summary>A letter (section), two digits (division), <c>dd.d</c> (group) or <c>dd.dd</c> (class).</summary>
    public static ActivityLevel? LevelOf(string code) => code switch
    {
        [>= 'A' and <= 'U'] => ActivityLevel.Section,
        [var a, var b] when char.IsAsciiDigit(a) && char.IsAsciiDigit(b) => ActivityLevel.Division,
        [var a, var b, '.', var c] when char.IsAsciiDigit(a) && char.IsAsciiDigit(b) && char.IsAsciiDigit(c) => ActivityLevel.Group,
        [var a, var b, '.', var c, var d] when char.IsAsciiDigit(a) && char.IsAsciiDigit(b) && char.IsAsciiDigit(c) && char.IsAsciiDigit(d) => ActivityLevel.Class,
        _ => null,
    };

    private static ActivityCodes Load()
    {
        using var stream = typeof(ActivityCodes).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The codelist resource {Resource} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
