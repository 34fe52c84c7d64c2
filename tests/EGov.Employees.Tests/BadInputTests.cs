using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using static EGov.Employees.Tests.G2e;

namespace EGov.Employees.Tests;

/// <summary>Bad input is refused with field errors and nothing written.</summary>
public sealed class BadInputTests(PlatformFixture fixture)
{
    private PlatformFactory Platform => fixture.Platform;

    private static async Task<IDictionary<string, string[]>> FieldErrorsAsync(HttpResponseMessage response)
    {
        var body = await OkJsonAsync(response, HttpStatusCode.BadRequest);
        return body.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    private Task<long> RowsAsync() => CountAsync(Platform,
        "SELECT (SELECT count(*) FROM g2e.employees) + (SELECT count(*) FROM g2e.assignments) + (SELECT count(*) FROM g2e.salary_records) + " +
        "(SELECT count(*) FROM g2e.employee_components) + (SELECT count(*) FROM g2e.change_requests) + (SELECT count(*) FROM g2e.idempotency_records)");

    [Theory]
    [InlineData("DE89370400440532013001", "mod-97")]
    [InlineData("DE8937040044053201300", "22 characters")]
    [InlineData("ZZ89370400440532013000", "not accepted")]
    [InlineData("not an iban", "country code")]
    public async Task A_hire_with_an_invalid_iban_is_refused(string iban, string reason)
    {
        var frank = await Platform.ClientForAsync("hr.frank");
        var position = await CreatePositionAsync(frank, "Archivist");
        var before = await RowsAsync();
        var errors = await FieldErrorsAsync(await CreateAsync(frank, "/api/g2e/employees", Hire("E-3900", position, "2026-01-01", Personal(iban: iban), 2500m)));
        Assert.Contains(errors["personal.iban"], m => m.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task Negative_amounts_missing_fields_and_overlapping_assignments_are_refused()
    {
        var frank = await Platform.ClientForAsync("hr.frank");
        var grace = await Platform.ClientForAsync("payroll.grace");
        var position = await CreatePositionAsync(frank, "Registry archivist");
        var unfunded = await CreatePositionAsync(frank, "Unfunded archivist", funded: false);
        var before = await RowsAsync();

        var negative = await FieldErrorsAsync(await CreateAsync(frank, "/api/g2e/employees", Hire("E-3901", position, "2026-01-01", monthlySalary: -100m)));
        Assert.True(negative.ContainsKey("monthlySalary"));

        var empty = await FieldErrorsAsync(await CreateAsync(frank, "/api/g2e/employees", new { personal = new { } }));
        foreach (var field in new[] { "employeeNumber", "givenName", "familyName", "positionId", "startDate", "personal.nationalId", "personal.dateOfBirth", "personal.address", "personal.iban", "personal.emergencyContact" })
        {
            Assert.True(empty.ContainsKey(field), $"no error for {field}: {string.Join(", ", empty.Keys)}");
        }

        Assert.True((await FieldErrorsAsync(await CreateAsync(frank, "/api/g2e/employees", Hire("E-3902", unfunded, "2026-01-01", monthlySalary: 2500m)))).ContainsKey("positionId"));
        Assert.Equal(before, await RowsAsync());

        // Overlapping: the position is Paula's from 2023; hiring someone else into it over those days is refused.
        var list = await GetOkAsync(frank, "/api/g2e/employees?pageSize=100");
        var paula = list.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("employeeNumber").GetString() == "E-3003").GetProperty("id").GetGuid();
        var record = await GetOkAsync(frank, $"/api/g2e/employees/{paula}");
        var held = record.GetProperty("positions")[0].GetProperty("id").GetGuid();
        before = await RowsAsync();
        var overlap = await FieldErrorsAsync(await CreateAsync(frank, "/api/g2e/employees", Hire("E-3903", held, "2026-02-01", monthlySalary: 2500m)));
        Assert.Contains(overlap["positionId"], m => m.Contains("overlapping", StringComparison.Ordinal));

        // A transfer starting before the current post, and an acting cover of her own post, overlap too.
        var early = await FieldErrorsAsync(await frank.PostAsJsonAsync($"/api/g2e/employees/{paula}/assignments", new { kind = "Transfer", positionId = position, from = "2020-01-01" }, Ct));
        Assert.True(early.ContainsKey("from"));
        var acting = await FieldErrorsAsync(await frank.PostAsJsonAsync($"/api/g2e/employees/{paula}/assignments", new { kind = "Acting", positionId = held, from = "2026-03-01", to = "2026-03-31" }, Ct));
        Assert.True(acting.ContainsKey("from"));

        // Pay components: negative or unknown.
        var component = await FieldErrorsAsync(await grace.PostAsJsonAsync($"/api/g2e/employees/{paula}/components", new { code = "LOAN", monthlyAmount = -50m, from = "2026-01-01" }, Ct));
        Assert.True(component.ContainsKey("monthlyAmount"));
        var unknown = await FieldErrorsAsync(await grace.PostAsJsonAsync($"/api/g2e/employees/{paula}/components", new { code = "BASIC", monthlyAmount = 50m, from = "2026-01-01" }, Ct));
        Assert.True(unknown.ContainsKey("code"));

        // A change request with a broken IBAN, a salary change with a negative amount, a run for a month that is no month.
        var paulaClient = await Platform.ClientForAsync("employee.paula");
        Assert.True((await FieldErrorsAsync(await CreateAsync(paulaClient, "/api/g2e/me/change-requests", new { field = "BankAccount", iban = "DE00370400440532013000" }))).ContainsKey("iban"));
        Assert.True((await FieldErrorsAsync(await frank.PostAsJsonAsync($"/api/g2e/employees/{paula}/salary", new { effectiveFrom = "2026-01-01", monthlyAmount = -1m }, Ct))).ContainsKey("monthlyAmount"));
        Assert.True((await FieldErrorsAsync(await grace.PostAsJsonAsync("/api/g2e/payroll/runs", new { period = "2026-13" }, Ct))).ContainsKey("period"));
        Assert.True((await FieldErrorsAsync(await grace.PutAsJsonAsync("/api/g2e/payroll/account", new { name = "PSC", iban = "DE89370400440532013001" }, Ct))).ContainsKey("iban"));
        Assert.Equal(before, await RowsAsync());
    }
}
