using EGov.ArchitectureTests.Model;
using Mono.Cecil;

namespace EGov.ArchitectureTests.Rules;

/// <summary>
/// Dependency questions answered by NetArchTest. A dependency is any type a type mentions: base type, interfaces,
/// attributes, fields, properties, events, method signatures, locals and the types and members its method
/// bodies use. Terms match whole dotted segments ("Orleans" matches "Orleans.IGrain", not "OrleansCodeGen.X").
/// </summary>
internal static class Dependencies
{
    /// <summary>Types of <paramref name="subject"/> that depend on anything named by <paramref name="terms"/>.</summary>
    public static IReadOnlyList<string> OnAny(CodeUnit subject, IReadOnlyCollection<string> terms, Func<TypeDefinition, bool>? filter = null)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        var result = subject.Select(filter).Should().NotHaveDependencyOnAny([.. terms]).GetResult();
        return Failing(result);
    }

    /// <summary>Types of <paramref name="subject"/> that depend on something not named by <paramref name="allowed"/>.</summary>
    public static IReadOnlyList<string> OnOtherThan(CodeUnit subject, IReadOnlyCollection<string> allowed, Func<TypeDefinition, bool>? filter = null)
    {
        var result = subject.Select(filter).Should().OnlyHaveDependenciesOn([.. allowed]).GetResult();
        return Failing(result);
    }

    private static IReadOnlyList<string> Failing(NetArchTest.Rules.TestResult result) =>
        result.IsSuccessful
            ? []
            : [.. (result.FailingTypeNames ?? []).Select(Names.Readable).Distinct(StringComparer.Ordinal)];
}
