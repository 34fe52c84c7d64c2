using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

public sealed class Rule4DomainPurity : ModuleRule
{
    public override int Number => 4;

    public override string Title => "Domain depends on no infrastructure, Features or Persistence";

    public override string Reason =>
        "domain rules must be testable and reusable without a database, a web request or a silo; infrastructure depends on the domain, never the reverse.";

    protected override IEnumerable<Violation> Find(PlatformModel platform, ModuleUnderTest module)
    {
        var domain = $"{module.RootNamespace}.Domain";
        bool InDomain(Mono.Cecil.TypeDefinition t) => Names.IsWithin(CodeUnit.Outermost(t).Namespace ?? string.Empty, domain);

        string[] forbidden =
        [
            "Microsoft.EntityFrameworkCore",
            "Microsoft.AspNetCore",
            "Orleans",
            "Npgsql",

            // Npgsql's PostgreSQL types (NpgsqlTsVector, NpgsqlRange, …) live in a root namespace of their own, which the
            // whole-segment match of "Npgsql" does not reach.
            "NpgsqlTypes",
            $"{module.RootNamespace}.Features",
            $"{module.RootNamespace}.Persistence",
        ];
        foreach (var term in forbidden)
        {
            foreach (var type in Dependencies.OnAny(module.Implementation, [term], InDomain))
            {
                yield return new(type, $"depends on {term}");
            }
        }
    }
}
