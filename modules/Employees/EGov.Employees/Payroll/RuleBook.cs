using System.Collections.Concurrent;
using EGov.Employees.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.Employees.Payroll;

/// <summary>The payroll rules of a year, read from <c>g2e.payroll_rules</c> (parsed once per process and year).</summary>
internal sealed class RuleBook(EmployeesDb db, RuleCache cache)
{
    public async Task<PayrollRules?> ForYearAsync(int year, CancellationToken ct)
    {
        var stored = await db.RuleSets.AsNoTracking().Where(r => r.Year == year).Select(r => new { r.Content, r.LoadedAt }).SingleOrDefaultAsync(ct);
        if (stored is null)
        {
            return null;
        }

        var entry = cache.Years.AddOrUpdate(
            year,
            _ => (stored.LoadedAt, PayrollRules.Parse(stored.Content)),
            (_, old) => old.LoadedAt == stored.LoadedAt ? old : (stored.LoadedAt, PayrollRules.Parse(stored.Content)));
        return entry.Rules;
    }
}

internal sealed class RuleCache
{
    public ConcurrentDictionary<int, (DateTimeOffset LoadedAt, PayrollRules Rules)> Years { get; } = new();
}
