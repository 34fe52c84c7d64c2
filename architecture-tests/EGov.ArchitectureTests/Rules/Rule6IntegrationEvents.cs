using System.Reflection;
using System.Runtime.CompilerServices;
using EGov.ArchitectureTests.Model;

namespace EGov.ArchitectureTests.Rules;

public sealed class Rule6IntegrationEvents : UnitRule
{
    public override int Number => 6;

    public override string Title => "integration events are sealed immutable past-tense records in Contracts";

    public override string Reason =>
        "an event is a published fact that other modules store and replay: it must be visible to them (Contracts), unchangeable once raised, and named for what happened.";

    protected override IEnumerable<Violation> Find(PlatformModel platform, CodeUnit unit)
    {
        var marker = platform.IntegrationEvent;
        var events = unit.Types
            .Where(t => t != marker && marker.IsAssignableFrom(t) && !GeneratedCode.IsOrleans(t))
            .ToList();

        if (unit.Role != UnitRole.ModuleContracts)
        {
            return events.Select(t => new Violation(t.FullName!, $"implements {marker.Name} outside Contracts; move it to a Contracts assembly"));
        }

        return events.Where(t => !t.IsInterface).SelectMany(ShapeProblems);
    }

    private static IEnumerable<Violation> ShapeProblems(Type type)
    {
        var name = type.FullName!;
        if (!type.IsClass || !IsRecord(type))
        {
            yield return new(name, "is not a record (declare it as a sealed record)");
        }

        if (!type.IsSealed)
        {
            yield return new(name, "is not sealed");
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            {
                yield return new(name, $"has a settable property {property.Name} (use init)");
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!field.IsInitOnly)
            {
                yield return new(name, $"has a writable field {field.Name}");
            }
        }

        if (!PastTense.IsPastTense(type.Name))
        {
            yield return new(name, $"is not named in the past tense (last word '{PastTense.LastWord(type.Name)}'; end in -ed or an allowed irregular participle)");
        }
    }

    // The compiler gives every record class a "<Clone>$" method; no other C# type can have one.
    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
