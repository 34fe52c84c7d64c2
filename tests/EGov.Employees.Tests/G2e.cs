using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Employees.Tests;

/// <summary>Helpers for the G2E tests: creating requests with idempotency keys, JSON reads, a personnel record to hire.</summary>
internal static class G2e
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public const string ValidIban = "NL91ABNA0417164300";

    public static async Task<HttpResponseMessage> CreateAsync(HttpClient client, string url, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request, Ct);
    }

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetOkAsync(HttpClient client, string url) => await OkJsonAsync(await client.GetAsync(url, Ct));

    public static async Task<JsonElement> PostOkAsync(HttpClient client, string url, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await OkJsonAsync(await client.PostAsJsonAsync(url, body, Ct), expected);

    public static async Task<Guid> CreatePositionAsync(HttpClient hr, string title, string grade = "G6", Guid? reportsTo = null, string function = "General", bool funded = true)
    {
        var body = await OkJsonAsync(await CreateAsync(hr, "/api/g2e/positions", new { department = "Human Resources", title, grade, function, funded, reportsTo }), HttpStatusCode.Created);
        return body.GetProperty("id").GetGuid();
    }

    public static object Personal(string nationalId = "88020312345", string iban = ValidIban, string street = "7 Birch Lane") => new
    {
        nationalId,
        dateOfBirth = "1988-02-03",
        address = new { street, postalCode = "10117", city = "Capital City", country = "DE" },
        iban,
        emergencyContact = new { name = "Sam Carter", relation = "Sibling", phone = "+49 30 5550199" },
        healthNotes = "Asthma, carries an inhaler",
        disabilityNotes = "Needs a ground-floor desk",
    };

    public static object Hire(string number, Guid positionId, string startDate, object? personal = null, decimal? monthlySalary = null, string given = "Paula", string family = "Nowak") => new
    {
        employeeNumber = number,
        givenName = given,
        familyName = family,
        workPhone = "+49 30 1234",
        positionId,
        startDate,
        monthlySalary,
        personal = personal ?? Personal(),
    };

    public static async Task<Guid> HireAsync(HttpClient hr, object body)
    {
        var created = await OkJsonAsync(await CreateAsync(hr, "/api/g2e/employees", body), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    public static Task<long> CountAsync(PlatformFactory platform, string sql, params (string Name, object Value)[] parameters) =>
        Database.CountAsync(platform.ConnectionString, sql, parameters);

    /// <summary>A platform of its own in the Testing environment: nothing of the development establishment is seeded.</summary>
    public static PlatformFactory StartTesting(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var factory = new PlatformFactory(connectionString, settings, "Testing");
        factory.StartServer();
        return factory;
    }

    public static async Task<PlatformFactory> StartTestingAsync(string name, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartTesting(await PostgresServer.CreateDatabaseAsync(name), settings);
}
