// The payroll benchmark: dotnet run -c Release --project bench/EGov.Bench.Payroll -- [employees] [connection string]
// It creates a database of its own, loads the establishment with binary COPY (not timed), then times one payroll run
// of the agency through PayrollEngine (batched reads, payslips by COPY in batches) and the pain.001 bank file through
// BankFile, and reports both with the process's peak working set.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using EGov.Employees.Domain;
using EGov.Employees.Features.Establishment;
using EGov.Employees.Payroll;
using EGov.Employees.Persistence;
using EGov.Employees.Security;
using EGov.SharedKernel.Auditing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

var employees = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
var admin = args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("EGOV_BENCH_PG") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres";
var database = $"g2e_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
await using (var connection = new NpgsqlConnection(admin))
{
    await connection.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
    await create.ExecuteNonQueryAsync();
}

var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
await using var dataSource = NpgsqlDataSource.Create(connectionString);
var services = new ServiceCollection();
services.AddSingleton(TimeProvider.System);
services.AddDbContext<EmployeesDb>(o => o.UseNpgsql(dataSource, n => n.MigrationsHistoryTable("__EFMigrationsHistory", "g2e")).UseSnakeCaseNamingConvention());
services.AddDataProtection();
services.AddOptions<EncryptionOptions>().Configure(o =>
{
    o.Keys["bench"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    o.CurrentKey = "bench";
});
services.AddOptions<PayrollOptions>();
services.AddSingleton<KeyEncryptionKeys>();
services.AddSingleton<DataKeyCache>();
services.AddSingleton<RuleCache>();
services.AddScoped<RecordCipher>();
services.AddScoped<RuleBook>();
services.AddScoped<PayrollEngine>();
services.AddScoped<BankFile>();
services.AddScoped<PayrollReferenceSeeder>();
await using var provider = services.BuildServiceProvider();

const string agency = "BEN";
var period = new PayPeriod(2026, 11);
var setup = Stopwatch.StartNew();
await using (var scope = provider.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<EmployeesDb>();
    await db.Database.MigrateAsync();
    await scope.ServiceProvider.GetRequiredService<PayrollReferenceSeeder>().SeedAsync(CancellationToken.None);
    await db.Database.ExecuteSqlRawAsync("INSERT INTO g2e.agency_accounts (agency_code, name, iban, bic) VALUES ('BEN', 'Benchmark Agency', 'DE89370400440532013000', 'COBADEFFXXX')");
    var (keyId, key) = await scope.ServiceProvider.GetRequiredService<RecordCipher>().AgencyKeyAsync(agency, CancellationToken.None);
    await LoadAsync(dataSource, employees, keyId, key);
}

Console.WriteLine($"setup: {employees:N0} employees loaded in {setup.Elapsed.TotalSeconds:F1} s");
GC.Collect();

var total = Stopwatch.StartNew();
RunOutcome outcome;
await using (var scope = provider.CreateAsyncScope())
{
    outcome = await scope.ServiceProvider.GetRequiredService<PayrollEngine>().RunAsync(agency, period, new RunActor(Actor.System("bench"), "bench"), CancellationToken.None);
}

var runSeconds = total.Elapsed.TotalSeconds;
var file = Path.Combine(Path.GetTempPath(), $"{database}.xml");
await using (var scope = provider.CreateAsyncScope())
{
    var run = outcome.Run ?? throw new InvalidOperationException($"The run ended {outcome.Kind}.");
    await using var output = File.Create(file);
    await scope.ServiceProvider.GetRequiredService<BankFile>().WriteAsync(run, new AgencyAccountView().Account, output, CancellationToken.None);
}

var allSeconds = total.Elapsed.TotalSeconds;
var bankSeconds = allSeconds - runSeconds;

// Reconcile the file with the run, reading it back.
var (count, sum) = (0, 0m);
using (var reader = XmlReader.Create(file))
{
    while (reader.ReadToFollowing("InstdAmt", BankFile.Namespace))
    {
        count++;
        sum += decimal.Parse(reader.ReadElementContentAsString(), CultureInfo.InvariantCulture);
    }
}

var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
Console.WriteLine($"payroll run: {outcome.Run!.Payslips:N0} payslips, net {outcome.Run.NetTotal:N2} {outcome.Run.Currency}, {runSeconds:F1} s");
Console.WriteLine($"bank file:   {count:N0} credit transfers, {sum:N2}, {new FileInfo(file).Length / (1024.0 * 1024.0):F1} MiB, {bankSeconds:F1} s");
Console.WriteLine($"total:       {allSeconds:F1} s (target 60 s); peak working set {peak:F0} MiB");
Console.WriteLine(count == outcome.Run.Payslips && sum == outcome.Run.NetTotal ? "reconciled: count and sum match the run" : "NOT RECONCILED");
File.Delete(file);
await using (var connection = new NpgsqlConnection(admin))
{
    NpgsqlConnection.ClearAllPools();
    await connection.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE {database} WITH (FORCE)", connection);
    await drop.ExecuteNonQueryAsync();
}

return count == outcome.Run.Payslips && sum == outcome.Run.NetTotal ? 0 : 1;

// The establishment of the benchmark agency: a position, an employee, a substantive assignment and a salary each, by COPY.
static async Task LoadAsync(NpgsqlDataSource dataSource, int employees, Guid keyId, byte[] key)
{
    await using var connection = await dataSource.OpenConnectionAsync();
    var now = DateTimeOffset.UtcNow;
    var ids = Enumerable.Range(0, employees).Select(_ => (Position: Guid.CreateVersion7(), Employee: Guid.CreateVersion7())).ToArray();
    await using (var copy = await connection.BeginBinaryImportAsync("COPY g2e.positions (id, agency_code, department, title, grade, function, funded, created_at) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < employees; i++)
        {
            await copy.StartRowAsync();
            copy.Write(ids[i].Position, NpgsqlDbType.Uuid);
            copy.Write("BEN", NpgsqlDbType.Varchar);
            copy.Write($"Department {i % 40}", NpgsqlDbType.Varchar);
            copy.Write("Officer", NpgsqlDbType.Varchar);
            copy.Write($"G{(i % 12) + 1}", NpgsqlDbType.Varchar);
            copy.Write("General", NpgsqlDbType.Varchar);
            copy.Write(true, NpgsqlDbType.Boolean);
            copy.Write(now, NpgsqlDbType.TimestampTz);
        }

        await copy.CompleteAsync();
    }

    await using (var copy = await connection.BeginBinaryImportAsync("COPY g2e.employees (id, employee_number, agency_code, given_name, family_name, sensitive, created_at) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < employees; i++)
        {
            var details = new SensitiveDetails($"{80000000000L + i}", new DateOnly(1970 + (i % 40), (i % 12) + 1, (i % 28) + 1),
                new PostalAddress($"{i % 300} Main Street", "10115", "Capital City", "DE"), BenchIban(i),
                new EmergencyContact("Contact Person", "Partner", "+49 30 5550100"), null, null);
            await copy.StartRowAsync();
            copy.Write(ids[i].Employee, NpgsqlDbType.Uuid);
            copy.Write($"B-{i:D6}", NpgsqlDbType.Varchar);
            copy.Write("BEN", NpgsqlDbType.Varchar);
            copy.Write("Given", NpgsqlDbType.Varchar);
            copy.Write($"Family{i}", NpgsqlDbType.Varchar);
            copy.Write(RecordCipher.SealWith(keyId, key, details, PersonnelRecords.Context(ids[i].Employee)), NpgsqlDbType.Bytea);
            copy.Write(now, NpgsqlDbType.TimestampTz);
        }

        await copy.CompleteAsync();
    }

    await using (var copy = await connection.BeginBinaryImportAsync("COPY g2e.assignments (id, employee_id, position_id, agency_code, kind, \"from\") FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < employees; i++)
        {
            await copy.StartRowAsync();
            copy.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            copy.Write(ids[i].Employee, NpgsqlDbType.Uuid);
            copy.Write(ids[i].Position, NpgsqlDbType.Uuid);
            copy.Write("BEN", NpgsqlDbType.Varchar);
            copy.Write("Hire", NpgsqlDbType.Varchar);

            // One in twenty joined during the month (pro rata).
            copy.Write(i % 20 == 0 ? new DateOnly(2026, 11, 1 + (i % 28)) : new DateOnly(2015 + (i % 10), 1, 1), NpgsqlDbType.Date);
        }

        await copy.CompleteAsync();
    }

    await using (var copy = await connection.BeginBinaryImportAsync("COPY g2e.salary_records (id, employee_id, effective_from, step, monthly_amount, approved_at, approved_by) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < employees; i++)
        {
            await copy.StartRowAsync();
            copy.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            copy.Write(ids[i].Employee, NpgsqlDbType.Uuid);
            copy.Write(new DateOnly(2015, 1, 1), NpgsqlDbType.Date);
            copy.Write(1, NpgsqlDbType.Integer);
            copy.Write(2000m + (i % 4000) + 0.37m, NpgsqlDbType.Numeric);
            copy.Write(new DateTimeOffset(2014, 12, 1, 0, 0, 0, TimeSpan.Zero), NpgsqlDbType.TimestampTz);
            copy.Write("bench", NpgsqlDbType.Varchar);
        }

        await copy.CompleteAsync();
    }

    await using var analyze = new NpgsqlCommand("ANALYZE", connection);
    await analyze.ExecuteNonQueryAsync();
}

// A valid German IBAN per employee: bank code 10020030, account number i, check digits by mod-97.
static string BenchIban(int i)
{
    var bban = $"10020030{i:D10}";
    var check = 98 - Iban.Mod97($"DE00{bban}");
    return $"DE{check:D2}{bban}";
}

internal sealed class AgencyAccountView
{
    public AgencyAccount Account { get; } = AgencyAccount.Create("BEN", "Benchmark Agency", "DE89370400440532013000", "COBADEFFXXX");
}
