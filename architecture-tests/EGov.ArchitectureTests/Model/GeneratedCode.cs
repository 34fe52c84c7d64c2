using System.CodeDom.Compiler;
using Mono.Cecil;

namespace EGov.ArchitectureTests.Model;

/// <summary>
/// Recognises code that the Orleans source generator emitted, and nothing else. Measured on Orleans 10.4.2
/// (see docs/architecture.md, rule 5): the generator puts its types in <c>OrleansCodeGen.&lt;source namespace&gt;</c>
/// (the manifest in <c>OrleansCodeGen.&lt;assembly name without dots&gt;</c>), marks each one
/// <c>[GeneratedCode("OrleansCodeGen", …)]</c>, and gives each the accessibility of the type it was generated for:
/// internal grains and state get internal code; only a public grain interface or serializable type gets public
/// invokers, codecs and copiers. A type counts as generated only when both the namespace and the attribute say so.
/// </summary>
public static class GeneratedCode
{
    public const string OrleansTool = "OrleansCodeGen";
    public const string OrleansNamespace = "OrleansCodeGen";

    public static bool IsOrleans(Type type)
    {
        var outermost = CodeUnit.Outermost(type);
        return Names.IsWithin(outermost.Namespace ?? string.Empty, OrleansNamespace)
            && outermost.GetCustomAttributes(typeof(GeneratedCodeAttribute), inherit: false)
                .OfType<GeneratedCodeAttribute>()
                .Any(a => a.Tool == OrleansTool);
    }

    public static bool IsOrleans(TypeDefinition type)
    {
        var outermost = CodeUnit.Outermost(type);
        return Names.IsWithin(outermost.Namespace ?? string.Empty, OrleansNamespace)
            && outermost.CustomAttributes.Any(a =>
                a.AttributeType.FullName == typeof(GeneratedCodeAttribute).FullName
                && a.ConstructorArguments.Count > 0
                && a.ConstructorArguments[0].Value is string tool
                && tool == OrleansTool);
    }
}
