using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;

namespace EGov.Businesses.Tests;

/// <summary>Registration, bad input, duplicate names, idempotency, the public lookup and what it never shows.</summary>
public sealed class RegisterTests(PlatformFixture fixture)
{
    private static readonly string[] BadCodes = ["62.0", "99.99", "J"];

    private PlatformFactory Platform => fixture.Platform;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<long> BusinessesAsync() => G2b.CountAsync(Platform, "SELECT count(*) FROM g2b.businesses");

    [Fact]
    public async Task Bad_registrations_answer_400_with_every_field_and_write_nothing()
    {
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var before = await BusinessesAsync();
        var outboxBefore = await G2b.CountAsync(Platform, "SELECT count(*) FROM g2b.outbox_messages");
        using var response = await G2b.PostAsync(registrar, "/api/g2b/businesses", new
        {
            name = "  ",
            legalForm = "Corporation",
            registeredAddress = new { line1 = "Rua 1", postcode = "1000", city = "Lisboa", country = "portugal" },
            activityCodes = BadCodes,
            shareCapital = new { amount = -5m, currency = "euro" },
            foundedOn = "2999-01-01",
            officers = new[] { new { role = "Secretary", nationalId = "1", givenName = "A", familyName = "B" } },
            beneficialOwners = new[] { new { nationalId = "70000000001", givenName = "C", familyName = "D", shares = "None", voting = "None", appointsBoard = false } },
        });
        var problem = await G2b.ExpectAsync(response, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var field in new[] { "name", "legalForm", "registeredAddress.country", "activityCodes[1]", "activityCodes[2]", "shareCapital.amount", "shareCapital.currency", "foundedOn", "officers[0].nationalId", "beneficialOwners[0]" })
        {
            Assert.True(fields.Contains(field), $"no error for {field}: {string.Join(", ", fields)}");
        }

        Assert.Equal(before, await BusinessesAsync());
        Assert.Equal(outboxBefore, await G2b.CountAsync(Platform, "SELECT count(*) FROM g2b.outbox_messages"));
    }

