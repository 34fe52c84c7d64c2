using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Employees.Contracts;
using EGov.SharedKernel.Identity;
using EGov.Testing;
using Microsoft.Extensions.DependencyInjection;
using static EGov.Employees.Tests.G2e;

namespace EGov.Employees.Tests;

/// <summary>
/// Who may do what, on the shared Development platform with the seeded establishment (PSC: manager.mark heads HR,
/// employee.paula is an HR analyst reporting to him) and its paid month: the employee, another employee, the manager,
/// HR of the agency, HR of another agency, a payroll officer and anonymous, on every route of the module.
/// </summary>
public sealed class AccessTests(PlatformFixture fixture)
{
    private PlatformFactory Platform => fixture.Platform;

    private static readonly string[] Callers = ["employee.paula", "caseworker.david", "manager.mark", "hr.frank", "hr.nina", "payroll.grace", "anonymous"];

    private async Task<Dictionary<string, HttpClient>> ClientsAsync()
    {
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal) { ["anonymous"] = Platform.CreateClient() };
        foreach (var name in Callers.Where(c => c != "anonymous"))
        {
            clients[name] = await Platform.ClientForAsync(name);
        }

        return clients;
    }

    private async Task<Guid> PaulaAsync(HttpClient frank)
    {
        var list = await GetOkAsync(frank, "/api/g2e/employees?pageSize=100");
        return list.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("employeeNumber").GetString() == "E-3003").GetProperty("id").GetGuid();
    }

    private static async Task ExpectAsync(Dictionary<string, HttpClient> clients, Func<HttpClient, Task<HttpResponseMessage>> call, params (string Caller, HttpStatusCode Status)[] expected)
    {
        Assert.Equal(Callers.Order(), expected.Select(e => e.Caller).Order());
        foreach (var (caller, status) in expected)
        {
            using var response = await call(clients[caller]);
            Assert.True(response.StatusCode == status, $"{caller}: expected {(int)status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }

    [Fact]
    public async Task The_personnel_record_is_seen_by_the_employee_and_hr_in_full_by_the_manager_in_part_by_nobody_else()
    {
        var clients = await ClientsAsync();
        var paula = await PaulaAsync(clients["hr.frank"]);
        await ExpectAsync(clients, c => c.GetAsync($"/api/g2e/employees/{paula}", Ct),
            ("employee.paula", HttpStatusCode.OK), ("caseworker.david", HttpStatusCode.NotFound), ("manager.mark", HttpStatusCode.OK),
            ("hr.frank", HttpStatusCode.OK), ("hr.nina", HttpStatusCode.NotFound), ("payroll.grace", HttpStatusCode.OK), ("anonymous", HttpStatusCode.Unauthorized));

        string View(JsonElement e) => e.GetProperty("view").GetString()!;
        Assert.Equal("Full", View(await GetOkAsync(clients["employee.paula"], $"/api/g2e/employees/{paula}")));
        Assert.Equal("Manager", View(await GetOkAsync(clients["manager.mark"], $"/api/g2e/employees/{paula}")));
        var payroll = await GetOkAsync(clients["payroll.grace"], $"/api/g2e/employees/{paula}");
        Assert.Equal("Payroll", View(payroll));
        Assert.Equal(JsonValueKind.Null, payroll.GetProperty("personal").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, payroll.GetProperty("salary").ValueKind);

        // Self-service: every employee has their own record, and only theirs.
        await ExpectAsync(clients, c => c.GetAsync("/api/g2e/me/record", Ct),
            ("employee.paula", HttpStatusCode.OK), ("caseworker.david", HttpStatusCode.OK), ("manager.mark", HttpStatusCode.OK),
            ("hr.frank", HttpStatusCode.OK), ("hr.nina", HttpStatusCode.OK), ("payroll.grace", HttpStatusCode.OK), ("anonymous", HttpStatusCode.Unauthorized));
        var mine = await GetOkAsync(clients["caseworker.david"], "/api/g2e/me/record");
        Assert.Equal("E-1001", mine.GetProperty("employeeNumber").GetString());
        Assert.Equal(JsonValueKind.Object, mine.GetProperty("personal").ValueKind);
        await ExpectAsync(clients, c => c.GetAsync("/api/g2e/me/record/reads", Ct),
            ("employee.paula", HttpStatusCode.OK), ("caseworker.david", HttpStatusCode.OK), ("manager.mark", HttpStatusCode.OK),
            ("hr.frank", HttpStatusCode.OK), ("hr.nina", HttpStatusCode.OK), ("payroll.grace", HttpStatusCode.OK), ("anonymous", HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Establishment_changes_are_for_hr_of_the_employees_agency()
    {
        var clients = await ClientsAsync();
        var paula = await PaulaAsync(clients["hr.frank"]);

        // An empty body: HR of the agency reaches the validation (400, nothing written), everyone else is stopped first.
        await ExpectAsync(clients, c => c.PostAsJsonAsync($"/api/g2e/employees/{paula}/leaving", new { }, Ct),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.BadRequest), ("hr.nina", HttpStatusCode.NotFound), ("payroll.grace", HttpStatusCode.Forbidden), ("anonymous", HttpStatusCode.Unauthorized));
        await ExpectAsync(clients, c => c.PostAsJsonAsync($"/api/g2e/employees/{paula}/salary", new { }, Ct),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.BadRequest), ("hr.nina", HttpStatusCode.NotFound), ("payroll.grace", HttpStatusCode.Forbidden), ("anonymous", HttpStatusCode.Unauthorized));
        await ExpectAsync(clients, c => c.PostAsJsonAsync($"/api/g2e/employees/{paula}/assignments", new { }, Ct),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.BadRequest), ("hr.nina", HttpStatusCode.NotFound), ("payroll.grace", HttpStatusCode.Forbidden), ("anonymous", HttpStatusCode.Unauthorized));
        await ExpectAsync(clients, c => c.PostAsJsonAsync($"/api/g2e/employees/{paula}/components", new { }, Ct),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.Forbidden), ("hr.nina", HttpStatusCode.Forbidden), ("payroll.grace", HttpStatusCode.BadRequest), ("anonymous", HttpStatusCode.Unauthorized));
        await ExpectAsync(clients, c => CreateAsync(c, "/api/g2e/positions", new { }),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.BadRequest), ("hr.nina", HttpStatusCode.BadRequest), ("payroll.grace", HttpStatusCode.Forbidden), ("anonymous", HttpStatusCode.Unauthorized));
        await ExpectAsync(clients, c => CreateAsync(c, "/api/g2e/employees", new { }),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.BadRequest), ("hr.nina", HttpStatusCode.BadRequest), ("payroll.grace", HttpStatusCode.Forbidden), ("anonymous", HttpStatusCode.Unauthorized));
        await ExpectAsync(clients, c => c.GetAsync("/api/g2e/positions", Ct),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.OK), ("hr.nina", HttpStatusCode.OK), ("payroll.grace", HttpStatusCode.OK), ("anonymous", HttpStatusCode.Unauthorized));

        // Each agency's HR sees its own establishment only.
        var ncr = await GetOkAsync(clients["hr.nina"], "/api/g2e/positions?pageSize=100");
        Assert.All(ncr.GetProperty("items").EnumerateArray(), p => Assert.Equal("NCR", p.GetProperty("agencyCode").GetString()));
        var pscPosition = (await GetOkAsync(clients["hr.frank"], "/api/g2e/positions")).GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await clients["hr.nina"].GetAsync($"/api/g2e/positions/{pscPosition}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Payroll_is_for_payroll_officers_and_payslips_for_their_employee()
    {
        var clients = await ClientsAsync();
        var runs = await GetOkAsync(clients["payroll.grace"], "/api/g2e/payroll/runs?period=2026-11");
        var run = Assert.Single(runs.GetProperty("items").EnumerateArray());
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        var runId = run.GetProperty("id").GetGuid();
        foreach (var url in new[] { "/api/g2e/payroll/runs", $"/api/g2e/payroll/runs/{runId}", $"/api/g2e/payroll/runs/{runId}/payslips", $"/api/g2e/payroll/runs/{runId}/bank-file", "/api/g2e/payroll/account" })
        {
            await ExpectAsync(clients, c => c.GetAsync(url, Ct),
                ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
                ("hr.frank", HttpStatusCode.Forbidden), ("hr.nina", HttpStatusCode.Forbidden), ("payroll.grace", HttpStatusCode.OK), ("anonymous", HttpStatusCode.Unauthorized));
        }

        await ExpectAsync(clients, c => c.PostAsJsonAsync("/api/g2e/payroll/runs", new { period = "2026-11" }, Ct),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.Forbidden), ("hr.nina", HttpStatusCode.Forbidden), ("payroll.grace", HttpStatusCode.Conflict), ("anonymous", HttpStatusCode.Unauthorized));
        await ExpectAsync(clients, c => c.PostAsJsonAsync($"/api/g2e/payroll/runs/{runId}/cancel", new { }, Ct),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.Forbidden), ("hr.nina", HttpStatusCode.Forbidden), ("payroll.grace", HttpStatusCode.BadRequest), ("anonymous", HttpStatusCode.Unauthorized));
        await ExpectAsync(clients, c => c.GetAsync("/api/g2e/payroll/rules/2026", Ct),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.OK), ("hr.nina", HttpStatusCode.OK), ("payroll.grace", HttpStatusCode.OK), ("anonymous", HttpStatusCode.Unauthorized));

        // The seeded month paid Paula once; her payslip is hers alone.
        var slips = await GetOkAsync(clients["employee.paula"], "/api/g2e/me/payslips");
        var slip = Assert.Single(slips.GetProperty("items").EnumerateArray());
        Assert.Equal("2026-11", slip.GetProperty("period").GetString());
        var slipId = slip.GetProperty("id").GetGuid();
        await ExpectAsync(clients, c => c.GetAsync($"/api/g2e/me/payslips/{slipId}", Ct),
            ("employee.paula", HttpStatusCode.OK), ("caseworker.david", HttpStatusCode.NotFound), ("manager.mark", HttpStatusCode.NotFound),
            ("hr.frank", HttpStatusCode.NotFound), ("hr.nina", HttpStatusCode.NotFound), ("payroll.grace", HttpStatusCode.NotFound), ("anonymous", HttpStatusCode.Unauthorized));
        await ExpectAsync(clients, c => c.GetAsync($"/api/g2e/me/payslips/{slipId}/pdf", Ct),
            ("employee.paula", HttpStatusCode.OK), ("caseworker.david", HttpStatusCode.NotFound), ("manager.mark", HttpStatusCode.NotFound),
            ("hr.frank", HttpStatusCode.NotFound), ("hr.nina", HttpStatusCode.NotFound), ("payroll.grace", HttpStatusCode.NotFound), ("anonymous", HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Sensitive_changes_go_through_a_request_hr_of_the_agency_decides()
    {
        var clients = await ClientsAsync();
        var filed = await OkJsonAsync(await CreateAsync(clients["employee.paula"], "/api/g2e/me/change-requests", new { field = "BankAccount", iban = "GB82WEST12345698765432" }), HttpStatusCode.Created);
        var id = filed.GetProperty("id").GetGuid();
        Assert.Equal("Pending", filed.GetProperty("status").GetString());
        await ExpectAsync(clients, c => c.GetAsync($"/api/g2e/change-requests/{id}", Ct),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.OK), ("hr.nina", HttpStatusCode.NotFound), ("payroll.grace", HttpStatusCode.Forbidden), ("anonymous", HttpStatusCode.Unauthorized));
        await ExpectAsync(clients, c => c.PostAsJsonAsync($"/api/g2e/change-requests/{id}/decision", new { }, Ct),
            ("employee.paula", HttpStatusCode.Forbidden), ("caseworker.david", HttpStatusCode.Forbidden), ("manager.mark", HttpStatusCode.Forbidden),
            ("hr.frank", HttpStatusCode.BadRequest), ("hr.nina", HttpStatusCode.BadRequest), ("payroll.grace", HttpStatusCode.Forbidden), ("anonymous", HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.NotFound, (await clients["hr.nina"].PostAsJsonAsync($"/api/g2e/change-requests/{id}/decision", new { approve = true }, Ct)).StatusCode);

        await PostOkAsync(clients["hr.frank"], $"/api/g2e/change-requests/{id}/decision", new { approve = true });
        var record = await GetOkAsync(clients["employee.paula"], "/api/g2e/me/record");
        Assert.Equal("GB82WEST12345698765432", record.GetProperty("personal").GetProperty("iban").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await clients["hr.frank"].PostAsJsonAsync($"/api/g2e/change-requests/{id}/decision", new { approve = false, reason = "late" }, Ct)).StatusCode);

        // Contact fields are the employee's own to edit.
        var edited = await OkJsonAsync(await clients["employee.paula"].PatchAsJsonAsync("/api/g2e/me/record", new { preferredName = "Pola", workPhone = "+49 30 777" }, Ct));
        Assert.Equal("Pola", edited.GetProperty("preferredName").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await clients["anonymous"].PatchAsJsonAsync("/api/g2e/me/record", new { preferredName = "X" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Platform.ClientForAsync("admin.jan")).PatchAsJsonAsync("/api/g2e/me/record", new { preferredName = "X" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_staff_directory_answers_from_the_establishment()
    {
        await using var scope = Platform.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<IStaffDirectory>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.True(await directory.HoldsAsync("E-1001", "NCR", StaffFunction.Caseworker, today, Ct));
        Assert.False(await directory.HoldsAsync("E-1001", "CCM", StaffFunction.Caseworker, today, Ct));
        Assert.False(await directory.HoldsAsync("E-3003", "PSC", StaffFunction.Caseworker, today, Ct));
        Assert.False(await directory.HoldsAsync("E-1001", "NCR", StaffFunction.Caseworker, new DateOnly(2010, 1, 1), Ct));
        var assignment = Assert.Single(await directory.AssignmentsOnAsync("E-2001", today, Ct));
        Assert.Equal("CCM", assignment.AgencyCode);
        Assert.False(assignment.Acting);
    }

    [Fact]
    public async Task Rewrapping_the_data_keys_is_for_platform_administrators()
    {
        var clients = await ClientsAsync();
        clients["admin.jan"] = await Platform.ClientForAsync("admin.jan");
        foreach (var caller in Callers.Where(c => c != "anonymous"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await clients[caller].PostAsync("/api/g2e/encryption/rewrap", null, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await clients["anonymous"].PostAsync("/api/g2e/encryption/rewrap", null, Ct)).StatusCode);
        var result = await OkJsonAsync(await clients["admin.jan"].PostAsync("/api/g2e/encryption/rewrap", null, Ct));
        Assert.Equal("data-protection", result.GetProperty("keyEncryptionKey").GetString());
        Assert.Equal(0, result.GetProperty("rewrapped").GetInt32());
    }
}
