using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using static EGov.Employees.Tests.G2e;

namespace EGov.Employees.Tests;

/// <summary>
/// Leave through HTTP with real tokens and PostgreSQL, on a Development platform of its own (the seeded establishment:
/// employee.paula's HR analyst post reports to manager.mark's Head of HR), with one public holiday configured in the
/// week paula asks for: HR opens the leave years, paula asks, mark approves, the balance drops by the working days.
/// </summary>
public sealed class LeaveTests : IAsyncLifetime
{
    private static readonly int ThisYear = DateTime.UtcNow.Year;
    private static readonly int NextYear = ThisYear + 1;

    /// <summary>The first Monday of June next year: paula's leave runs over it and the week after, with a holiday on its Wednesday.</summary>
    private static readonly DateOnly June = FirstMonday(NextYear, 6);
    private static readonly DateOnly Holiday = June.AddDays(2);

    private PlatformFactory _platform = null!;

    public async ValueTask InitializeAsync() => _platform = await PlatformFactory.StartAsync("g2e_leave", new Dictionary<string, string?>
    {
        ["Platform:PublicHolidays:90"] = Holiday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    });

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();

    private static DateOnly FirstMonday(int year, int month)
    {
        var day = new DateOnly(year, month, 1);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private static JsonElement Balance(JsonElement overview, string type) =>
        overview.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("type").GetString() == type);

