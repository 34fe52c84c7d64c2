using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Employees.Domain;
using EGov.Employees.Payroll;
using EGov.SharedKernel.Auditing;
using EGov.Testing;
using Microsoft.Extensions.DependencyInjection;
using static EGov.Employees.Tests.G2e;

namespace EGov.Employees.Tests;

/// <summary>Payroll runs on a platform of their own (batches of two): a run interrupted half-way, arrears, a leaver.</summary>
public sealed class PayrollRunTests : IAsyncLifetime
{
    private PlatformFactory _platform = null!;

    public async ValueTask InitializeAsync() =>
        _platform = await StartTestingAsync("g2e_runs", new Dictionary<string, string?> { ["Employees:Payroll:BatchSize"] = "2" });

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();

    /// <summary>Tests share the agency PSC: each hires its own staff, from a day that keeps them out of the other's months.</summary>
    private static async Task<List<Guid>> HireStaffAsync(HttpClient hr, int count, string prefix, string from, decimal salary = 3000m)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var position = await CreatePositionAsync(hr, $"Clerk {prefix}{i}");
            ids.Add(await HireAsync(hr, Hire($"E-{prefix}{i:D2}", position, from, Personal($"6001010{i:D4}"), salary, "Staff", $"Member{i}")));
        }

        return ids;
    }

    private static async Task<JsonElement> RunAsync(HttpClient payroll, string period, HttpStatusCode expected = HttpStatusCode.Created) =>
        await OkJsonAsync(await payroll.PostAsJsonAsync("/api/g2e/payroll/runs", new { period }, Ct), expected);

    private static async Task<List<JsonElement>> PayslipsAsync(HttpClient payroll, Guid runId) =>
        (await GetOkAsync(payroll, $"/api/g2e/payroll/runs/{runId}/payslips?pageSize=100")).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task A_run_killed_half_way_is_resumed_and_pays_nobody_twice()
    {
        var hr = await _platform.ClientForAsync("hr.frank");
        var grace = await _platform.ClientForAsync("payroll.grace");
        await HireStaffAsync(hr, 5, "7", "2026-01-01");

        // The run fails after its first committed batch (two employees), as a crash would leave it.
        await using (var scope = _platform.Services.CreateAsyncScope())
        {
            var engine = scope.ServiceProvider.GetRequiredService<PayrollEngine>();
            engine.AfterBatch = (written, _) => written >= 2 ? throw new IOException("injected fault after two payslips") : Task.CompletedTask;
            await Assert.ThrowsAsync<IOException>(() => engine.RunAsync("PSC", new PayPeriod(2026, 6), new RunActor(Actor.System("test"), "fault test"), Ct));
        }

        Assert.Equal(2, await CountAsync(_platform, "SELECT count(*) FROM g2e.payslips WHERE period = 202606 AND live"));
        Assert.Equal(1, await CountAsync(_platform, "SELECT count(*) FROM g2e.payroll_runs WHERE period = 202606 AND status = 'Running'"));

        // Running it again resumes the same run and pays the other three only.
        var run = await RunAsync(grace, "2026-06");
        Assert.Equal(1, run.GetProperty("resumptions").GetInt32());
        Assert.Equal(5, run.GetProperty("payslips").GetInt32());
        Assert.Equal(5, await CountAsync(_platform, "SELECT count(*) FROM g2e.payslips WHERE period = 202606 AND live"));
        Assert.Equal(5, await CountAsync(_platform, "SELECT count(DISTINCT employee_id) FROM g2e.payslips WHERE period = 202606"));
        var slips = await PayslipsAsync(grace, run.GetProperty("id").GetGuid());
        Assert.Equal(run.GetProperty("netTotal").GetDecimal(), slips.Sum(s => s.GetProperty("net").GetDecimal()));

        // A third start is refused and pays nothing.
        var refused = await RunAsync(grace, "2026-06", HttpStatusCode.Conflict);
        Assert.Equal(run.GetProperty("id").GetGuid(), refused.GetProperty("runId").GetGuid());
        Assert.Equal(5, await CountAsync(_platform, "SELECT count(*) FROM g2e.payslips WHERE period = 202606"));

        // The database itself refuses a second live payslip for an employee and period.
        var ex = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Database.ExecuteAsync(_platform.ConnectionString,
            "INSERT INTO g2e.payslips SELECT gen_random_uuid(), run_id, employee_id, employee_number, employee_name, agency_code, period, reference || 'x', live, position_title, grade, currency, " +
            "days_paid, days_in_period, basic, gross, deductions, net, employer_cost, lines, arrears, bank_account, created_at FROM g2e.payslips WHERE period = 202606 LIMIT 1"));
        Assert.Equal("23505", ex.SqlState);
    }

    [Fact]
    public async Task A_late_raise_pays_arrears_and_a_leaver_is_paid_pro_rata()
    {
        var hr = await _platform.ClientForAsync("hr.frank");
        var grace = await _platform.ClientForAsync("payroll.grace");
        var staff = await HireStaffAsync(hr, 2, "8", "2026-08-01");
        await RunAsync(grace, "2026-09");
        await RunAsync(grace, "2026-10");

        // Approved now, effective from September: September and October were paid at the old salary.
        await PostOkAsync(hr, $"/api/g2e/employees/{staff[0]}/salary", new { effectiveFrom = "2026-09-01", monthlyAmount = 3300m });
        await PostOkAsync(hr, $"/api/g2e/employees/{staff[1]}/leaving", new { lastDay = "2026-11-10" });
        var november = await RunAsync(grace, "2026-11");
        var slips = await PayslipsAsync(grace, november.GetProperty("id").GetGuid());
        var raised = slips.Single(s => s.GetProperty("employeeNumber").GetString() == "E-800");
        var lines = raised.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("code").GetString()!, l => l.GetProperty("amount").GetDecimal());
        Assert.Equal(3300m, lines["BASIC"]);
        Assert.Equal(600m, lines["ARREARS"]);
        Assert.Equal(300m, raised.GetProperty("arrears").GetProperty("2026-09").GetDecimal());

        var leaver = slips.Single(s => s.GetProperty("employeeNumber").GetString() == "E-801");
        Assert.Equal(10, leaver.GetProperty("daysPaid").GetInt32());
        Assert.Equal(1000m, leaver.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "BASIC").GetProperty("amount").GetDecimal());

        // Arrears are paid once: December pays none, and the leaver is no longer paid.
        var december = await RunAsync(grace, "2026-12");
        var decemberSlips = await PayslipsAsync(grace, december.GetProperty("id").GetGuid());
        var again = decemberSlips.Single(s => s.GetProperty("employeeNumber").GetString() == "E-800");
        Assert.DoesNotContain(again.GetProperty("lines").EnumerateArray(), l => l.GetProperty("code").GetString() == "ARREARS");
        Assert.DoesNotContain(decemberSlips, s => s.GetProperty("employeeNumber").GetString() == "E-801");
    }
}
