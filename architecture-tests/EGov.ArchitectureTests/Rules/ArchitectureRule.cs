using System.Text;
using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

/// <summary>One type that breaks a rule, and how.</summary>
public sealed record Violation(string TypeName, string Detail)
{
    public override string ToString() => $"{TypeName}: {Detail}";
}

/// <summary>The outcome of one rule for one subject (a module or a code unit) of one platform.</summary>
public sealed record RuleResult(ArchitectureRule Rule, string Platform, string Subject, IReadOnlyList<Violation> Violations)
{
    public bool Passed => Violations.Count == 0;

    /// <summary>One line saying why the rule exists, then the offending types.</summary>
    public string Describe()
    {
        var text = new StringBuilder()
            .Append($"Rule {Rule.Number} ({Rule.Title}) is broken by {Subject} in {Platform}. Why the rule exists: {Rule.Reason}")
            .AppendLine()
            .Append($"Offending types ({Violations.Select(v => v.TypeName).Distinct().Count()}):");
        foreach (var violation in Violations)
        {
            text.AppendLine().Append("  - ").Append(violation);
        }

        return text.ToString();
    }
}

/// <summary>
/// A boundary of docs/architecture.md as reusable code: it takes a <see cref="PlatformModel"/> and a subject, so the
/// same code checks EGov.Platform and the deliberately broken fixture.
/// </summary>
public abstract class ArchitectureRule
{
    public abstract int Number { get; }

    public abstract string Title { get; }

    /// <summary>Why the rule exists, in one line; every failure message carries it.</summary>
    public abstract string Reason { get; }

    /// <summary>The subjects the rule is checked for: module names or code unit names.</summary>
    public abstract IEnumerable<string> Subjects(PlatformModel platform);

    public RuleResult Check(PlatformModel platform, string subject) =>
        new(this, platform.Name, subject, [.. Find(platform, subject).Distinct().OrderBy(v => v.TypeName, StringComparer.Ordinal).ThenBy(v => v.Detail, StringComparer.Ordinal)]);

    protected abstract IEnumerable<Violation> Find(PlatformModel platform, string subject);

    public override string ToString() => $"Rule {Number} ({Title})";
}

/// <summary>A rule checked once per module.</summary>
public abstract class ModuleRule : ArchitectureRule
{
    public sealed override IEnumerable<string> Subjects(PlatformModel platform) => platform.Modules.Select(m => m.Name);

    protected sealed override IEnumerable<Violation> Find(PlatformModel platform, string subject) =>
        Find(platform, platform.Module(subject));

    protected abstract IEnumerable<Violation> Find(PlatformModel platform, ModuleUnderTest module);
}

/// <summary>A rule checked once per code unit (shared kernel, host, each implementation, each Contracts).</summary>
public abstract class UnitRule : ArchitectureRule
{
    public sealed override IEnumerable<string> Subjects(PlatformModel platform) => platform.Units.Select(u => u.Name);

    protected sealed override IEnumerable<Violation> Find(PlatformModel platform, string subject) =>
        Find(platform, platform.Unit(subject));

    protected abstract IEnumerable<Violation> Find(PlatformModel platform, CodeUnit unit);
}
