using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.BuildingBlocks.Casework;
using EGov.Businesses.Domain;
using EGov.Businesses.Features.Licences;
using EGov.Businesses.Persistence;
using EGov.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Businesses.Tests;

/// <summary>Licences and permits through HTTP with real tokens and PostgreSQL: types as packages, applications, decisions, signed licences, measures, renewal, expiry, the public register.</summary>
public sealed class LicenceTests
{
    private const string Eva = "caseworker.eva";
    private const string David = "caseworker.david";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_alcohol_licence_is_decided_verified_suspended_reinstated_renewed_and_revoked_with_every_party_held_to_its_part()
    {
        await using var platform = await ClockedPlatform.StartAsync("g2b_licence_walk");
        var registrar = await platform.ClientAsync("registrar.maria");
        var number = (await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Adega Lisboeta")))).GetProperty("number").GetString()!;
        var anonymous = platform.App.CreateClient();
        var clara = await platform.ClientAsync("rep.clara");

        // The catalogue: at least five licence types across at least three agencies, each with its form.
        var types = await G2b.GetOkAsync(anonymous, "/api/g2b/licence-types");
        var codes = types.EnumerateArray().Select(t => t.GetProperty("code").GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "food-business", "alcohol-retail", "construction-permit", "taxi-operator", "environmental-permit" }, codes.ToHashSet());
        Assert.True(types.EnumerateArray().Select(t => t.GetProperty("agencyCode").GetString()).Distinct().Count() >= 3);
        var alcohol = await G2b.GetOkAsync(anonymous, "/api/g2b/licence-types/alcohol-retail");
        Assert.Equal("CCM", alcohol.GetProperty("type").GetProperty("agencyCode").GetString());
        Assert.Equal(12, alcohol.GetProperty("type").GetProperty("validityMonths").GetInt32());
        using (var package = await anonymous.GetAsync("/api/g2b/licence-types/alcohol-retail/package", Ct))
        {
            var text = await package.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, package.StatusCode);
            Assert.Equal("g2b-licence-type", JsonDocument.Parse(text).RootElement.GetProperty("kind").GetString());
        }

