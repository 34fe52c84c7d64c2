using EGov.Employees.Domain;
using EGov.Employees.Payroll;
using EGov.Employees.Persistence;

namespace EGov.Employees.Tests;

/// <summary>The pay rules without a database: IBANs, rounding, tax brackets, pro rata, arrears, the shipped rule files.</summary>
public sealed class PayRulesTests
{
    private static PayrollRules Rules(decimal housingRate = 0.08m) => new(
        2026, "EUR", new Dictionary<string, decimal[]> { ["G6"] = [3000m, 3090m] },
        [
            new("BASIC", "Basic salary", ComponentKind.Earning, Calculation.Basic, null, null),
            new("HOUSING", "Housing allowance", ComponentKind.Allowance, Calculation.PercentOfBasic, housingRate, null),
            new("TRANSPORT", "Transport allowance", ComponentKind.Allowance, Calculation.Fixed, null, 60m),
            new("UNION", "Union dues", ComponentKind.Deduction, Calculation.Fixed, null, 12m),
            new("LOAN", "Staff loan", ComponentKind.Deduction, Calculation.Assigned, null, null),
        ],
        new ContributionRates(0.07m, 0.12m),
        new ContributionRates(0.045m, 0.085m),
        [new TaxBracket(12000m, 0m), new TaxBracket(30000m, 0.15m), new TaxBracket(null, 0.25m)]);

    private static readonly PayPeriod November = new(2026, 11);

    private static PayFacts Facts(DateOnly from, DateOnly? to, params SalaryStep[] salary) =>
        new([new DayRange(from, to ?? DateOnly.MaxValue)], salary, [], new Dictionary<int, decimal>());