    private static async Task<JsonElement> FailsAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.MediaType ?? string.Empty, StringComparison.Ordinal);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await FailsAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error on '{field}': {problem}");
    }

    private Task<long> RowsAsync() => CountAsync(_platform, "SELECT (SELECT count(*) FROM g2e.leave_requests) + (SELECT count(*) FROM g2e.leave_entries)");

    private static Task<HttpResponseMessage> AskAsync(HttpClient client, string type, DateOnly from, DateOnly to, string? note = null) =>
        client.PostAsJsonAsync("/api/g2e/me/leave/requests", new { type, from, to, note }, Ct);

    [Fact]
    public async Task Paula_asks_mark_approves_and_the_balance_drops_by_the_working_days_refusals_write_nothing_and_each_party_sees_only_their_part()
    {
        var paula = await _platform.ClientForAsync("employee.paula");
        var mark = await _platform.ClientForAsync("manager.mark");
        var frank = await _platform.ClientForAsync("hr.frank");
        var nina = await _platform.ClientForAsync("hr.nina");
        var grace = await _platform.ClientForAsync("payroll.grace");
        var david = await _platform.ClientForAsync("caseworker.david");
        var anonymous = _platform.CreateClient();

        // Grace becomes a manager too (of a new assistant's post), so "another manager" of the same agency is tested.
        var positions = await GetOkAsync(frank, "/api/g2e/positions?pageSize=100");
        var payrollOfficer = positions.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("title").GetString() == "Payroll officer").GetProperty("id").GetGuid();
        var assistant = await CreatePositionAsync(frank, "Payroll assistant", "G5", reportsTo: payrollOfficer);
        await HireAsync(frank, Hire("E-3900", assistant, DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), personal: Personal("90010112345")));

        // The types are packages; the schema of the kind is published.
        var types = await GetOkAsync(paula, "/api/g2e/leave/types");
        Assert.Equal(["annual", "parental", "sick"], types.EnumerateArray().Select(t => t.GetProperty("code").GetString()!).ToArray());
        using (var schema = await anonymous.GetAsync("/openapi/packages/g2e-leave-type.json", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, schema.StatusCode);
        }

        // HR opens last year, this year and next year: allowance by grade (G6: 25), 5 days carried forward, which lapse after 31 March.
        foreach (var year in new[] { ThisYear - 1, ThisYear, NextYear })
        {
            var run = await PostOkAsync(frank, "/api/g2e/leave/allocations", new { year });
            Assert.Equal("PSC", run.GetProperty("agencyCode").GetString());
            Assert.True(run.GetProperty("allocations").GetInt32() > 0);
        }

        var again = await PostOkAsync(frank, "/api/g2e/leave/allocations", new { year = NextYear });
        Assert.Equal(0, again.GetProperty("allocations").GetInt32());
        Assert.Equal(0, again.GetProperty("carriedForward").GetInt32());

        var now = await GetOkAsync(paula, $"/api/g2e/me/leave?year={ThisYear}");
        var thisYear = Balance(now, "annual");
        Assert.Equal(25, thisYear.GetProperty("allocated").GetInt32());
        Assert.Equal(5, thisYear.GetProperty("carriedForward").GetInt32());
        var lapsed = DateOnly.FromDateTime(DateTime.UtcNow) > new DateOnly(ThisYear, 3, 31) ? 5 : 0;
        Assert.Equal(lapsed, thisYear.GetProperty("expired").GetInt32());
        Assert.Equal(30 - lapsed, thisYear.GetProperty("balance").GetInt32());

        var before = Balance(await GetOkAsync(paula, $"/api/g2e/me/leave?year={NextYear}"), "annual");
        Assert.Equal(25, before.GetProperty("allocated").GetInt32());
        Assert.Equal(5, before.GetProperty("carriedForward").GetInt32());
        Assert.Equal(30, before.GetProperty("available").GetInt32());

        // Two weeks in June: ten weekdays, one of them a public holiday: nine working days.
        var asked = await OkJsonAsync(await AskAsync(paula, "annual", June, June.AddDays(11), "Family visit; also a follow-up at the asthma clinic"), HttpStatusCode.Created);
        Assert.Equal(9, asked.GetProperty("workingDays").GetInt32());
        Assert.Equal("Requested", asked.GetProperty("status").GetString());
        Assert.StartsWith($"G2E-LV-{ThisYear}-", asked.GetProperty("reference").GetString(), StringComparison.Ordinal);
        var june = asked.GetProperty("id").GetGuid();
        Assert.Equal(21, Balance(await GetOkAsync(paula, $"/api/g2e/me/leave?year={NextYear}"), "annual").GetProperty("available").GetInt32());

        // Mark sees it waiting; grace, a manager of someone else, does not.
        Assert.Contains((await GetOkAsync(mark, "/api/g2e/me/team/leave-requests")).EnumerateArray(), r => r.GetProperty("id").GetGuid() == june);
        Assert.DoesNotContain((await GetOkAsync(grace, "/api/g2e/me/team/leave-requests")).EnumerateArray(), r => r.GetProperty("id").GetGuid() == june);

        // Who may see the request, and who may decide it.
        foreach (var (client, status, who) in new[]
                 {
                     (paula, HttpStatusCode.OK, "paula"), (mark, HttpStatusCode.OK, "mark"), (frank, HttpStatusCode.OK, "frank"),
                     (grace, HttpStatusCode.NotFound, "grace"), (david, HttpStatusCode.NotFound, "david"), (nina, HttpStatusCode.NotFound, "nina"),
                     (anonymous, HttpStatusCode.Unauthorized, "anonymous"),
                 })
        {
            using var response = await client.GetAsync($"/api/g2e/leave/requests/{june}", Ct);
            Assert.True(response.StatusCode == status, $"{who}: {(int)response.StatusCode}");
        }

        var rows = await RowsAsync();
        foreach (var (client, status, who) in new[]
                 {
                     (paula, HttpStatusCode.Forbidden, "paula"), (frank, HttpStatusCode.Forbidden, "frank"), (grace, HttpStatusCode.NotFound, "grace"),
                     (david, HttpStatusCode.NotFound, "david"), (nina, HttpStatusCode.NotFound, "nina"), (anonymous, HttpStatusCode.Unauthorized, "anonymous"),
                 })
        {
            using var response = await client.PostAsJsonAsync($"/api/g2e/leave/requests/{june}/decision", new { approve = true }, Ct);
            Assert.True(response.StatusCode == status, $"{who}: {(int)response.StatusCode}");
        }

        using (var withdraw = await david.PostAsync($"/api/g2e/me/leave/requests/{june}/withdraw", null, Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        }

        // A refusal needs a reason; a decision needs a verdict.
        await FieldErrorAsync(await mark.PostAsJsonAsync($"/api/g2e/leave/requests/{june}/decision", new { approve = false }, Ct), "reason");
        await FieldErrorAsync(await mark.PostAsJsonAsync($"/api/g2e/leave/requests/{june}/decision", new { reason = "ok" }, Ct), "approve");
        Assert.Equal(rows, await RowsAsync());

        var approved = await PostOkAsync(mark, $"/api/g2e/leave/requests/{june}/decision", new { approve = true, reason = "Enjoy" });
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        await FailsAsync(await mark.PostAsJsonAsync($"/api/g2e/leave/requests/{june}/decision", new { approve = true }, Ct), HttpStatusCode.Conflict);
        await FailsAsync(await paula.PostAsync($"/api/g2e/me/leave/requests/{june}/withdraw", null, Ct), HttpStatusCode.Conflict);

        var after = await GetOkAsync(paula, $"/api/g2e/me/leave?year={NextYear}");
        var annual = Balance(after, "annual");
        Assert.Equal(9, annual.GetProperty("taken").GetInt32());
        Assert.Equal(21, annual.GetProperty("balance").GetInt32());
        Assert.Equal(21, annual.GetProperty("available").GetInt32());
        var taken = after.GetProperty("ledger").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "Taken");
        Assert.Equal(june, taken.GetProperty("requestId").GetGuid());

        // The team calendar: name, dates and type, never the note.
        var calendarUrl = $"/api/g2e/me/team/absences?from={June:yyyy-MM-dd}&to={June.AddDays(20):yyyy-MM-dd}";
        using (var calendar = await mark.GetAsync(calendarUrl, Ct))
        {
            var text = await calendar.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, calendar.StatusCode);
            var absence = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray());
            Assert.Equal("Paula Nowak", absence.GetProperty("name").GetString());
            Assert.Equal(June, DateOnly.Parse(absence.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("annual", absence.GetProperty("type").GetString());
            Assert.DoesNotContain("asthma", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Family visit", text, StringComparison.Ordinal);
        }

        Assert.Empty((await GetOkAsync(grace, calendarUrl)).EnumerateArray());
        Assert.Empty((await GetOkAsync(paula, calendarUrl)).EnumerateArray());

        // Refused with field errors, nothing written: overlapping, beyond the balance, no working day, bad dates and types.
        var august = FirstMonday(NextYear, 8);
        var fourWeeks = await OkJsonAsync(await AskAsync(paula, "annual", august, august.AddDays(25)), HttpStatusCode.Created);
        Assert.Equal(20, fourWeeks.GetProperty("workingDays").GetInt32());
        rows = await RowsAsync();
        var october = FirstMonday(NextYear, 10);
        await FieldErrorAsync(await AskAsync(paula, "annual", June.AddDays(3), June.AddDays(4)), "from");
        await FieldErrorAsync(await AskAsync(paula, "sick", august.AddDays(1), august.AddDays(1)), "from");
        await FieldErrorAsync(await AskAsync(paula, "annual", october, october.AddDays(1)), "to");
        await FieldErrorAsync(await AskAsync(paula, "annual", october.AddDays(5), october.AddDays(6)), "to");
        await FieldErrorAsync(await AskAsync(paula, "annual", october.AddDays(1), october), "to");
        await FieldErrorAsync(await AskAsync(paula, "annual", new DateOnly(NextYear, 12, 30), new DateOnly(NextYear + 1, 1, 2)), "to");
        await FieldErrorAsync(await AskAsync(paula, "holiday", october, october), "type");
        await FieldErrorAsync(await AskAsync(paula, "annual", new DateOnly(ThisYear - 5, 3, 2), new DateOnly(ThisYear - 5, 3, 3)), "from");
        await FieldErrorAsync(await AskAsync(paula, "annual", october, october, new string('n', 501)), "note");
        await FieldErrorAsync(await paula.PostAsJsonAsync("/api/g2e/me/leave/requests", new { type = "annual" }, Ct), "from");
        await FailsAsync(await paula.PostAsync("/api/g2e/me/leave/requests", new StringContent("{\"type\":", System.Text.Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest);
        await FieldErrorAsync(await paula.GetAsync("/api/g2e/me/leave?year=1", Ct), "year");
        using (var reversed = await mark.GetAsync($"/api/g2e/me/team/absences?from={June:yyyy-MM-dd}&to={June.AddDays(-1):yyyy-MM-dd}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
            Assert.Empty((await reversed.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray());
        }

        Assert.Equal(HttpStatusCode.OK, (await mark.GetAsync("/api/g2e/me/team/absences?from=9999-12-31", Ct)).StatusCode);
        await FieldErrorAsync(await frank.PostAsJsonAsync("/api/g2e/leave/allocations", new { year = ThisYear + 5 }, Ct), "year");
        await FieldErrorAsync(await frank.PostAsJsonAsync("/api/g2e/leave/allocations", new { }, Ct), "year");
        Assert.Equal(rows, await RowsAsync());

        // Sick leave is not limited by a balance, but the ledger books it.
        var sick = await OkJsonAsync(await AskAsync(paula, "sick", october, october.AddDays(1)), HttpStatusCode.Created);
        await PostOkAsync(mark, $"/api/g2e/leave/requests/{sick.GetProperty("id").GetGuid()}/decision", new { approve = true });
        Assert.Equal(2, Balance(await GetOkAsync(paula, $"/api/g2e/me/leave?year={NextYear}"), "sick").GetProperty("taken").GetInt32());

        // Withdrawing the open August request gives its days back to what is available.
        var withdrawn = await PostOkAsync(paula, $"/api/g2e/me/leave/requests/{fourWeeks.GetProperty("id").GetGuid()}/withdraw", new { });
        Assert.Equal("Withdrawn", withdrawn.GetProperty("status").GetString());
        Assert.Equal(21, Balance(await GetOkAsync(paula, $"/api/g2e/me/leave?year={NextYear}"), "annual").GetProperty("available").GetInt32());

        // HR of the agency sees the ledger; HR of another agency does not; other roles are refused; anonymous is unauthenticated.
        var paulaId = (await GetOkAsync(frank, "/api/g2e/employees?pageSize=100")).GetProperty("items").EnumerateArray()
            .Single(e => e.GetProperty("employeeNumber").GetString() == "E-3003").GetProperty("id").GetGuid();
        Assert.Equal(9, Balance(await GetOkAsync(frank, $"/api/g2e/employees/{paulaId}/leave?year={NextYear}"), "annual").GetProperty("taken").GetInt32());
        foreach (var (client, status) in new[] { (nina, HttpStatusCode.NotFound), (paula, HttpStatusCode.Forbidden), (mark, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var response = await client.GetAsync($"/api/g2e/employees/{paulaId}/leave", Ct);
            Assert.Equal(status, response.StatusCode);
        }

        foreach (var (client, status) in new[] { (paula, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var response = await client.PostAsJsonAsync("/api/g2e/leave/allocations", new { year = ThisYear }, Ct);
            Assert.Equal(status, response.StatusCode);
        }

        using (var admin = await (await _platform.ClientForAsync("admin.jan")).GetAsync("/api/g2e/me/leave", Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        }

        using (var unauthenticated = await anonymous.GetAsync("/api/g2e/me/leave", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        }

        // HR of another agency opening its year touches nothing of PSC's.
        await PostOkAsync(nina, "/api/g2e/leave/allocations", new { year = NextYear });
        Assert.Equal(21, Balance(await GetOkAsync(paula, $"/api/g2e/me/leave?year={NextYear}"), "annual").GetProperty("balance").GetInt32());
    }
}
