using System.Text.RegularExpressions;

namespace EGov.SharedKernel.Persistence;

/// <summary>Schema names are interpolated into SQL, so only plain lower-case identifiers are accepted.</summary>
public static partial class SchemaName
{
    public static string EnsureValid(string schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Pattern().IsMatch(schema) && !schema.StartsWith("pg_", StringComparison.Ordinal)
            ? schema
            : throw new ArgumentException(
                $"'{schema}' is not a plain schema name (a-z, 0-9 and '_', at most 63 characters, not pg_*).", nameof(schema));
    }

    [GeneratedRegex(@"^[a-z_][a-z0-9_]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
