using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using static EGov.Employees.Tests.G2e;

namespace EGov.Employees.Tests;

/// <summary>
/// Staff records decide who may work a case: the G2C back office admits a caseworker only while the establishment
/// shows them in a caseworker position of their token's agency, asked on every request. On a platform of its own
/// (Development, seeded establishment), because it moves and dismisses seeded caseworkers.
/// </summary>
public sealed class StaffAccessTests : IAsyncLifetime
{
    private PlatformFactory _platform = null!;

    private static readonly string[] BackOffice = ["/api/g2c/backoffice/applications", "/api/g2c/backoffice/disclosure-requests"];

    public async ValueTask InitializeAsync() => _platform = await PlatformFactory.StartAsync("staff_access");

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();

    private static async Task ExpectAsync(HttpClient client, HttpStatusCode expected, string who)
    {
        foreach (var url in BackOffice)
        {
            using var response = await client.GetAsync(url, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == expected, $"{who} {url}: expected {(int)expected}, got {(int)response.StatusCode} {body}");
            if (expected == HttpStatusCode.Forbidden)
            {
                using var problem = JsonDocument.Parse(body);
                Assert.Contains("staff record", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }
    }

    private static async Task<Guid> EmployeeAsync(HttpClient hr, string number) =>
        (await GetOkAsync(hr, "/api/g2e/employees?pageSize=100")).GetProperty("items").EnumerateArray()
            .Single(e => e.GetProperty("employeeNumber").GetString() == number).GetProperty("id").GetGuid();

    [Fact]
    public async Task A_transfer_or_a_leaving_ends_back_office_access_for_the_old_agency_on_the_next_request_with_the_same_token()
    {
        var olga = await _platform.ClientForAsync("caseworker.olga");
        var david = await _platform.ClientForAsync("caseworker.david");
        var nina = await _platform.ClientForAsync("hr.nina");
        var frank = await _platform.ClientForAsync("hr.frank");
        await ExpectAsync(olga, HttpStatusCode.OK, "olga in post");
        await ExpectAsync(david, HttpStatusCode.OK, "david in post");

        // NCR's HR transfers olga (E-1009) to a vacant post of another agency from today.
        var vacant = (await GetOkAsync(frank, "/api/g2e/positions?pageSize=100")).GetProperty("items").EnumerateArray()
            .First(p => p.GetProperty("vacant").GetBoolean() && p.GetProperty("funded").GetBoolean()).GetProperty("id").GetGuid();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var transferred = await PostOkAsync(nina, $"/api/g2e/employees/{await EmployeeAsync(nina, "E-1009")}/assignments",
            new { kind = "Transfer", positionId = vacant, from = today });
        Assert.Equal("PSC", transferred.GetProperty("agencyCode").GetString());

        // Her token still says NCR and caseworker: the staff record no longer does.
        await ExpectAsync(olga, HttpStatusCode.Forbidden, "olga transferred");
        await ExpectAsync(david, HttpStatusCode.OK, "david still in post");

        // A leaver whose last day has passed is refused the same way.
        using (var left = await nina.PostAsJsonAsync($"/api/g2e/employees/{await EmployeeAsync(nina, "E-1001")}/leaving",
                   new { lastDay = today.AddDays(-1) }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        }

        await ExpectAsync(david, HttpStatusCode.Forbidden, "david left");

        // A fresh token changes nothing: the establishment decides, not the token.
        await ExpectAsync(await _platform.ClientForAsync("caseworker.olga"), HttpStatusCode.Forbidden, "olga with a new token");
    }

    [Fact]
    public async Task Other_roles_are_refused_and_anonymous_callers_are_unauthenticated_at_the_back_office()
    {
        foreach (var (who, status) in new[] { ("citizen.anna", HttpStatusCode.Forbidden), ("hr.nina", HttpStatusCode.Forbidden) })
        {
            var client = await _platform.ClientForAsync(who);
            foreach (var url in BackOffice)
            {
                using var response = await client.GetAsync(url, Ct);
                Assert.Equal(status, response.StatusCode);
            }
        }

        foreach (var url in BackOffice)
        {
            using var response = await _platform.CreateClient().GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }
}
