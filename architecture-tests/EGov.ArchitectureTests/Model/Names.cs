namespace EGov.ArchitectureTests.Model;

internal static class Names
{
    /// <summary>True when <paramref name="name"/> is <paramref name="root"/> or lies under it (whole dotted segments).</summary>
    public static bool IsWithin(string name, string root) =>
        root.Length == 0
        || name.Equals(root, StringComparison.Ordinal)
        || (name.StartsWith(root, StringComparison.Ordinal) && name.Length > root.Length && name[root.Length] == '.');

    /// <summary>
    /// NetArchTest reports Cecil names ("Outer/Inner", "Outer/&lt;&gt;c"); report the outermost type a person wrote,
    /// with reflection's separator, so that a closure's dependency is blamed on the type that declares it.
    /// </summary>
    public static string Readable(string cecilName)
    {
        var parts = cecilName.Split('/');
        var written = parts.TakeWhile(p => !p.StartsWith('<')).ToArray();
        return string.Join('+', written.Length == 0 ? parts[..1] : written);
    }
}
