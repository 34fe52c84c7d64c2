using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using EGov.Employees.Contracts;
using EGov.Employees.Domain;
using EGov.Employees.Features.Establishment;
using EGov.Employees.Payroll;
using EGov.Employees.Security;
using EGov.SharedKernel.Auditing;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.Employees.Persistence;

/// <summary>The module's shipped data files (embedded resources under <c>Persistence/Seed</c>).</summary>
internal static class SeedFiles
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"EGov.Employees.Persistence.Seed.{name}")
            ?? throw new InvalidOperationException($"The module ships no seed file {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static IEnumerable<string> Names(string prefix) =>
        Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith($"EGov.Employees.Persistence.Seed.{prefix}", StringComparison.Ordinal))
            .Select(n => n["EGov.Employees.Persistence.Seed.".Length..])
            .Order(StringComparer.Ordinal);

    /// <summary>Every shipped year of payroll rules, checked.</summary>
    public static IReadOnlyList<PayrollRules> Rules() => Names("payroll-rules-").Select(n =>
    {
        var rules = PayrollRules.Parse(Read(n));
        return rules.Problems() is { Count: > 0 } problems ? throw new InvalidDataException($"{n}: {string.Join(" ", problems)}") : rules;
    }).ToList();
}

internal sealed record SeedAccount(string Agency, string Name, string Iban, string? Bic);

/// <summary>Payroll rules per year and the demo agencies' paying accounts, in every environment: what is absent is added, nothing is overwritten.</summary>
internal sealed class PayrollReferenceSeeder(EmployeesDb db, TimeProvider clock) : IModuleSeeder
{
    public string Name => "g2e payroll rules and accounts";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.LockForSeedingAsync(Name, cancellationToken);
        var years = await db.RuleSets.Select(r => r.Year).ToListAsync(cancellationToken);
        foreach (var rules in SeedFiles.Rules().Where(r => !years.Contains(r.Year)))
        {
            db.RuleSets.Add(new RuleSet { Year = rules.Year, Content = rules.ToJson(), LoadedAt = clock.GetUtcNow() });
        }

        var agencies = await db.AgencyAccounts.Select(a => a.AgencyCode).ToListAsync(cancellationToken);
        foreach (var account in JsonSerializer.Deserialize<List<SeedAccount>>(SeedFiles.Read("agency-accounts.json"), SeedFiles.Json) ?? [])
        {
            if (!agencies.Contains(account.Agency))
            {
                var iban = Iban.Normalize(account.Iban, out var problem) ?? throw new InvalidDataException($"agency-accounts.json, {account.Agency}: {problem}");
                db.AgencyAccounts.Add(AgencyAccount.Create(account.Agency, account.Name, iban, account.Bic));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

internal sealed record SeedPosition(string Key, string Agency, string Department, string Title, string Grade, StaffFunction Function, string? ReportsTo);

internal sealed record SeedEmployee(string EmployeeNumber, string GivenName, string FamilyName, string Position, DateOnly StartDate, int Step, SensitiveDetails Personal);

internal sealed record SeedEstablishment(string PaidPeriod, IReadOnlyList<SeedPosition> Positions, IReadOnlyList<SeedEmployee> Employees);

/// <summary>
/// Development only: the demo agencies' establishment (<c>development-establishment.json</c>: the demo users among the
/// employees, with their managers) and a paid month of payroll for each agency. Seeds once: nothing when the first
/// employee of the file exists.
/// </summary>
internal sealed class DevelopmentSeeder(EmployeesDb db, RecordCipher cipher, RuleBook rules, PayrollEngine engine, TimeProvider clock) : IModuleSeeder
{
    public string Name => "g2e development establishment and payroll";

    public static SeedEstablishment Data() =>
        JsonSerializer.Deserialize<SeedEstablishment>(SeedFiles.Read("development-establishment.json"), SeedFiles.Json)
        ?? throw new InvalidDataException("development-establishment.json is empty.");

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var data = Data();
        if (!PayPeriod.TryParse(data.PaidPeriod, out var paid))
        {
            throw new InvalidDataException("development-establishment.json: paidPeriod is yyyy-MM.");
        }

        var scale = await rules.ForYearAsync(paid.Year, cancellationToken) ?? throw new InvalidDataException($"No payroll rules for {paid.Year} to seed salaries from.");
        var actor = Actor.System("g2e-development-seed");
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Database.LockForSeedingAsync(Name, cancellationToken);
            var first = data.Employees[0].EmployeeNumber;
            if (await db.Employees.AnyAsync(e => e.EmployeeNumber == first, cancellationToken))
            {
                return;
            }

            var now = clock.GetUtcNow();
            var positions = new Dictionary<string, Position>(StringComparer.Ordinal);
            foreach (var p in data.Positions)
            {
                var position = Position.Create(Guid.CreateVersion7(now), p.Agency, p.Department, p.Title, p.Grade, p.Function, funded: true,
                    p.ReportsTo is null ? null : positions[p.ReportsTo].Id, now);
                positions[p.Key] = position;
                db.Positions.Add(position);
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var e in data.Employees)
            {
                var position = positions[e.Position];
                var employee = Employee.Hire(Guid.CreateVersion7(now), e.EmployeeNumber, e.GivenName, e.FamilyName, null, position, e.StartDate, now);
                employee.Seal(await cipher.SealAsync(position.AgencyCode, e.Personal, PersonnelRecords.Context(employee.Id), cancellationToken));
                db.Employees.Add(employee);
                var amount = scale.ScaleAmount(position.Grade, e.Step) ?? throw new InvalidDataException($"{e.EmployeeNumber}: no step {e.Step} on grade {position.Grade}.");
                db.SalaryRecords.Add(SalaryRecord.Approve(Guid.CreateVersion7(now), employee.Id, e.StartDate, e.Step, amount, now, actor.Id));
                db.Publish(new EmployeeHired(employee.Id, employee.EmployeeNumber, position.AgencyCode, position.Id, position.Function, e.StartDate));
            }

            db.Audit(actor, "establishment.seeded", "establishment", "development", new { positions = data.Positions.Count, employees = data.Employees.Count });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var agency in data.Positions.Select(p => p.Agency).Distinct(StringComparer.Ordinal))
        {
            await engine.RunAsync(agency, paid, new RunActor(actor, "development seed"), cancellationToken);
        }
    }
}
