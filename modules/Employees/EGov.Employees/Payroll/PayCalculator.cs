using EGov.Employees.Domain;

namespace EGov.Employees.Payroll;

/// <summary>One line of a payslip. Employer contributions are shown but neither paid to nor deducted from the employee.</summary>
internal sealed record PayLine(string Code, string Name, PayLineKind Kind, decimal Amount);

internal enum PayLineKind
{
    Earning,
    Allowance,
    Deduction,
    Employer,
}

/// <summary>Days of employment: a first and a last day, both included.</summary>
internal readonly record struct DayRange(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    public DayRange? Within(PayPeriod period)
    {
        var from = From > period.Start ? From : period.Start;
        var to = To < period.End ? To : period.End;
        return from <= to ? new DayRange(from, to) : null;
    }
}

internal sealed record SalaryStep(DateOnly EffectiveFrom, decimal MonthlyAmount, DateTimeOffset ApprovedAt);

internal sealed record AssignedAmount(string Code, decimal MonthlyAmount, DateOnly From, DateOnly? To);

/// <summary>What the payroll knows of one employee for one period.</summary>
/// <param name="Employment">Substantive employment, as day ranges (any period; the calculator takes what falls in each period).</param>
/// <param name="Salary">Salary history, any order.</param>
/// <param name="Assigned">Components assigned to the employee.</param>
/// <param name="Paid">Basic pay already paid for earlier periods (the period's basic plus arrears paid for it later), by period number.</param>
internal sealed record PayFacts(
    IReadOnlyList<DayRange> Employment,
    IReadOnlyList<SalaryStep> Salary,
    IReadOnlyList<AssignedAmount> Assigned,
    IReadOnlyDictionary<int, decimal> Paid);

internal sealed record PayResult(
    IReadOnlyList<PayLine> Lines,
    decimal Basic,
    IReadOnlyDictionary<int, decimal> Arrears,
    int DaysPaid,
    int DaysInPeriod,
    decimal Gross,
    decimal Deductions,
    decimal Net,
    decimal EmployerCost);

/// <summary>
/// The pay rules, in one place:
/// <list type="bullet">
/// <item>Pro rata by calendar days: the basic pay of a month is the sum, over the days employed in it, of the monthly
/// salary in force that day divided by the number of days of the month. Fixed allowances are paid in the same share
/// of days; allowances that are a share of basic follow the basic. Fixed deductions are due in full.</item>
/// <item>Arrears: for every earlier period that was paid, the basic due under today's salary history minus what was
/// paid for it (its basic and any arrears since) is paid now on the <c>ARREARS</c> line (negative: recovered).</item>
/// <item>Pension and social contributions are rates of the gross pay; income tax applies the year's brackets to the
/// gross less the employee's contributions, annualised (× 12), and is divided back by 12.</item>
/// <item>Every line is rounded once by <see cref="Money.Round"/>; totals are sums of lines.</item>
/// </list>
/// </summary>
internal static class PayCalculator
{
    public const string ArrearsCode = "ARREARS";

    public static PayResult Compute(PayFacts facts, PayrollRules rules, PayPeriod period)
    {
        var days = EmployedDays(facts.Employment, period);
        var daysPaid = days.Sum(d => d.Days);
        var share = (decimal)daysPaid / period.Days;
        var basic = Money.Round(BasicDue(facts.Salary, days, period));
        var arrears = ArrearsDue(facts, period);
        var lines = new List<PayLine>();
        foreach (var rule in rules.Components)
        {
            var amount = rule.Calculation switch
            {
                Calculation.Basic => basic,
                Calculation.PercentOfBasic => Money.Round(basic * (rule.Rate ?? 0)),
                Calculation.Fixed when rule.Kind == ComponentKind.Deduction => daysPaid > 0 ? Money.Round(rule.Amount ?? 0) : 0,
                Calculation.Fixed => Money.Round((rule.Amount ?? 0) * share),
                Calculation.Assigned => AssignedAmountOf(facts.Assigned, rule, period, share),
                _ => 0m,
            };
            if (amount != 0 || rule.Calculation == Calculation.Basic)
            {
                lines.Add(new PayLine(rule.Code, rule.Name, LineKind(rule.Kind), amount));
            }
        }

        var arrearsTotal = arrears.Values.Sum();
        if (arrearsTotal != 0)
        {
            lines.Add(new PayLine(ArrearsCode, "Arrears of basic salary", PayLineKind.Earning, arrearsTotal));
        }

        var gross = lines.Where(l => l.Kind is PayLineKind.Earning or PayLineKind.Allowance).Sum(l => l.Amount);
        var pension = Money.Round(gross * rules.Pension.Employee);
        var social = Money.Round(gross * rules.Social.Employee);
        var tax = Money.Round(AnnualTax(Math.Max(0, gross - pension - social) * 12, rules.IncomeTax) / 12);
        lines.Add(new PayLine("PENSION", "Pension contribution", PayLineKind.Deduction, pension));
        lines.Add(new PayLine("SOCIAL", "Social insurance contribution", PayLineKind.Deduction, social));
        lines.Add(new PayLine("TAX", "Income tax", PayLineKind.Deduction, tax));
        lines.Add(new PayLine("PENSION-ER", "Employer pension contribution", PayLineKind.Employer, Money.Round(gross * rules.Pension.Employer)));
        lines.Add(new PayLine("SOCIAL-ER", "Employer social insurance contribution", PayLineKind.Employer, Money.Round(gross * rules.Social.Employer)));
        var deductions = lines.Where(l => l.Kind == PayLineKind.Deduction).Sum(l => l.Amount);
        var employer = lines.Where(l => l.Kind == PayLineKind.Employer).Sum(l => l.Amount);
        return new PayResult(lines, basic, arrears, daysPaid, period.Days, gross, deductions, gross - deductions, gross + employer);
    }

