using System.Net;
using System.Net.Http.Json;
using EGov.Testing;

namespace EGov.Businesses.Tests;

/// <summary>Business sessions: the acting context, drafts saved and resumed per representative and business.</summary>
public sealed class SessionTests(PlatformFixture fixture)
{
    private PlatformFactory Platform => fixture.Platform;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_draft_filing_is_saved_resumed_and_kept_per_representative()
    {
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var clara = await Platform.ClientForAsync("rep.clara");
        var number = (await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Rascunhos")))).GetProperty("number").GetString()!;
        await G2b.GrantAsync(clara, number, G2b.SystemUser(), ["Filings"], G2b.Today.AddDays(10));

        var session = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/session");
        Assert.Equal("Officer", session.GetProperty("basis").GetString());
        Assert.Equal(3, session.GetProperty("scopes").GetArrayLength());

        using (var saved = await clara.PutAsJsonAsync($"/api/g2b/businesses/{number}/session/drafts/ChangeOfAddress", new { registeredAddress = new { line1 = "Rua Meio Feita" } }, Ct))
        {
            await G2b.ExpectAsync(saved, HttpStatusCode.OK);
        }

        var draft = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/session/drafts/ChangeOfAddress");
        Assert.Equal("Rua Meio Feita", draft.GetProperty("filing").GetProperty("registeredAddress").GetProperty("line1").GetString());
        Assert.Equal("ChangeOfAddress", (await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/session")).GetProperty("drafts")[0].GetProperty("kind").GetString());

        // The accountant's session for the same business is its own.
        var ledgerly = await G2b.ClientAsync(Platform.CreateClient, G2b.Ledgerly);
        var theirs = await G2b.GetOkAsync(ledgerly, $"/api/g2b/businesses/{number}/session");
        Assert.Equal("Mandate", theirs.GetProperty("basis").GetString());
        using (var none = await ledgerly.GetAsync($"/api/g2b/businesses/{number}/session/drafts/ChangeOfAddress", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }

        // Filing the kind discards its draft.
        using (var filed = await G2b.FileAsync(clara, number, new { kind = "ChangeOfAddress", registeredAddress = G2b.Address("Rua Acabada 2") }))
        {
            await G2b.ExpectAsync(filed, HttpStatusCode.Created);
        }

        using var gone = await clara.GetAsync($"/api/g2b/businesses/{number}/session/drafts/ChangeOfAddress", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        using var badKind = await clara.PutAsJsonAsync($"/api/g2b/businesses/{number}/session/drafts/Teleport", new { }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
    }

    [Fact]
    public async Task An_officer_who_ceased_loses_the_power_on_that_day()
    {
        var registrar = await Platform.ClientForAsync("registrar.maria");
        var clara = await Platform.ClientForAsync("rep.clara");
        var record = await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Cessação"), secondDirector: G2b.Anna));
        var number = record.GetProperty("number").GetString()!;
        var anna = await Platform.ClientForAsync("citizen.anna");
        Assert.Equal("Officer", (await G2b.GetOkAsync(anna, $"/api/g2b/businesses/{number}/session")).GetProperty("basis").GetString());

        // Anna's cessation takes effect tomorrow: today she still acts.
        var annaId = record.GetProperty("officersInOffice").EnumerateArray().Single(o => o.GetProperty("nationalId").GetString() == G2b.Anna).GetProperty("id").GetGuid();
        using (var ceased = await G2b.FileAsync(clara, number, new { kind = "Cessation", officerId = annaId, effectiveOn = G2b.Today.AddDays(1).ToString("O") }))
        {
            await G2b.ExpectAsync(ceased, HttpStatusCode.Created);
        }

        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync($"/api/g2b/businesses/{number}", Ct)).StatusCode);
        await Database.ExecuteAsync(Platform.ConnectionString, "UPDATE g2b.officers SET ceased_on = @today WHERE id = @id", ("today", G2b.Today), ("id", annaId));
        using var after = await G2b.FileAsync(anna, number, new { kind = "ChangeOfAddress", registeredAddress = G2b.Address() });
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }
}