    [Fact]
    public async Task A_company_needs_a_director()
    {
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var company = JsonSerializer.SerializeToNode(G2b.Company(G2b.UniqueName("Sem Diretor")))!;
        company["officers"] = new System.Text.Json.Nodes.JsonArray(JsonSerializer.SerializeToNode(G2b.Officer("Secretary", "70000000002", "S", "T")));
        using var response = await registrar.PostAsync("/api/g2b/businesses", G2b.Raw(company.ToJsonString()), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_name_equal_without_case_and_diacritics_is_a_409_naming_the_clashing_company()
    {
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var stem = Guid.NewGuid().ToString("N")[..8];
        var first = await G2b.RegisterAsync(registrar, G2b.Company($"Pastelaria Conceição {stem} Lda"));
        var before = await BusinessesAsync();

        using var response = await G2b.PostAsync(registrar, "/api/g2b/businesses", G2b.Company($"PASTELARIA CONCEICAO {stem.ToUpperInvariant()}, LDA."));
        var problem = await G2b.ExpectAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(first.GetProperty("number").GetString(), problem.GetProperty("clashingBusiness").GetProperty("number").GetString());
        Assert.Equal($"Pastelaria Conceição {stem} Lda", problem.GetProperty("clashingBusiness").GetProperty("name").GetString());
        Assert.Equal(before, await BusinessesAsync());
    }

    [Fact]
    public async Task The_same_key_and_body_register_once()
    {
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var company = G2b.Company(G2b.UniqueName("Idempotente"));
        var key = Guid.NewGuid().ToString();
        using var first = await G2b.PostAsync(registrar, "/api/g2b/businesses", company, key);
        var a = await G2b.ExpectAsync(first, HttpStatusCode.Created);
        var before = await BusinessesAsync();
        using var second = await G2b.PostAsync(registrar, "/api/g2b/businesses", company, key);
        var b = await G2b.ExpectAsync(second, HttpStatusCode.Created);
        Assert.Equal(a.GetProperty("number").GetString(), b.GetProperty("number").GetString());
        Assert.Equal(before, await BusinessesAsync());
        using var other = await G2b.PostAsync(registrar, "/api/g2b/businesses", G2b.Company(G2b.UniqueName("Outra")), key);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
    }

    [Fact]
    public async Task Public_lookups_find_by_name_and_number_and_never_show_national_ids_or_home_addresses()
    {
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var stem = Guid.NewGuid().ToString("N")[..6];
        var record = await G2b.RegisterAsync(registrar, G2b.Company($"Tecelagem Łukasz Ñandú {stem}"));
        var number = record.GetProperty("number").GetString()!;
        var clara = await Platform.ClientForAsync("rep.clara");
        using (var appointed = await G2b.FileAsync(clara, number, new { kind = "Appointment", officer = G2b.Officer("Secretary", "71717171717", "Sara", "Lima") }))
        {
            await G2b.ExpectAsync(appointed, HttpStatusCode.Created);
        }

        var anonymous = Platform.CreateClient();
        var hits = await G2b.GetOkAsync(anonymous, $"/api/g2b/register?q=tecelagem%20lukasz%20nandu%20{stem}");
        Assert.Equal(number, hits.GetProperty("items")[0].GetProperty("number").GetString());
        var prefix = await G2b.GetOkAsync(anonymous, $"/api/g2b/register?q=TECEL%20{stem[..4]}");
        Assert.Contains(prefix.GetProperty("items").EnumerateArray(), h => h.GetProperty("number").GetString() == number);
        var byNumber = await G2b.GetOkAsync(anonymous, $"/api/g2b/register?q={number}");
        Assert.Equal(1, byNumber.GetProperty("total").GetInt32());

        var texts = new List<string>();
        foreach (var url in new[] { $"/api/g2b/register?q={stem}", $"/api/g2b/register/{number}", $"/api/g2b/register/{number}/filings" })
        {
            using var response = await anonymous.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            texts.Add(await response.Content.ReadAsStringAsync(Ct));
        }

        foreach (var text in texts)
        {
            foreach (var secret in new[] { G2b.Clara, "70123400511", "60111100999", "71717171717", "Rua Secreta", "Travessa Privada", "nationalId", "homeAddress" })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }

        var entry = JsonDocument.Parse(texts[1]).RootElement;
        Assert.Equal(3, entry.GetProperty("officers").GetArrayLength());
        Assert.Equal("Olga Marques", entry.GetProperty("beneficialOwners")[0].GetProperty("name").GetString());
        Assert.Equal("Over50To75", entry.GetProperty("beneficialOwners")[0].GetProperty("shares").GetString());

        // Its representatives read the full record.
        var full = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}");
        Assert.Contains(full.GetProperty("officersInOffice").EnumerateArray(), o => o.GetProperty("nationalId").GetString() == "71717171717");
    }

    [Fact]
    public async Task Unknown_numbers_and_days_before_registration_are_404()
    {
        var anonymous = Platform.CreateClient();
        using var unknown = await anonymous.GetAsync("/api/g2b/register/BRN-999999999", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var garbage = await anonymous.GetAsync("/api/g2b/register/%27%3B--", Ct);
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var number = (await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Antes")))).GetProperty("number").GetString();
        using var before = await anonymous.GetAsync($"/api/g2b/register/{number}?asOf={G2b.Today.AddDays(-1):O}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
    }

    [Fact]
    public async Task The_activity_codelist_is_public_and_filters()
    {
        var codes = await G2b.GetOkAsync(Platform.CreateClient(), "/api/g2b/activity-codes?q=62&pageSize=100");
        Assert.Contains(codes.GetProperty("items").EnumerateArray(), c => c.GetProperty("code").GetString() == "62.0");
        var words = await G2b.GetOkAsync(Platform.CreateClient(), "/api/g2b/activity-codes?q=bakery");
        Assert.Contains(words.GetProperty("items").EnumerateArray(), c => c.GetProperty("code").GetString() == "10.7");
    }

    [Fact]
    public async Task The_development_registry_is_seeded_with_officers_mandates_and_a_future_filing()
    {
        var registry = await G2b.GetOkAsync(Platform.CreateClient(), "/api/g2b/register?q=Duarte%20Filhos");
        var number = registry.GetProperty("items")[0].GetProperty("number").GetString()!;
        Assert.True(await G2b.CountAsync(Platform, "SELECT count(*) FROM g2b.filings f JOIN g2b.businesses b ON b.id = f.business_id WHERE b.number = @n AND f.effective_on > current_date", ("n", number)) >= 1);
        Assert.True(await G2b.CountAsync(Platform, "SELECT count(*) FROM g2b.mandates WHERE holder_kind = 'SystemUser' AND holder_id = 'ledgerly-accounting'") >= 1);
        Assert.True(await G2b.CountAsync(Platform, "SELECT count(*) FROM g2b.filings WHERE filed_by = 'development-seed'") >= 12);

        var ledgerly = await G2b.ClientAsync(Platform.CreateClient, G2b.Ledgerly);
        var mine = await G2b.GetOkAsync(ledgerly, "/api/g2b/me/businesses?pageSize=100");
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), b => b.GetProperty("number").GetString() == number && b.GetProperty("basis").GetString() == "Mandate");
    }

    [Fact]
    public async Task Bad_filings_answer_400_and_rules_409_with_nothing_written()
    {
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var clara = await Platform.ClientForAsync("rep.clara");
        var record = await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Erros Lda")));
        var number = record.GetProperty("number").GetString()!;
        var filings = () => G2b.CountAsync(Platform, "SELECT count(*) FROM g2b.filings f JOIN g2b.businesses b ON b.id = f.business_id WHERE b.number = @n", ("n", number));
        Assert.Equal(1, await filings());

        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { kind = "Teleport" }, "kind"),
                     (new { kind = "Incorporation" }, "kind"),
                     (new { kind = "ChangeOfAddress" }, "registeredAddress"),
                     (new { kind = "ChangeOfAddress", registeredAddress = G2b.Address(), name = "x" }, "name"),
                     (new { kind = "ChangeOfAddress", registeredAddress = G2b.Address(), effectiveOn = G2b.Today.AddDays(-3).ToString("O") }, "effectiveOn"),
                     (new { kind = "ChangeOfAddress", registeredAddress = G2b.Address(), effectiveOn = G2b.Today.AddDays(400).ToString("O") }, "effectiveOn"),
                     (new { kind = "Cessation" }, "officerId"),
                     (new { kind = "Cessation", officerId = Guid.NewGuid() }, "officerId"),
                     (new { kind = "Correction", corrects = Guid.NewGuid(), registeredAddress = G2b.Address() }, "corrects"),
                 })
        {
            using var response = await G2b.FileAsync(clara, number, body);
            var problem = await G2b.ExpectAsync(response, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{JsonSerializer.Serialize(body)} → {problem}");
        }

        // Rules of the register: 409.
        var directors = record.GetProperty("officersInOffice").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).ToList();
        using (var first = await G2b.FileAsync(clara, number, new { kind = "Cessation", officerId = directors[1], effectiveOn = G2b.Today.AddDays(1).ToString("O") }))
        {
            await G2b.ExpectAsync(first, HttpStatusCode.Created);
        }

