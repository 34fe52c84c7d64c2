using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using EGov.Testing;
using static EGov.Employees.Tests.G2e;

namespace EGov.Employees.Tests;

/// <summary>
/// The module end to end through HTTP with real tokens and PostgreSQL, on a platform of its own where nothing is seeded:
/// establishment, hiring, an audited read, payroll twice, the signed payslip, the bank file, a cancelled run run again.
/// </summary>
public sealed class WalkThroughTests : IAsyncLifetime
{
    private PlatformFactory _platform = null!;

    public async ValueTask InitializeAsync() => _platform = await StartTestingAsync("g2e_walk");

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task Position_hire_audited_read_payroll_twice_payslip_verified_bank_file_reconciled()
    {
        // A month of the shipped rules (2026), whatever today's date.
        const string periodText = "2026-11";
        var frank = await _platform.ClientForAsync("hr.frank");
        var nina = await _platform.ClientForAsync("hr.nina");
        var grace = await _platform.ClientForAsync("payroll.grace");
        var paula = await _platform.ClientForAsync("employee.paula");
        var mark = await _platform.ClientForAsync("manager.mark");
        var anonymous = _platform.CreateClient();

        // The establishment: a head of unit, and a clerk's post reporting to it, both vacant.
        var head = await CreatePositionAsync(frank, "Head of Records", "G10", function: "Manager");
        var clerk = await CreatePositionAsync(frank, "Records clerk", "G6", reportsTo: head);
        var vacant = await GetOkAsync(frank, "/api/g2e/positions?vacant=true");
        Assert.Equal(2, vacant.GetProperty("total").GetInt32());

        // Hiring: the manager, then the employee (a repeat with the same key is the same hire).
        await HireAsync(frank, Hire("E-3010", head, "2020-01-01", Personal("70010100000", "GB82WEST12345698765432"), 5200m, "Mark", "Jansen"));
        var key = Guid.NewGuid().ToString();
        var hire = Hire("E-3003", clerk, "2024-01-01", monthlySalary: 3000m);
        var first = await OkJsonAsync(await CreateAsync(frank, "/api/g2e/employees", hire, key), HttpStatusCode.Created);
        var again = await OkJsonAsync(await CreateAsync(frank, "/api/g2e/employees", hire, key), HttpStatusCode.Created);
        var id = first.GetProperty("id").GetGuid();
        Assert.Equal(id, again.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("personal").ValueKind);
        Assert.Equal(1, await CountAsync(_platform, "SELECT count(*) FROM g2e.employees WHERE employee_number = 'E-3003'"));

        // HR reads the record (sensitive fields, audited); HR of another agency gets 404; the manager sees name and post.
        var record = await GetOkAsync(frank, $"/api/g2e/employees/{id}");
        Assert.Equal("Full", record.GetProperty("view").GetString());
        Assert.Equal("88020312345", record.GetProperty("personal").GetProperty("nationalId").GetString());
        Assert.Equal(ValidIban, record.GetProperty("personal").GetProperty("iban").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await nina.GetAsync($"/api/g2e/employees/{id}", Ct)).StatusCode);
        var managed = await GetOkAsync(mark, $"/api/g2e/employees/{id}");
        Assert.Equal("Manager", managed.GetProperty("view").GetString());
        Assert.Equal("Records clerk", managed.GetProperty("positions")[0].GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, managed.GetProperty("personal").ValueKind);
        Assert.Equal(JsonValueKind.Null, managed.GetProperty("salary").ValueKind);

        // The employee sees who read the record: HR, once (the manager's view opened nothing).
        var reads = await GetOkAsync(paula, "/api/g2e/me/record/reads");
        var read = Assert.Single(reads.GetProperty("items").EnumerateArray());
        Assert.Equal("hr.frank", read.GetProperty("reader").GetString());
        Assert.Equal("hr-officer", read.GetProperty("role").GetString());

        // A database reader without the key finds none of the sensitive values in any table of the schema.
        await AssertNoneInClearAsync("88020312345", ValidIban, "7 Birch Lane", "Asthma", "ground-floor", "Sam Carter", "5550199", "1988-02-03");

