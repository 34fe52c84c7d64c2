using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>Service performance in public: figures per service and month, computed from the cases.</summary>
public sealed class PerformanceTests(PlatformFixture fixture)
{
    private PlatformFactory Platform => fixture.Platform;

    [Fact]
    public async Task Figures_count_received_and_decided_applications_and_those_within_the_deadline()
    {
        var code = $"perf-{Guid.NewGuid():N}"[..20];
        using var designer = await Platform.ClientForAsync("designer.ines");
        Assert.Equal(HttpStatusCode.Created, (await Packages.ImportAsync(designer, Packages.StreetParty(code, title: "Performance party"))).StatusCode);

        using var anna = await Platform.ClientForAsync("citizen.anna");
        using var david = await Platform.ClientForAsync("caseworker.david");
        var fields = new { street = "Main Street", date = "2026-12-24", guests = 40 };
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await SubmitOkAsync(anna, new { serviceCode = code, fields })).GetProperty("id").GetGuid());
        }

        await DecideAsync(david, ids[0], "approved");
        await DecideAsync(david, ids[1], "rejected");
        await DecideAsync(david, ids[2], "approved");
        (await anna.PostAsJsonAsync($"/api/g2c/applications/{ids[3]}/withdraw", new { }, Ct)).EnsureSuccessStatusCode();

        // One decision came after its due date (as if the agency had been late).
        await Database.ExecuteAsync(Platform.ConnectionString,
            "UPDATE g2c.applications SET due_date = (closed_at AT TIME ZONE 'UTC')::date - 1 WHERE id = @id", ("id", ids[2]));

        using var anonymous = Platform.CreateClient();
        using var response = await anonymous.GetAsync($"/api/g2c/performance?service={code}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await JsonAsync(response);
        var month = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.Equal(month, report.GetProperty("to").GetString());
        Assert.Contains("median", report.GetProperty("method").GetString()!, StringComparison.OrdinalIgnoreCase);
        var row = Assert.Single(report.GetProperty("figures").EnumerateArray());
        Assert.Equal(code, row.GetProperty("service").GetString());
        Assert.Equal("Performance party", row.GetProperty("title").GetString());
        Assert.Equal(month, row.GetProperty("month").GetString());
        Assert.Equal(4, row.GetProperty("received").GetInt32());
        Assert.Equal(3, row.GetProperty("decided").GetInt32());
        Assert.Equal(2, row.GetProperty("decidedWithinDeadline").GetInt32());
        Assert.Equal(0.667m, row.GetProperty("shareWithinDeadline").GetDecimal());
        Assert.Equal(0.0m, row.GetProperty("medianDaysToDecision").GetDecimal());

        // The whole catalogue holds the same row; a window before the applications holds none of this service.
        var all = await anonymous.GetFromJsonAsync<JsonElement>("/api/g2c/performance", Ct);
        Assert.Single(all.GetProperty("figures").EnumerateArray(), r => r.GetProperty("service").GetString() == code);
        var earlier = await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/performance?service={code}&from=2020-01&to=2020-12", Ct);
        Assert.Empty(earlier.GetProperty("figures").EnumerateArray());
    }

    [Theory]
    [InlineData("from=2026-13", "from")]
    [InlineData("to=26-01", "to")]
    [InlineData("from=2026-05&to=2026-04", "from")]
    [InlineData("from=2020-01&to=2026-12", "to")]
    public async Task Bad_months_are_field_errors(string query, string field)
    {
        using var anonymous = Platform.CreateClient();
        using var response = await anonymous.GetAsync($"/api/g2c/performance?{query}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task An_unknown_service_is_404_and_a_signed_in_caller_reads_the_same_figures()
    {
        using var anonymous = Platform.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/g2c/performance?service=no-such-service", Ct)).StatusCode);
        using var anna = await Platform.ClientForAsync("citizen.anna");
        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync("/api/g2c/performance?service=parking-permit", Ct)).StatusCode);
    }

    private static async Task DecideAsync(HttpClient caseworker, Guid id, string outcome)
    {
        var url = $"/api/g2c/backoffice/applications/{id}";
        (await caseworker.PostAsJsonAsync($"{url}/assign", new { }, Ct)).EnsureSuccessStatusCode();
        using var decided = await caseworker.PostAsJsonAsync($"{url}/decision", new { outcome, reasons = "Checked against the rules." }, Ct);
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(Ct));
    }
}
