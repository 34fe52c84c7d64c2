using System.Net;
using System.Net.Http.Json;
using EGov.Testing;

namespace EGov.Businesses.Tests;

/// <summary>
/// Who may act for a business, route by route: the officer, a valid mandate holder, an expired and a revoked one, a
/// representative of another business, another citizen, a system user within and outside its scope, wrong role, anonymous.
/// </summary>
public sealed class AuthorizationTests(PlatformFixture fixture)
{
    private static readonly string[] FilingsScope = ["Filings"];

    private PlatformFactory Platform => fixture.Platform;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(string A, string B, string Expired, string Revoked);

    private async Task<Setup> ArrangeAsync()
    {
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var clara = await Platform.ClientForAsync("rep.clara");
        var a = (await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Authz Alfa")))).GetProperty("number").GetString()!;
        var b = (await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Authz Beta"), director: G2b.Anna))).GetProperty("number").GetString()!;
        var expired = (await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Authz Expirada")))).GetProperty("number").GetString()!;
        var revoked = (await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Authz Revogada")))).GetProperty("number").GetString()!;

        await G2b.GrantAsync(clara, a, G2b.Person(G2b.Bruno, "Bruno"), ["Filings"], G2b.Today.AddDays(30));
        await G2b.GrantAsync(clara, a, G2b.SystemUser(), ["Filings"], G2b.Today.AddDays(30));
        var anna = await Platform.ClientForAsync("citizen.anna");
        await G2b.GrantAsync(anna, b, G2b.SystemUser(), ["Licences"], G2b.Today.AddDays(30));

        var old = await G2b.GrantAsync(clara, expired, G2b.Person(G2b.Bruno, "Bruno"), ["Filings"], G2b.Today.AddDays(30));
        await Database.ExecuteAsync(Platform.ConnectionString,
            "UPDATE g2b.mandates SET valid_from = @from, expires_on = @to WHERE id = @id",
            ("from", G2b.Today.AddDays(-30)), ("to", G2b.Today.AddDays(-1)), ("id", Guid.Parse(old.GetProperty("id").GetString()!)));

        var gone = await G2b.GrantAsync(clara, revoked, G2b.Person(G2b.Bruno, "Bruno"), ["Filings"], G2b.Today.AddDays(30));
        using var revoke = await clara.PostAsJsonAsync($"/api/g2b/businesses/{revoked}/mandates/{gone.GetProperty("id").GetString()}/revoke", new { reason = "Ended" }, Ct);
        await G2b.ExpectAsync(revoke, HttpStatusCode.OK);
        return new Setup(a, b, expired, revoked);
    }

    private async Task<HttpClient> CallerAsync(string who) =>
        who == "anonymous" ? Platform.CreateClient() : await G2b.ClientAsync(Platform.CreateClient, who);

    private static async Task<HttpStatusCode> ReadAsync(HttpClient client, string number)
    {
        using var response = await client.GetAsync($"/api/g2b/businesses/{number}", Ct);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> FileAsync(HttpClient client, string number)
    {
        using var response = await G2b.FileAsync(client, number, new { kind = "ChangeOfAddress", effectiveOn = G2b.Today.AddDays(1).ToString("O"), registeredAddress = G2b.Address("Rua Autorizada 5") });
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> SessionAsync(HttpClient client, string number)
    {
        using var response = await client.GetAsync($"/api/g2b/businesses/{number}/session", Ct);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> InboxAsync(HttpClient client, string number)
    {
        using var response = await client.GetAsync($"/api/g2b/businesses/{number}/inbox", Ct);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> MandatesAsync(HttpClient client, string number)
    {
        using var response = await client.GetAsync($"/api/g2b/businesses/{number}/mandates", Ct);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> GrantAsync(HttpClient client, string number)
    {
        using var response = await G2b.PostAsync(client, $"/api/g2b/businesses/{number}/mandates",
            new { holder = G2b.Person("55555555555"), scopes = FilingsScope, expiresOn = G2b.Today.AddDays(5).ToString("O") });
        return response.StatusCode;
    }

    [Fact]
    public async Task Every_route_of_a_business_answers_each_kind_of_caller_as_documented()
    {
        var s = await ArrangeAsync();
        var rows = new (string Case, string Who, string Number, HttpStatusCode Read, HttpStatusCode Session, HttpStatusCode Inbox, HttpStatusCode File, HttpStatusCode Mandates, HttpStatusCode Grant)[]
        {
            ("officer", "rep.clara", s.A, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Created),
            ("valid mandate holder", "citizen.bruno", s.A, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            ("expired mandate holder", "citizen.bruno", s.Expired, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            ("revoked mandate holder", "citizen.bruno", s.Revoked, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            ("representative of another business", "citizen.anna", s.A, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            ("another citizen", "citizen.bruno", s.B, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            ("system user within its scope", G2b.Ledgerly, s.A, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            ("system user outside its scope", G2b.Ledgerly, s.B, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            ("wrong role", "caseworker.david", s.A, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            ("registrar", "registrar.maria", s.A, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            ("anonymous", "anonymous", s.A, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
        };

        var failures = new List<string>();
        foreach (var row in rows)
        {
            var client = await CallerAsync(row.Who);
            void Check(string route, HttpStatusCode expected, HttpStatusCode actual)
            {
                if (expected != actual)
                {
                    failures.Add($"{row.Case} ({row.Who}) {route}: expected {(int)expected}, got {(int)actual}");
                }
            }

            Check("GET record", row.Read, await ReadAsync(client, row.Number));
            Check("GET session", row.Session, await SessionAsync(client, row.Number));
            Check("GET inbox", row.Inbox, await InboxAsync(client, row.Number));
            Check("POST filing", row.File, await FileAsync(client, row.Number));
            Check("GET mandates", row.Mandates, await MandatesAsync(client, row.Number));
            Check("POST mandate", row.Grant, await GrantAsync(client, row.Number));
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData("rep.clara", HttpStatusCode.Forbidden)]
    [InlineData("caseworker.david", HttpStatusCode.Forbidden)]
    [InlineData(G2b.Ledgerly, HttpStatusCode.Forbidden)]
    [InlineData("anonymous", HttpStatusCode.Unauthorized)]
    public async Task Only_registrars_register_companies(string who, HttpStatusCode expected)
    {
        var before = await G2b.CountAsync(Platform, "SELECT count(*) FROM g2b.businesses");
        using var response = await G2b.PostAsync(await CallerAsync(who), "/api/g2b/businesses", G2b.Company(G2b.UniqueName("Not Allowed")));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(before, await G2b.CountAsync(Platform, "SELECT count(*) FROM g2b.businesses"));
    }

    [Fact]
    public async Task My_businesses_come_from_the_register_not_from_the_token_claim()
    {
        var s = await ArrangeAsync();
        var bruno = await Platform.ClientForAsync("citizen.bruno");
        var numbers = (await G2b.GetOkAsync(bruno, "/api/g2b/me/businesses?pageSize=100")).GetProperty("items").EnumerateArray().Select(b => b.GetProperty("number").GetString()).ToList();
        Assert.Contains(s.A, numbers);
        Assert.DoesNotContain(s.Expired, numbers);
        Assert.DoesNotContain(s.Revoked, numbers);
        Assert.DoesNotContain(s.B, numbers);

        // rep.clara's token lists BRN-100001 and BRN-100002; a business she directs that is not in the claim is hers all the same.
        var clara = await Platform.ClientForAsync("rep.clara");
        var hers = (await G2b.GetOkAsync(clara, "/api/g2b/me/businesses?pageSize=100")).GetProperty("items").EnumerateArray().Select(b => b.GetProperty("number").GetString()).ToList();
        Assert.Contains(s.A, hers);
        Assert.DoesNotContain(s.B, hers);
    }

    [Fact]
    public async Task A_mandate_holder_sees_their_own_mandate_but_not_the_others()
    {
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var clara = await Platform.ClientForAsync("rep.clara");
        var number = (await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Mandatos Vistos")))).GetProperty("number").GetString()!;
        var own = (await G2b.GrantAsync(clara, number, G2b.Person(G2b.Bruno), ["Filings"], G2b.Today.AddDays(9))).GetProperty("id").GetString();
        var other = (await G2b.GrantAsync(clara, number, G2b.SystemUser(), ["Filings"], G2b.Today.AddDays(9))).GetProperty("id").GetString();
        var bruno = await Platform.ClientForAsync("citizen.bruno");

        using var mine = await bruno.GetAsync($"/api/g2b/businesses/{number}/mandates/{own}", Ct);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        using var theirs = await bruno.GetAsync($"/api/g2b/businesses/{number}/mandates/{other}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
    }
}