        // Payroll for the month; a second run pays nobody again.
        var run = await OkJsonAsync(await grace.PostAsJsonAsync("/api/g2e/payroll/runs", new { period = periodText }, Ct), HttpStatusCode.Created);
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("payslips").GetInt32());
        var runId = run.GetProperty("id").GetGuid();
        using (var twice = await grace.PostAsJsonAsync("/api/g2e/payroll/runs", new { period = periodText }, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Equal(runId, (await OkJsonAsync(twice, HttpStatusCode.Conflict)).GetProperty("runId").GetGuid());
        }

        Assert.Equal(2, await CountAsync(_platform, "SELECT count(*) FROM g2e.payslips WHERE live"));

        // The employee's payslip, as JSON and as signed PDF, verified on the platform route.
        var slips = await GetOkAsync(paula, "/api/g2e/me/payslips");
        var slip = Assert.Single(slips.GetProperty("items").EnumerateArray());
        Assert.Equal(3000m, slip.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString() == "BASIC").GetProperty("amount").GetDecimal());
        var slipId = slip.GetProperty("id").GetGuid();
        using (var pdf = await paula.GetAsync($"/api/g2e/me/payslips/{slipId}/pdf", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(Ct))[..4], StringComparison.Ordinal);
        }

        var code = (await GetOkAsync(paula, $"/api/g2e/me/payslips/{slipId}")).GetProperty("verificationCode").GetString()!;
        var verified = await GetOkAsync(anonymous, $"/api/documents/verify/{code}");
        Assert.Equal("valid", verified.GetProperty("status").GetString(), ignoreCase: true);
        Assert.Equal(HttpStatusCode.NotFound, (await mark.GetAsync($"/api/g2e/me/payslips/{slipId}", Ct)).StatusCode);

        // The bank file reconciles with the run: count and sum, the employee's IBAN among the credits.
        var bank = await grace.GetAsync($"/api/g2e/payroll/runs/{runId}/bank-file", Ct);
        Assert.Equal(HttpStatusCode.OK, bank.StatusCode);
        var xml = XDocument.Parse(await bank.Content.ReadAsStringAsync(Ct));
        XNamespace ns = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";
        var header = xml.Root!.Element(ns + "CstmrCdtTrfInitn")!.Element(ns + "GrpHdr")!;
        var credits = xml.Descendants(ns + "CdtTrfTxInf").ToList();
        var amounts = credits.Select(c => decimal.Parse(c.Element(ns + "Amt")!.Element(ns + "InstdAmt")!.Value, CultureInfo.InvariantCulture)).ToList();
        var netTotal = run.GetProperty("netTotal").GetDecimal();
        Assert.Equal(2, int.Parse(header.Element(ns + "NbOfTxs")!.Value, CultureInfo.InvariantCulture));
        Assert.Equal(credits.Count, int.Parse(header.Element(ns + "NbOfTxs")!.Value, CultureInfo.InvariantCulture));
        Assert.Equal(netTotal, decimal.Parse(header.Element(ns + "CtrlSum")!.Value, CultureInfo.InvariantCulture));
        Assert.Equal(netTotal, amounts.Sum());
        Assert.Contains(credits, c => c.Descendants(ns + "IBAN").Any(i => i.Value == ValidIban));
        Assert.Equal("DE89370400440532013000", xml.Descendants(ns + "DbtrAcct").Single().Descendants(ns + "IBAN").Single().Value); // PSC's paying account

        // The employee sees the payroll's reads of their bank account too.
        var purposes = (await GetOkAsync(paula, "/api/g2e/me/record/reads")).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("purpose").GetString()!).ToList();
        Assert.Contains(purposes, p => p.StartsWith("payroll computation", StringComparison.Ordinal));
        Assert.Contains(purposes, p => p.StartsWith("bank file", StringComparison.Ordinal));

        // Cancelled: the payslip no longer counts, its document is revoked, and the period runs again, paying each once.
        await PostOkAsync(grace, $"/api/g2e/payroll/runs/{runId}/cancel", new { reason = "Wrong allowance table" });
        Assert.Equal("revoked", (await GetOkAsync(anonymous, $"/api/documents/verify/{code}")).GetProperty("status").GetString(), ignoreCase: true);
        Assert.Equal(0, (await GetOkAsync(paula, "/api/g2e/me/payslips")).GetProperty("total").GetInt32());
        var rerun = await OkJsonAsync(await grace.PostAsJsonAsync("/api/g2e/payroll/runs", new { period = periodText }, Ct), HttpStatusCode.Created);
        Assert.EndsWith("-2", rerun.GetProperty("reference").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await CountAsync(_platform, "SELECT count(*) FROM g2e.payslips WHERE live"));
        Assert.Equal(0, await CountAsync(_platform, "SELECT count(*) FROM (SELECT employee_id FROM g2e.payslips WHERE live GROUP BY employee_id, period HAVING count(*) > 1) d"));
    }

    private async Task AssertNoneInClearAsync(params string[] values)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_platform.ConnectionString);
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'g2e' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("employees", tables);
        foreach (var table in tables)
        {
            // Every row as text, byte columns included (bytea as hex and as escaped text).
            await using var dump = new Npgsql.NpgsqlCommand($"SELECT row_to_json(t)::text FROM g2e.\"{table}\" t", connection);
            await using var rows = await dump.ExecuteReaderAsync(Ct);
            while (await rows.ReadAsync(Ct))
            {
                var text = rows.GetString(0);
                foreach (var value in values)
                {
                    Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"g2e.{table} holds '{value}' in clear");
                    Assert.False(text.Contains(Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(value)), StringComparison.Ordinal), $"g2e.{table} holds '{value}' in clear (bytes)");
                }
            }
        }
    }
}