        // Bad input: field errors, nothing written.
        var applicationsBefore = await G2b.CountAsync(platform.Platform, "SELECT count(*) FROM g2b.licence_applications");
        var applications = $"/api/g2b/businesses/{number}/licence-applications";
        using (var missing = await clara.PostAsJsonAsync(applications, new { licenceType = "alcohol-retail", answers = new { saleType = "beer-only" } }, Ct))
        {
            var problem = await G2b.ExpectAsync(missing, HttpStatusCode.BadRequest);
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty("answers.premisesAddress", out _), errors.ToString());
            Assert.True(errors.TryGetProperty("answers.saleType", out _), errors.ToString());
        }

        using (var unknown = await clara.PostAsJsonAsync(applications, new { licenceType = "moon-mining", answers = new { } }, Ct))
        {
            Assert.True((await G2b.ExpectAsync(unknown, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("licenceType", out _));
        }

        Assert.Equal(applicationsBefore, await G2b.CountAsync(platform.Platform, "SELECT count(*) FROM g2b.licence_applications"));

        var filed = await G2b.ExpectAsync(await clara.PostAsJsonAsync(applications, new { licenceType = "alcohol-retail", answers = AlcoholAnswers() }, Ct), HttpStatusCode.Created);
        var reference = filed.GetProperty("reference").GetString()!;
        Assert.Matches("^G2B-[0-9]{4}-[0-9]{6}$", reference);
        Assert.Equal("Submitted", filed.GetProperty("status").GetString());
        Assert.Equal(["withdraw"], filed.GetProperty("allowedTransitions").EnumerateArray().Select(t => t.GetString()));
        using (var twice = await clara.PostAsJsonAsync(applications, new { licenceType = "alcohol-retail", answers = AlcoholAnswers() }, Ct))
        {
            Assert.Contains(reference, (await G2b.ExpectAsync(twice, HttpStatusCode.Conflict)).ToString(), StringComparison.Ordinal);
        }

        // Who may see it: the officer, not a system user mandated for filings only, not another person, not anonymous.
        await G2b.GrantAsync(clara, number, G2b.SystemUser(), ["Filings"], G2b.Today.AddMonths(6));
        var ledgerly = await platform.ClientAsync(G2b.Ledgerly);
        await ExpectStatusAsync(ledgerly, $"{applications}/{reference}", HttpStatusCode.Forbidden);
        await ExpectStatusAsync(await platform.ClientAsync("citizen.anna"), $"{applications}/{reference}", HttpStatusCode.NotFound);
        await ExpectStatusAsync(anonymous, $"{applications}/{reference}", HttpStatusCode.Unauthorized);

        // The issuing agency's caseworker works it; another agency's caseworker does not find it; another role may not ask.
        var eva = await platform.ClientAsync(Eva);
        var david = await platform.ClientAsync(David);
        var office = $"/api/g2b/licensing/applications/{reference}";
        await ExpectStatusAsync(david, office, HttpStatusCode.NotFound);
        await ExpectStatusAsync(await platform.ClientAsync("procurement.hugo"), office, HttpStatusCode.Forbidden);
        await ExpectStatusAsync(clara, office, HttpStatusCode.Forbidden);
        var queue = await G2b.GetOkAsync(eva, "/api/g2b/licensing/applications?status=Submitted");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), a => a.GetProperty("reference").GetString() == reference);
        using (var early = await clara.PostAsJsonAsync($"{applications}/{reference}/transitions/provide-information", new { message = "Nobody asked." }, Ct))
        {
            await G2b.ExpectAsync(early, HttpStatusCode.Conflict);
        }

        var taken = await G2b.ExpectAsync(await eva.PostAsync($"{office}/assign", null, Ct), HttpStatusCode.OK);
        Assert.Equal("InReview", taken.GetProperty("status").GetString());
        using (var noQuestion = await eva.PostAsJsonAsync($"{office}/transitions/request-information", new { message = "" }, Ct))
        {
            await G2b.ExpectAsync(noQuestion, HttpStatusCode.BadRequest);
        }

        var asked = await G2b.ExpectAsync(await eva.PostAsJsonAsync($"{office}/transitions/request-information", new { message = "Send the floor plan of the sales area." }, Ct), HttpStatusCode.OK);
        Assert.True(asked.GetProperty("deadlinePaused").GetBoolean());
        using (var staffOnly = await clara.PostAsJsonAsync($"{applications}/{reference}/transitions/approve", new { message = "Approved by myself." }, Ct))
        {
            await G2b.ExpectAsync(staffOnly, HttpStatusCode.Conflict);
        }

        await G2b.ExpectAsync(await clara.PostAsJsonAsync($"{applications}/{reference}/transitions/provide-information", new { message = "Plan uploaded to the portal." }, Ct), HttpStatusCode.OK);
        var approved = await G2b.ExpectAsync(await eva.PostAsJsonAsync($"{office}/transitions/approve", new { message = "Conditions met." }, Ct), HttpStatusCode.OK);
        Assert.Equal("approved", approved.GetProperty("outcome").GetString());
        var licenceNumber = approved.GetProperty("licenceNumber").GetString()!;
        Assert.Matches("^LIC-[0-9]{4}-[0-9]{6}$", licenceNumber);

        // The signed licence: the business reads it, anyone verifies its code and finds it in the public register.
        var held = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/licences/{licenceNumber}");
        Assert.Equal("Active", held.GetProperty("status").GetString());
        var validUntil = DateOnly.Parse(held.GetProperty("validUntil").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(platform.Clock.Today.AddMonths(12).AddDays(-1), validUntil);
        var code = held.GetProperty("verificationCode").GetString()!;
        var check = await G2b.GetOkAsync(anonymous, $"/api/documents/verify/{code}");
        Assert.Equal("valid", check.GetProperty("status").GetString());
        Assert.Equal("alcohol-retail", check.GetProperty("type").GetString());
        Assert.Equal(validUntil.ToString("O"), check.GetProperty("validUntil").GetString());
        Assert.Equal(["Active"], PublicStatus(await G2b.GetOkAsync(anonymous, $"/api/g2b/licences?business={number}")));
        var byName = await G2b.GetOkAsync(anonymous, "/api/g2b/licences?business=adega%20lisboeta&type=alcohol-retail&agency=ccm");
        Assert.Contains(byName.GetProperty("items").EnumerateArray(), l => l.GetProperty("number").GetString() == licenceNumber);
        var inbox = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/inbox");
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("subject").GetString() == $"Licence {licenceNumber} issued: Alcohol retail licence");

        // Suspension: a reason is required, another agency may not, the check and the register say suspended.
        var measures = $"/api/g2b/licensing/licences/{licenceNumber}";
        using (var noReason = await eva.PostAsJsonAsync($"{measures}/suspension", new { reason = " " }, Ct))
        {
            await G2b.ExpectAsync(noReason, HttpStatusCode.BadRequest);
        }

        using (var otherAgency = await david.PostAsJsonAsync($"{measures}/suspension", new { reason = "Not ours." }, Ct))
        {
            await G2b.ExpectAsync(otherAgency, HttpStatusCode.NotFound);
        }

        using (var notSuspended = await eva.PostAsJsonAsync($"{measures}/reinstatement", new { reason = "Nothing to lift." }, Ct))
        {
            await G2b.ExpectAsync(notSuspended, HttpStatusCode.Conflict);
        }

        var suspended = await G2b.ExpectAsync(await eva.PostAsJsonAsync($"{measures}/suspension", new { reason = "Sale to a minor on 12 March, pending the hearing." }, Ct), HttpStatusCode.OK);
        Assert.Equal("Suspended", suspended.GetProperty("status").GetString());
        Assert.Equal("suspended", (await G2b.GetOkAsync(anonymous, $"/api/documents/verify/{code}")).GetProperty("status").GetString());
        Assert.Equal(["Suspended"], PublicStatus(await G2b.GetOkAsync(anonymous, $"/api/g2b/licences?business={number}&status=Suspended")));
        Assert.Empty(PublicStatus(await G2b.GetOkAsync(anonymous, $"/api/g2b/licences?business={number}&status=Active")));
        var publicEntry = await G2b.GetOkAsync(anonymous, $"/api/g2b/licences/{licenceNumber}");
        Assert.DoesNotContain("minor", publicEntry.ToString(), StringComparison.Ordinal);
        Assert.Contains("minor", (await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/licences/{licenceNumber}")).GetProperty("statusReason").GetString(), StringComparison.Ordinal);
        await G2b.ExpectAsync(await eva.PostAsJsonAsync($"{measures}/reinstatement", new { reason = "Hearing closed without sanction." }, Ct), HttpStatusCode.OK);
        Assert.Equal("valid", (await G2b.GetOkAsync(anonymous, $"/api/documents/verify/{code}")).GetProperty("status").GetString());

        // Renewal: refused before its window, reminded once inside it, decided into a longer licence under a new document.
        var renewal = $"/api/g2b/businesses/{number}/licences/{licenceNumber}/renewal";
        using (var tooEarly = await clara.PostAsJsonAsync(renewal, new { answers = AlcoholAnswers() }, Ct))
        {
            await G2b.ExpectAsync(tooEarly, HttpStatusCode.Conflict);
        }

        platform.Clock.Offset += validUntil.AddDays(-20).ToDateTime(TimeOnly.MinValue) - platform.Clock.Today.ToDateTime(TimeOnly.MinValue);
        var sweep = platform.Services.GetRequiredService<LicenceSweep>();
        Assert.True((await sweep.RunOnceAsync(Ct)).Reminded >= 1);
        Assert.Equal((0, 0), await sweep.RunOnceAsync(Ct));
        clara = await platform.ClientAsync("rep.clara");
        eva = await platform.ClientAsync(Eva);
        inbox = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/inbox");
        Assert.Single(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("subject").GetString() == $"Licence {licenceNumber} expires on {validUntil:yyyy-MM-dd}");
        var renewing = await G2b.ExpectAsync(await clara.PostAsJsonAsync(renewal, new { answers = AlcoholAnswers() }, Ct), HttpStatusCode.Created);
        Assert.Equal("Renewal", renewing.GetProperty("purpose").GetString());
        var renewalOffice = $"/api/g2b/licensing/applications/{renewing.GetProperty("reference").GetString()}";
        await G2b.ExpectAsync(await eva.PostAsync($"{renewalOffice}/assign", null, Ct), HttpStatusCode.OK);
        await G2b.ExpectAsync(await eva.PostAsJsonAsync($"{renewalOffice}/transitions/approve", new { message = (string?)null }, Ct), HttpStatusCode.OK);
        var renewed = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/licences/{licenceNumber}");
        Assert.Equal(validUntil.AddDays(1).AddMonths(12).AddDays(-1).ToString("O"), renewed.GetProperty("validUntil").GetString());
        var newCode = renewed.GetProperty("verificationCode").GetString()!;
        Assert.NotEqual(code, newCode);
        Assert.Equal("revoked", (await G2b.GetOkAsync(anonymous, $"/api/documents/verify/{code}")).GetProperty("status").GetString());
        Assert.Equal("valid", (await G2b.GetOkAsync(anonymous, $"/api/documents/verify/{newCode}")).GetProperty("status").GetString());

        // Revocation: final, the document withdrawn, the register says revoked.
        await G2b.ExpectAsync(await eva.PostAsJsonAsync($"{measures}/revocation", new { reason = "Second sale to a minor." }, Ct), HttpStatusCode.OK);
        using (var again = await eva.PostAsJsonAsync($"{measures}/suspension", new { reason = "Too late." }, Ct))
        {
            await G2b.ExpectAsync(again, HttpStatusCode.Conflict);
        }

        var withdrawn = await G2b.GetOkAsync(anonymous, $"/api/documents/verify/{newCode}");
        Assert.Equal("revoked", withdrawn.GetProperty("status").GetString());
        Assert.DoesNotContain("minor", withdrawn.ToString(), StringComparison.Ordinal);
        Assert.Equal(["Revoked"], PublicStatus(await G2b.GetOkAsync(anonymous, $"/api/g2b/licences?business={number}&status=Revoked")));

        foreach (var (type, count) in new[] { ("LicenceIssued", 1), ("LicenceSuspended", 1), ("LicenceReinstated", 1), ("LicenceRenewed", 1), ("LicenceRevoked", 1) })
        {
            Assert.Equal(count, await G2b.CountAsync(platform.Platform, "SELECT count(*) FROM g2b.outbox_messages WHERE type = @t AND payload::jsonb->>'licenceNumber' = @n", ("t", type), ("n", licenceNumber)));
        }
    }

    [Fact]
    public async Task A_licence_nobody_renews_expires_on_its_day_everywhere_at_once_and_the_sweep_records_it_once()
    {
        await using var platform = await ClockedPlatform.StartAsync("g2b_licence_expiry");
        var registrar = await platform.ClientAsync("registrar.maria");
        var number = (await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Taxis do Tejo")))).GetProperty("number").GetString()!;
        var clara = await platform.ClientAsync("rep.clara");
        var eva = await platform.ClientAsync(Eva);
        var anonymous = platform.App.CreateClient();
        var answers = new { vehicles = 12, drivers = 20, operatingBase = "Avenida da Liberdade 100, Lisboa", accessibleVehicles = true };
        var filed = await G2b.ExpectAsync(await clara.PostAsJsonAsync($"/api/g2b/businesses/{number}/licence-applications", new { licenceType = "taxi-operator", answers }, Ct), HttpStatusCode.Created);
        var office = $"/api/g2b/licensing/applications/{filed.GetProperty("reference").GetString()}";
        await G2b.ExpectAsync(await eva.PostAsync($"{office}/assign", null, Ct), HttpStatusCode.OK);
        var licenceNumber = (await G2b.ExpectAsync(await eva.PostAsJsonAsync($"{office}/transitions/approve", new { }, Ct), HttpStatusCode.OK)).GetProperty("licenceNumber").GetString()!;
        var held = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/licences/{licenceNumber}");
        var validUntil = DateOnly.Parse(held.GetProperty("validUntil").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var code = held.GetProperty("verificationCode").GetString()!;
        using (var running = await clara.PostAsJsonAsync($"/api/g2b/businesses/{number}/licence-applications", new { licenceType = "taxi-operator", answers }, Ct))
        {
            Assert.Contains(licenceNumber, (await G2b.ExpectAsync(running, HttpStatusCode.Conflict)).ToString(), StringComparison.Ordinal);
        }

        // The day after its last day, before any sweep: expired in the check, the register and the business's view.
        platform.Clock.Offset += validUntil.AddDays(1).ToDateTime(TimeOnly.MinValue) - platform.Clock.Today.ToDateTime(TimeOnly.MinValue);
        clara = await platform.ClientAsync("rep.clara");
        var check = await G2b.GetOkAsync(anonymous, $"/api/documents/verify/{code}");
        Assert.Equal("expired", check.GetProperty("status").GetString());
        Assert.Equal(["Expired"], PublicStatus(await G2b.GetOkAsync(anonymous, $"/api/g2b/licences?business={number}&status=Expired")));
        Assert.Equal("Expired", (await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/licences/{licenceNumber}")).GetProperty("status").GetString());
        using (var late = await clara.PostAsJsonAsync($"/api/g2b/businesses/{number}/licences/{licenceNumber}/renewal", new { answers }, Ct))
        {
            await G2b.ExpectAsync(late, HttpStatusCode.Conflict);
        }

        var sweep = platform.Services.GetRequiredService<LicenceSweep>();
        var (_, expired) = await sweep.RunOnceAsync(Ct);
        Assert.True(expired >= 1);
        Assert.Equal((0, 0), await sweep.RunOnceAsync(Ct));
        Assert.Equal(1, await G2b.CountAsync(platform.Platform, "SELECT count(*) FROM g2b.outbox_messages WHERE type = 'LicenceExpired' AND payload::jsonb->>'licenceNumber' = @n", ("n", licenceNumber)));
        var inbox = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/inbox");
        Assert.Single(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("subject").GetString() == $"Licence {licenceNumber} has expired");

        // An expired licence is no obstacle to a new application; one left undecided past its deadline is flagged overdue.
        var again = await G2b.ExpectAsync(await clara.PostAsJsonAsync($"/api/g2b/businesses/{number}/licence-applications", new { licenceType = "taxi-operator", answers }, Ct), HttpStatusCode.Created);
        var reference = again.GetProperty("reference").GetString()!;
        var due = DateOnly.Parse(again.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        platform.Clock.Offset += due.AddDays(2).ToDateTime(TimeOnly.MinValue) - platform.Clock.Today.ToDateTime(TimeOnly.MinValue);
        Assert.True(await platform.Services.GetRequiredService<OverdueSweep<BusinessesDb, LicenceApplication>>().RunOnceAsync(Ct) >= 1);
        clara = await platform.ClientAsync("rep.clara");
        eva = await platform.ClientAsync(Eva);
        var overdue = await G2b.GetOkAsync(eva, "/api/g2b/licensing/applications?overdue=true&pageSize=100");
        Assert.Contains(overdue.GetProperty("items").EnumerateArray(), a => a.GetProperty("reference").GetString() == reference);
        Assert.True((await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/licence-applications/{reference}")).GetProperty("overdue").GetBoolean());
        inbox = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/inbox");
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("subject").GetString() == $"Licence application {reference} is overdue");
    }

    [Fact]
    public async Task The_development_registry_holds_licences_in_every_state_and_tenders_at_every_stage_for_a_newcomer_to_see()
    {
        await using var platform = new PlatformFactory(await PostgresServer.CreateDatabaseAsync("g2b_licence_development"));
        await using var app = platform.WithWebHostBuilder(b => b.UseSetting("Businesses:SeedDevelopmentRegistry", "true"));
        var anonymous = app.CreateClient();
        var register = await G2b.GetOkAsync(anonymous, "/api/g2b/licences?pageSize=100");
        var statuses = PublicStatus(register).ToHashSet();
        Assert.Superset(new HashSet<string?> { "Active", "Suspended", "Revoked", "Expired" }, statuses);
        Assert.Equal(
            ["Approved", "InReview", "InformationRequested", "Rejected", "Submitted"],
            (await Database.StringsAsync(platform.ConnectionString, "SELECT DISTINCT status FROM g2b.licence_applications ORDER BY status")).ToArray());

        // Every issued licence verifies as its register entry says; the one inside its renewal window gets its reminder.
        var expired = register.GetProperty("items").EnumerateArray().First(l => l.GetProperty("status").GetString() == "Expired");
        var code = await Database.StringsAsync(platform.ConnectionString, "SELECT document_code FROM g2b.licences WHERE number = @n", ("n", expired.GetProperty("number").GetString()!));
        Assert.Equal("expired", (await G2b.GetOkAsync(anonymous, $"/api/documents/verify/{code.Single()}")).GetProperty("status").GetString());
        await app.Services.GetRequiredService<LicenceSweep>().RunOnceAsync(Ct);
        Assert.Equal(1, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM g2b.notices WHERE subject LIKE 'Licence LIC-% expires on %'"));
        var eva = await G2b.ClientAsync(app.CreateClient, Eva);
        var queue = await G2b.GetOkAsync(eva, "/api/g2b/licensing/applications?pageSize=100");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), a => a.GetProperty("status").GetString() == "InformationRequested");

        // Tenders at every stage, published as valid OCDS: open for bids, awaiting opening, in standstill, contracted.
        using var feed = await anonymous.GetAsync("/api/g2b/ocds/releases?pageSize=100", Ct);
        var releases = System.Text.Json.Nodes.JsonNode.Parse(await feed.Content.ReadAsStringAsync(Ct))!;
        OcdsSchemas.AssertReleasePackage(releases);
        Assert.Equal(["award", "contract", "tender"], releases["releases"]!.AsArray().Select(r => r!["tag"]![0]!.GetValue<string>()).Distinct().Order().ToArray());
        Assert.Equal(4, releases["releases"]!.AsArray().Count(r => r!["tag"]![0]!.GetValue<string>() == "tender"));
        Assert.Equal(
            ["Active", "Complete", "Opened"],
            (await Database.StringsAsync(platform.ConnectionString, "SELECT DISTINCT status FROM g2b.tenders ORDER BY status")).ToArray());
        var hugo = await G2b.ClientAsync(app.CreateClient, "procurement.hugo");
        var awaiting = (await Database.StringsAsync(platform.ConnectionString, "SELECT ocid FROM g2b.tenders WHERE status = 'Active' AND tender_end < now()")).Single();
        Assert.Equal(HttpStatusCode.OK, (await hugo.PostAsync($"/api/g2b/procurement/tenders/{awaiting}/opening", null, Ct)).StatusCode);
    }

    private static object AlcoholAnswers() => new
    {
        premisesAddress = "Rua do Norte 12, Lisboa",
        saleType = "both",
        openingHours = "10:00-23:00",
        designatedSupervisor = "Clara Duarte",
    };

    private static List<string?> PublicStatus(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("status").GetString()).ToList();

    private static async Task ExpectStatusAsync(HttpClient client, string url, HttpStatusCode status)
    {
        using var response = await client.GetAsync(url, Ct);
        await G2b.ExpectAsync(response, status);
    }
}
