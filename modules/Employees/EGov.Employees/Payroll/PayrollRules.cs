using System.Text.Json;
using System.Text.Json.Serialization;

namespace EGov.Employees.Payroll;

/// <summary>How a component's monthly amount is found.</summary>
internal enum Calculation
{
    /// <summary>The base salary of the days worked (the one <c>Basic</c> component).</summary>
    Basic,

    /// <summary>A share of the basic pay of the month (<see cref="ComponentRule.Rate"/>).</summary>
    PercentOfBasic,

    /// <summary>A fixed monthly amount for everyone (<see cref="ComponentRule.Amount"/>).</summary>
    Fixed,

    /// <summary>Only for employees it is assigned to, with their own monthly amount.</summary>
    Assigned,
}

internal enum ComponentKind
{
    Earning,
    Allowance,
    Deduction,
}

internal sealed record ComponentRule(string Code, string Name, ComponentKind Kind, Calculation Calculation, decimal? Rate, decimal? Amount);

internal sealed record ContributionRates(decimal Employee, decimal Employer);

/// <summary>An income tax band of the year: the rate applies to annual taxable income up to <see cref="UpTo"/> (null: no limit).</summary>
internal sealed record TaxBracket(decimal? UpTo, decimal Rate);

/// <summary>
/// A year of payroll rules, as data (the seeded <c>payroll-rules-&lt;year&gt;.json</c>): the salary scale (monthly
/// amounts per grade and step), the components, pension and social contribution rates, income tax brackets.
/// </summary>
internal sealed record PayrollRules(
    int Year,
    string Currency,
    Dictionary<string, decimal[]> Scale,
    IReadOnlyList<ComponentRule> Components,
    ContributionRates Pension,
    ContributionRates Social,
    IReadOnlyList<TaxBracket> IncomeTax)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static PayrollRules Parse(string json) =>
        JsonSerializer.Deserialize<PayrollRules>(json, Json) ?? throw new JsonException("Empty payroll rules.");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The scale's monthly amount of a grade and step (from 1), or null when the scale has none.</summary>
    public decimal? ScaleAmount(string grade, int step) =>
        Scale.TryGetValue(grade, out var steps) && step >= 1 && step <= steps.Length ? steps[step - 1] : null;

    public ComponentRule? Component(string code) => Components.FirstOrDefault(c => c.Code == code);

    /// <summary>What is wrong with the rules (empty when nothing): checked when they are seeded or imported.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Year is < 2000 or > 2100)
        {
            problems.Add("year is between 2000 and 2100.");
        }

        if (Currency is not { Length: 3 } || !Currency.All(char.IsAsciiLetterUpper))
        {
            problems.Add("currency is an ISO 4217 code.");
        }

        if (Components.Count(c => c.Calculation == Calculation.Basic) != 1)
        {
            problems.Add("exactly one component is calculated as Basic.");
        }

        foreach (var c in Components)
        {
            if ((c.Calculation == Calculation.PercentOfBasic && c.Rate is not (>= 0 and <= 1))
                || (c.Calculation == Calculation.Fixed && c.Amount is not >= 0))
            {
                problems.Add($"component {c.Code} needs a rate between 0 and 1 or an amount of at least 0.");
            }
        }

        if (Components.Select(c => c.Code).Distinct(StringComparer.Ordinal).Count() != Components.Count)
        {
            problems.Add("component codes are unique.");
        }

        if (Scale.Values.Any(steps => steps.Length == 0 || steps.Any(a => a <= 0)))
        {
            problems.Add("every grade of the scale has steps with positive amounts.");
        }

        if (IncomeTax.Count == 0 || IncomeTax[^1].UpTo is not null || IncomeTax.Any(b => b.Rate is < 0 or > 1)
            || IncomeTax.Zip(IncomeTax.Skip(1)).Any(p => p.First.UpTo is null || (p.Second.UpTo is { } next && next <= p.First.UpTo)))
        {
            problems.Add("income tax brackets rise, have rates between 0 and 1, and the last one has no upper limit.");
        }

        if (Pension.Employee is < 0 or > 1 || Pension.Employer is < 0 or > 1 || Social.Employee is < 0 or > 1 || Social.Employer is < 0 or > 1)
        {
            problems.Add("contribution rates are between 0 and 1.");
        }

        return problems;
    }
}
