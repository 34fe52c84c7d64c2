using System.Reflection;
using BrokenPlatform.Kernel;
using EGov.ArchitectureTests.Model;
using EGov.ArchitectureTests.Rules;

namespace EGov.ArchitectureTests;

/// <summary>
/// Proves the rules can fail: each rule, run through the same code as <see cref="BoundaryTests"/> over the
/// deliberately broken fixture, reports exactly the types marked <see cref="ViolatesAttribute"/> for it, with
/// the marked text, and none of their compliant neighbours.
/// </summary>
public sealed class FixtureTests
{
    public static TheoryData<int> RuleNumbers => [.. AllRules.List.Select(r => r.Number)];

    [Theory]
    [MemberData(nameof(RuleNumbers))]
    public void Rule_reports_exactly_the_planted_violations(int number)
    {
        var rule = AllRules.Number(number);
        var model = BrokenPlatformModel.Model;
        var results = rule.Subjects(model).Select(subject => rule.Check(model, subject)).ToList();
        var reported = results.SelectMany(r => r.Violations).ToList();
        var planted = Planted().Where(p => p.Rule == number).ToList();

        Assert.NotEmpty(planted);
        Assert.Equal(
            planted.Select(p => p.TypeName).Distinct().Order(StringComparer.Ordinal),
            reported.Select(v => v.TypeName).Distinct().Order(StringComparer.Ordinal));
        foreach (var (_, typeName, expected) in planted)
        {
            Assert.True(
                reported.Any(v => v.TypeName == typeName && v.Detail.Contains(expected, StringComparison.Ordinal)),
                $"{rule} reported {typeName} without saying '{expected}': {string.Join(" | ", reported.Where(v => v.TypeName == typeName))}");
        }

        foreach (var failed in results.Where(r => !r.Passed))
        {
            var message = failed.Describe();
            Assert.Contains(rule.Reason, message, StringComparison.Ordinal);
            Assert.All(failed.Violations, v => Assert.Contains(v.TypeName, message, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void All_rules_together_report_exactly_the_planted_types()
    {
        var model = BrokenPlatformModel.Model;
        var plantedTypes = Planted().Select(p => p.TypeName).ToHashSet(StringComparer.Ordinal);
        var reportedTypes = AllRules.List
            .SelectMany(rule => rule.Subjects(model).SelectMany(subject => rule.Check(model, subject).Violations))
            .Select(v => v.TypeName)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Subset(plantedTypes, reportedTypes);
        Assert.Subset(reportedTypes, plantedTypes);
    }

    [Fact]
    public void Orleans_generated_code_is_exempt_because_Orleans_generated_it_not_because_of_its_namespace()
    {
        var permits = BrokenPlatformModel.Model.Module("Permits").Implementation;
        var generated = permits.Types.Where(GeneratedCode.IsOrleans).ToList();

        // The internal grain and its state got internal generated code (a proxy, invokers, a codec)...
        Assert.Contains(generated, t => t.Name == "Proxy_IPermitSessionGrain" && !t.IsVisible);
        Assert.Contains(generated, t => t.Name == "Codec_PermitDraft" && !t.IsVisible);
        Assert.DoesNotContain(generated, t => t.IsVisible && t.FullName!.Contains("PermitSessionGrain", StringComparison.Ordinal));

        // ...the public grain interface got public generated code, which rule 5 leaves to the interface's own report...
        Assert.Contains(generated, t => t.IsVisible && t.Name.StartsWith("Invokable_IPermitAdminGrain", StringComparison.Ordinal));

        // ...and a hand-written public type in an OrleansCodeGen namespace is not generated code.
        Assert.False(GeneratedCode.IsOrleans(typeof(OrleansCodeGen.BrokenPlatform.Permits.Features.PermitCodec)));
    }

    [Theory]
    [InlineData("AgencyRegistered", true)]
    [InlineData("AgencyRegisteredV2", true)]
    [InlineData("ApplicationWithdrawn", true)]
    [InlineData("FeePaid", true)]
    [InlineData("NoticeSent", true)]
    [InlineData("PermitApply", false)]
    [InlineData("RegisterAgency", false)]
    [InlineData("AgencyRegistration", false)]
    [InlineData("SubmitApplicationV3", false)]
    public void Past_tense_names(string name, bool pastTense) => Assert.Equal(pastTense, PastTense.IsPastTense(name));

    private static IEnumerable<(int Rule, string TypeName, string Expected)> Planted() =>
        BrokenPlatformModel.Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<ViolatesAttribute>(inherit: false).Select(a => (a.Rule, t.FullName!, a.ExpectedDetail)));
}
