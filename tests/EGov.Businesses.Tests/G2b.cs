using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Businesses.Tests;

/// <summary>A clock that runs with real time, shifted by an offset a test moves (tokens, timers and the register follow it).</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public DateOnly Today => DateOnly.FromDateTime(GetUtcNow().UtcDateTime);
}

/// <summary>Helpers of the G2B tests: callers, companies, filings, JSON reads.</summary>
internal static class G2b
{
    public const string Ledgerly = "ledgerly-accounting";
    public const string LedgerlySecret = "ledgerly-accounting-dev-secret";
    public const string Clara = "78110900233";
    public const string Anna = "85031200421";
    public const string Bruno = "90071500517";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A client with a demo user's token (password grant) or, for a system user, its client-credentials token.</summary>
    public static async Task<HttpClient> ClientAsync(Func<HttpClient> create, string who)
    {
        var client = create();
        var token = who == Ledgerly
            ? await Tokens.ClientCredentialsAsync(client, Ledgerly, LedgerlySecret)
            : await Tokens.PasswordAsync(client, who);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string UniqueName(string stem) => $"{stem} {Guid.NewGuid().ToString("N")[..10]}";

    public static object Address(string line1 = "Rua Augusta 1", string city = "Lisboa") =>
        new { line1, postcode = "1100-053", city, country = "PT" };

    public static object Officer(string role, string nationalId, string given, string family) =>
        new { role, nationalId, givenName = given, familyName = family, homeAddress = new { line1 = "Rua Secreta 9", postcode = "1000-001", city = "Lisboa", country = "PT" } };

    /// <summary>A company whose directors are Clara (rep.clara) and a second person, with one beneficial owner.</summary>
    public static object Company(string name, string? director = Clara, string secondDirector = "70123400511") => new
    {
        name,
        legalForm = "PrivateLimitedCompany",
        registeredAddress = Address(),
        activityCodes = new[] { "62.0", "69.2" },
        shareCapital = new { amount = 5000.00m, currency = "EUR" },
        foundedOn = "2020-05-01",
        officers = new[] { Officer("Director", director!, "Clara", "Duarte"), Officer("Director", secondDirector, "Jorge", "Vaz") },
        beneficialOwners = new[]
        {
            new
            {
                nationalId = "60111100999", givenName = "Olga", familyName = "Marques",
                homeAddress = new { line1 = "Travessa Privada 3", postcode = "1200-001", city = "Lisboa", country = "PT" },
                shares = "Over50To75", voting = "Over50To75", appointsBoard = true,
            },
        },
    };

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request, Ct);
    }

    /// <summary>Registers a company as the registrar; returns its record (fails unless 201).</summary>
    public static async Task<JsonElement> RegisterAsync(HttpClient registrar, object company)
    {
        using var response = await PostAsync(registrar, "/api/g2b/businesses", company);
        return await ExpectAsync(response, HttpStatusCode.Created);
    }

    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetOkAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Ct);
        return await ExpectAsync(response, HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> FileAsync(HttpClient client, string number, object filing, string? key = null) =>
        PostAsync(client, $"/api/g2b/businesses/{number}/filings", filing, key);

    public static async Task<JsonElement> GrantAsync(HttpClient officer, string number, object holder, string[] scopes, DateOnly expiresOn)
    {
        using var response = await PostAsync(officer, $"/api/g2b/businesses/{number}/mandates", new { holder, scopes, expiresOn = expiresOn.ToString("O"), reason = "Test mandate" });
        return await ExpectAsync(response, HttpStatusCode.Created);
    }

    public static object SystemUser(string clientId = Ledgerly) => new { kind = "SystemUser", clientId, name = "Ledgerly Accounting" };

    public static object Person(string nationalId, string name = "A Representative") => new { kind = "Person", nationalId, name };

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<long> CountAsync(PlatformFactory platform, string sql, params (string Name, object Value)[] parameters) =>
        Database.CountAsync(platform.ConnectionString, sql, parameters);
}
