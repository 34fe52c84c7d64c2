using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

public sealed class Rule2ContractsPurity : ModuleRule
{
    /// <summary>What "the BCL" means here: the System namespaces.</summary>
    public const string Bcl = "System";

    private static readonly (string Label, string Term)[] Infrastructure =
    [
        ("Microsoft.EntityFrameworkCore (EF Core)", "Microsoft.EntityFrameworkCore"),
        ("Npgsql", "Npgsql"),
        ("NpgsqlTypes (Npgsql)", "NpgsqlTypes"),
        ("Orleans", "Orleans"),
        ("Microsoft.AspNetCore (ASP.NET Core)", "Microsoft.AspNetCore"),
        ("Microsoft.Extensions", "Microsoft.Extensions"),
    ];

    public override int Number => 2;

    public override string Title => "Contracts depend only on the shared kernel and the BCL";

    public override string Reason =>
        "every other module compiles against Contracts, so anything they mention (EF Core, Npgsql, Orleans, ASP.NET Core, a module's internals) becomes everyone's coupling.";

    protected override IEnumerable<Violation> Find(PlatformModel platform, ModuleUnderTest module)
    {
        var contracts = module.Contracts;

        // What Orleans generates into every assembly that sees its generator (an internal type manifest) is not
        // part of the contract; a contract type that Orleans had to generate code for is still reported itself.
        bool Authored(Mono.Cecil.TypeDefinition t) => !GeneratedCode.IsOrleans(t);

        string[] allowed = [Bcl, .. contracts.AuthoredNamespaces(), .. platform.SharedKernel.AuthoredNamespaces()];
        var failing = Dependencies.OnOtherThan(contracts, allowed, Authored);
        if (failing.Count == 0)
        {
            yield break;
        }

        var groups = Infrastructure.Select(g => (g.Label, Terms: (IReadOnlyCollection<string>)[g.Term])).ToList();
        foreach (var other in platform.Modules)
        {
            groups.Add(($"the {other.Name} implementation", other.Implementation.DependencyNames()));
            if (other != module)
            {
                groups.Add(($"the {other.Name} Contracts (carry the data you need in your own contract instead)", other.Contracts.DependencyNames()));
            }
        }

        var labelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (label, terms) in groups)
        {
            foreach (var type in Dependencies.OnAny(contracts, terms, Authored).Intersect(failing, StringComparer.Ordinal))
            {
                labelled.Add(type);
                yield return new(type, $"depends on {label}");
            }
        }

        foreach (var type in failing.Where(t => !labelled.Contains(t)))
        {
            yield return new(type, "depends on something outside the shared kernel and the BCL (System.*)");
        }
    }
}
