namespace EGov.Employees.Domain;

/// <summary>
/// The payroll's one rounding rule: every amount a payslip shows (each line, each contribution, the tax) is rounded
/// once, to the cent, half away from zero (0.005 → 0.01); totals are sums of rounded lines and are never rounded
/// again. Intermediate values (a pro-rata factor, an annualised income) are kept unrounded until their line is made.
/// </summary>
internal static class Money
{
    public const int Decimals = 2;

    public static decimal Round(decimal amount) => Math.Round(amount, Decimals, MidpointRounding.AwayFromZero);
}
