using System.Text.RegularExpressions;

namespace EGov.SharedKernel.Persistence;

/// <summary>Schema names are interpolated into SQL, so only plain lower-case identifiers are accepted.</summary>
public static partial class SchemaName
{
    public static string EnsureValid(string schema) =>
        Pattern().IsMatch(schema)
            ? schema
            : throw new ArgumentException($"'{schema}' is not a valid schema name (lower-case letters, digits and '_').", nameof(schema));

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Pattern();
}