    /// <summary>Tax on an annual taxable income by the brackets (each rate on the part of income inside its band).</summary>
    public static decimal AnnualTax(decimal annualIncome, IReadOnlyList<TaxBracket> brackets)
    {
        var tax = 0m;
        var lower = 0m;
        foreach (var bracket in brackets)
        {
            var upper = bracket.UpTo ?? decimal.MaxValue;
            if (annualIncome > lower)
            {
                tax += (Math.Min(annualIncome, upper) - lower) * bracket.Rate;
            }

            if (bracket.UpTo is null)
            {
                break;
            }

            lower = upper;
        }

        return tax;
    }

    /// <summary>The days of <paramref name="period"/> covered by the employment ranges (ranges never overlap).</summary>
    public static IReadOnlyList<DayRange> EmployedDays(IReadOnlyList<DayRange> employment, PayPeriod period) =>
        employment.Select(r => r.Within(period)).OfType<DayRange>().OrderBy(r => r.From).ToList();

    /// <summary>Unrounded basic pay for the days: each day at the monthly salary in force that day / days of the month.</summary>
    public static decimal BasicDue(IReadOnlyList<SalaryStep> salary, IReadOnlyList<DayRange> days, PayPeriod period)
    {
        var ordered = salary.OrderBy(s => s.EffectiveFrom).ThenBy(s => s.ApprovedAt).ToList();
        var total = 0m;
        foreach (var range in days)
        {
            for (var i = 0; i < ordered.Count; i++)
            {
                var from = ordered[i].EffectiveFrom;
                var to = i + 1 < ordered.Count ? ordered[i + 1].EffectiveFrom.AddDays(-1) : DateOnly.MaxValue;
                var start = from > range.From ? from : range.From;
                var end = to < range.To ? to : range.To;
                if (start <= end)
                {
                    total += ordered[i].MonthlyAmount * (end.DayNumber - start.DayNumber + 1) / period.Days;
                }
            }
        }

        return total;
    }

    /// <summary>For each earlier paid period: basic due now minus basic paid; only periods where they differ.</summary>
    public static IReadOnlyDictionary<int, decimal> ArrearsDue(PayFacts facts, PayPeriod current)
    {
        var arrears = new SortedDictionary<int, decimal>();
        foreach (var (number, paid) in facts.Paid)
        {
            var period = PayPeriod.FromNumber(number);
            if (period >= current)
            {
                continue;
            }

            var due = Money.Round(BasicDue(facts.Salary, EmployedDays(facts.Employment, period), period));
            if (due != paid)
            {
                arrears[number] = due - paid;
            }
        }

        return arrears;
    }

    private static decimal AssignedAmountOf(IReadOnlyList<AssignedAmount> assigned, ComponentRule rule, PayPeriod period, decimal share)
    {
        var total = assigned
            .Where(a => a.Code == rule.Code && a.From <= period.End && (a.To is null || a.To >= period.Start))
            .Sum(a => a.MonthlyAmount);
        return rule.Kind == ComponentKind.Deduction ? (share > 0 ? Money.Round(total) : 0) : Money.Round(total * share);
    }

    private static PayLineKind LineKind(ComponentKind kind) => kind switch
    {
        ComponentKind.Earning => PayLineKind.Earning,
        ComponentKind.Allowance => PayLineKind.Allowance,
        _ => PayLineKind.Deduction,
    };
}
