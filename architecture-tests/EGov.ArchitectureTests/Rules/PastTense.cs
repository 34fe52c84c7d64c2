namespace EGov.ArchitectureTests.Rules;

/// <summary>
/// Integration events state facts, so their names end in a past participle: "…ed", or one of the irregular
/// participles below. A version suffix ("AgencyRegisteredV2") is ignored. To add an irregular participle, add it
/// here and to the list in docs/architecture.md.
/// </summary>
public static class PastTense
{
    public static readonly IReadOnlySet<string> IrregularParticiples = new HashSet<string>(StringComparer.Ordinal)
    {
        "Begun", "Bound", "Brought", "Built", "Chosen", "Done", "Drawn", "Found", "Frozen", "Given", "Held", "Kept",
        "Known", "Laid", "Left", "Lost", "Made", "Met", "Paid", "Read", "Reset", "Sent", "Set", "Shown", "Sold",
        "Spent", "Sworn", "Taken", "Told", "Undone", "Upheld", "Withdrawn", "Withheld", "Written",
    };

    public static bool IsPastTense(string typeName) =>
        LastWord(typeName) is var word && (word.EndsWith("ed", StringComparison.Ordinal) || IrregularParticiples.Contains(word));

    /// <summary>The last PascalCase word of a type name, without generic arity or version suffix.</summary>
    public static string LastWord(string typeName)
    {
        var name = typeName;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        var end = name.Length;
        while (end > 0 && char.IsAsciiDigit(name[end - 1]))
        {
            end--;
        }

        if (end < name.Length && end > 1 && name[end - 1] == 'V')
        {
            name = name[..(end - 1)];
        }

        var start = name.Length - 1;
        while (start > 0 && !char.IsUpper(name[start]))
        {
            start--;
        }

        return name[start..];
    }
}