    private static SalaryStep Salary(string from, decimal amount, string approved = "2026-01-01") =>
        new(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), amount, DateTimeOffset.Parse(approved, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("de89 3704 0044 0532 0130 00", true)]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("NL91ABNA0417164300", true)]
    [InlineData("DE89370400440532013001", false)] // check digits do not match
    [InlineData("DE8937040044053201300", false)] // one character short for Germany
    [InlineData("XX89370400440532013000", false)] // no such country
    [InlineData("DE89-3704", false)]
    [InlineData("", false)]
    public void Ibans_are_checked_by_country_length_and_mod_97(string iban, bool valid) => Assert.Equal(valid, Iban.IsValid(iban));

    [Fact]
    public void An_iban_problem_names_what_is_wrong()
    {
        Assert.Null(Iban.Normalize("DE8937040044053201300", out var length));
        Assert.Contains("22 characters", length, StringComparison.Ordinal);
        Assert.Null(Iban.Normalize("DE89370400440532013001", out var check));
        Assert.Contains("mod-97", check, StringComparison.Ordinal);
        Assert.Equal("DE** **** 3000", Iban.Mask("DE89370400440532013000"));
    }

    [Theory]
    [InlineData("0.005", "0.01")]
    [InlineData("0.015", "0.02")]
    [InlineData("-0.005", "-0.01")]
    [InlineData("1.2349", "1.23")]
    [InlineData("2.675", "2.68")]
    public void Money_rounds_half_away_from_zero_to_the_cent(string amount, string rounded) =>
        Assert.Equal(decimal.Parse(rounded, System.Globalization.CultureInfo.InvariantCulture), Money.Round(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Income_tax_applies_each_rate_to_its_band()
    {
        IReadOnlyList<TaxBracket> brackets = [new TaxBracket(12000m, 0m), new TaxBracket(30000m, 0.15m), new TaxBracket(null, 0.25m)];
        Assert.Equal(0m, PayCalculator.AnnualTax(12000m, brackets));
        Assert.Equal(1500m, PayCalculator.AnnualTax(22000m, brackets));
        Assert.Equal(2700m + 2500m, PayCalculator.AnnualTax(40000m, brackets));
    }

    [Fact]
    public void A_full_month_pays_every_line_and_totals_are_sums_of_rounded_lines()
    {
        var pay = PayCalculator.Compute(Facts(new DateOnly(2020, 1, 1), null, Salary("2020-01-01", 3000m)), Rules(), November);
        Assert.Equal(3000m, pay.Basic);
        Assert.Equal(30, pay.DaysPaid);
        var line = pay.Lines.ToDictionary(l => l.Code, l => l.Amount);
        Assert.Equal(240m, line["HOUSING"]);
        Assert.Equal(60m, line["TRANSPORT"]);
        Assert.Equal(3300m, pay.Gross);
        Assert.Equal(231m, line["PENSION"]);
        Assert.Equal(148.5m, line["SOCIAL"]);

        // Taxable 3300 - 231 - 148.50 = 2920.50 a month, 35046 a year: 2700 + 0.25 * 5046 = 3961.50, 330.125 a month.
        Assert.Equal(330.13m, line["TAX"]);
        Assert.Equal(12m, line["UNION"]);
        Assert.Equal(231m + 148.5m + 330.13m + 12m, pay.Deductions);
        Assert.Equal(pay.Gross - pay.Deductions, pay.Net);
        Assert.Equal(396m + 280.5m, line["PENSION-ER"] + line["SOCIAL-ER"]);
        Assert.DoesNotContain(pay.Lines, l => l.Code == "LOAN");
    }

    [Fact]
    public void A_leaver_in_mid_month_is_paid_pro_rata_by_calendar_days()
    {
        var pay = PayCalculator.Compute(Facts(new DateOnly(2020, 1, 1), new DateOnly(2026, 11, 10), Salary("2020-01-01", 3000m)), Rules(), November);
        Assert.Equal(10, pay.DaysPaid);
        Assert.Equal(1000m, pay.Basic); // 3000 x 10 / 30
        var line = pay.Lines.ToDictionary(l => l.Code, l => l.Amount);
        Assert.Equal(20m, line["TRANSPORT"]); // fixed allowances in the same share of days
        Assert.Equal(80m, line["HOUSING"]); // a share of the basic follows the basic
        Assert.Equal(12m, line["UNION"]); // fixed deductions in full
    }

    [Fact]
    public void A_joiner_and_a_salary_change_in_mid_month_are_paid_day_by_day()
    {
        var pay = PayCalculator.Compute(Facts(new DateOnly(2026, 11, 21), null, Salary("2026-11-21", 3000m)), Rules(), November);
        Assert.Equal(1000m, pay.Basic); // 10 of 30 days

        var changed = PayCalculator.Compute(Facts(new DateOnly(2020, 1, 1), null, Salary("2020-01-01", 3000m), Salary("2026-11-16", 3600m)), Rules(), November);
        Assert.Equal(1500m + 1800m, changed.Basic); // 15 days at 3000, 15 at 3600
    }

    [Fact]
    public void A_rounding_case_rounds_the_line_once()
    {
        // 2999.99 x 7 / 31 = 677.4171 → 677.42; housing 8% of the rounded basic 54.1936 → 54.19.
        var pay = PayCalculator.Compute(Facts(new DateOnly(2026, 12, 25), null, Salary("2020-01-01", 2999.99m)), Rules(), new PayPeriod(2026, 12));
        Assert.Equal(677.42m, pay.Basic);
        Assert.Equal(54.19m, pay.Lines.Single(l => l.Code == "HOUSING").Amount);
    }

    [Fact]
    public void A_raise_approved_late_pays_arrears_for_the_months_already_paid()
    {
        // Paid 3000 for September and October; in November a raise to 3300 from 1 September is approved.
        var paid = new Dictionary<int, decimal> { [202609] = 3000m, [202610] = 3000m };
        var facts = new PayFacts([new DayRange(new DateOnly(2020, 1, 1), DateOnly.MaxValue)],
            [Salary("2020-01-01", 3000m), Salary("2026-09-01", 3300m, "2026-11-05")], [], paid);
        var pay = PayCalculator.Compute(facts, Rules(), November);
        Assert.Equal(3300m, pay.Basic);
        Assert.Equal(new Dictionary<int, decimal> { [202609] = 300m, [202610] = 300m }, pay.Arrears);
        Assert.Equal(600m, pay.Lines.Single(l => l.Code == PayCalculator.ArrearsCode).Amount);

        // Once paid (October's basic plus its arrears), nothing more is due for those months.
        var settled = facts with { Paid = new Dictionary<int, decimal> { [202609] = 3300m, [202610] = 3300m } };
        Assert.Empty(PayCalculator.Compute(settled, Rules(), new PayPeriod(2026, 12)).Arrears);
    }

    [Fact]
    public void Arrears_paid_later_count_as_paid_for_their_period()
    {
        var paid = PayrollEngine.PaidFor([(202610, 3000m, "{}"), (202611, 3300m, "{\"2026-10\":300}")]);
        Assert.Equal(3300m, paid[202610]);
        Assert.Equal(3300m, paid[202611]);
    }

    [Fact]
    public void The_shipped_rule_files_are_valid_and_give_ten_lines_a_month()
    {
        var rules = SeedFiles.Rules();
        Assert.Contains(rules, r => r.Year == 2026);
        Assert.All(rules, r => Assert.Empty(r.Problems()));
        var pay = PayCalculator.Compute(
            new PayFacts([new DayRange(new DateOnly(2020, 1, 1), DateOnly.MaxValue)], [Salary("2020-01-01", rules[0].ScaleAmount("G6", 1)!.Value)],
                [], new Dictionary<int, decimal>()),
            rules[0], November);
        Assert.Equal(10, pay.Lines.Count);
    }

    [Fact]
    public void Rules_with_mistakes_are_refused()
    {
        var broken = Rules(housingRate: 1.5m) with { IncomeTax = [new TaxBracket(1000m, 0.1m)] };
        var problems = broken.Problems();
        Assert.Contains(problems, p => p.Contains("HOUSING", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("income tax", StringComparison.Ordinal));
    }
}
