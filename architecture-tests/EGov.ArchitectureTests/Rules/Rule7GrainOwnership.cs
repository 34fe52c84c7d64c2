using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

public sealed class Rule7GrainOwnership : UnitRule
{
    private const string GrainInterface = "Orleans.IGrain";
    private const string GrainBase = "Orleans.IGrainBase";

    public override int Number => 7;

    public override string Title => "grains stay inside their module";

    public override string Reason =>
        "a grain's interface is an unversioned internal API tied to its state; calling another module's grain bypasses its Contracts, events and authorization.";

    /// <summary>Grain interfaces (extending Orleans.IGrain) and grain classes (Orleans.IGrainBase, e.g. Orleans.Grain subclasses).</summary>
    public static bool IsGrainType(Type type) =>
        !GeneratedCode.IsOrleans(type)
        && type.GetInterfaces().Any(i => i.FullName is GrainInterface or GrainBase);

    protected override IEnumerable<Violation> Find(PlatformModel platform, CodeUnit unit)
    {
        var grains = unit.Types.Where(IsGrainType).ToList();

        if (unit.Role == UnitRole.ModuleContracts)
        {
            foreach (var grain in grains)
            {
                yield return new(grain.FullName!, "is a grain type in Contracts; publish an event or a directory interface instead");
            }
        }
        else
        {
            foreach (var grain in grains.Where(t => t.IsVisible))
            {
                yield return new(grain.FullName!, "is a public grain type; make it internal to its module");
            }
        }

        if (unit.Role != UnitRole.ModuleImplementation)
        {
            yield break;
        }

        var owner = platform.OwnerOf(unit)!;
        var grainNames = grains.Where(t => t.DeclaringType is null).Select(t => t.FullName!).ToList();
        foreach (var other in platform.Units.Where(u => !ReferenceEquals(u, unit)))
        {
            foreach (var grainName in grainNames)
            {
                foreach (var type in Dependencies.OnAny(other, [grainName]))
                {
                    yield return new(type, $"({other.Name}) depends on grain {grainName} of module {owner.Name}");
                }
            }
        }
    }
}