        using (var last = await G2b.FileAsync(clara, number, new { kind = "Cessation", officerId = directors[0], effectiveOn = G2b.Today.AddDays(2).ToString("O") }))
        {
            await G2b.ExpectAsync(last, HttpStatusCode.Conflict);
        }

        using (var early = await G2b.FileAsync(clara, number, new { kind = "AnnualConfirmation" }))
        {
            await G2b.ExpectAsync(early, HttpStatusCode.Conflict);
        }

        using (var noKey = await clara.PostAsJsonAsync($"/api/g2b/businesses/{number}/filings", new { kind = "AnnualConfirmation" }, Ct))
        {
            var problem = await G2b.ExpectAsync(noKey, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        }

        Assert.Equal(2, await filings());
    }

    [Fact]
    public async Task A_correction_links_to_the_filing_it_corrects_in_the_public_history()
    {
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var clara = await Platform.ClientForAsync("rep.clara");
        var number = (await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Corrigida")))).GetProperty("number").GetString()!;
        using var change = await G2b.FileAsync(clara, number, new { kind = "ChangeOfAddress", effectiveOn = G2b.Today.AddDays(3).ToString("O"), registeredAddress = G2b.Address("Rua Errada 1", "Faro") });
        var changed = await G2b.ExpectAsync(change, HttpStatusCode.Created);
        using var fix = await G2b.FileAsync(clara, number, new { kind = "Correction", corrects = changed.GetProperty("id").GetGuid(), effectiveOn = G2b.Today.AddDays(3).ToString("O"), registeredAddress = G2b.Address("Rua Certa 1", "Faro") });
        var correction = await G2b.ExpectAsync(fix, HttpStatusCode.Created);

        var history = await G2b.GetOkAsync(Platform.CreateClient(), $"/api/g2b/register/{number}/filings");
        var original = history.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("id").GetGuid() == changed.GetProperty("id").GetGuid());
        Assert.Equal(correction.GetProperty("id").GetGuid(), original.GetProperty("correctedBy")[0].GetGuid());
        var later = await G2b.GetOkAsync(Platform.CreateClient(), $"/api/g2b/register/{number}?asOf={G2b.Today.AddDays(3):O}");
        Assert.Equal("Rua Certa 1", later.GetProperty("registeredAddress").GetProperty("line1").GetString());

        // The ledger refuses any change in the database itself.
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => Database.ExecuteAsync(Platform.ConnectionString, "UPDATE g2b.filings SET details = '{}' WHERE id = @id", ("id", changed.GetProperty("id").GetGuid())));
    }
}
