using System.Net;
using System.Text.Json;
using EGov.Businesses.Features.Filings;
using EGov.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Businesses.Tests;

/// <summary>
/// The registry's journey through HTTP with real tokens and PostgreSQL, on a platform whose clock moves: register a
/// company, a change of address that takes effect next week, a mandate to the accountant's system user, the annual
/// confirmation filed through it, and its revocation stopping the next write.
/// </summary>
public sealed class WalkthroughTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_change_address_next_week_mandate_the_accountant_confirm_and_revoke()
    {
        await using var platform = await ClockedPlatform.StartAsync("g2b_walkthrough");
        var registrar = await platform.ClientAsync("registrar.maria");
        var name = G2b.UniqueName("Walkthrough Serviços");
        var record = await G2b.RegisterAsync(registrar, G2b.Company(name));
        var number = record.GetProperty("number").GetString()!;
        Assert.Matches("^BRN-[0-9]{6,}$", number);
        Assert.Equal(2, record.GetProperty("officersInOffice").GetArrayLength());
        Assert.Equal(1, record.GetProperty("beneficialOwnersInNotice").GetArrayLength());
        var registeredOn = DateOnly.Parse(record.GetProperty("registeredOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(registeredOn.AddYears(1).ToString("O"), record.GetProperty("annualConfirmation").GetProperty("dueOn").GetString());

        // Clara is a director: the register itself gives her the power.
        var clara = await platform.ClientAsync("rep.clara");
        var mine = await G2b.GetOkAsync(clara, "/api/g2b/me/businesses?pageSize=100");
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), b => b.GetProperty("number").GetString() == number && b.GetProperty("basis").GetString() == "Officer");

        // A change of address effective next week.
        var nextWeek = platform.Clock.Today.AddDays(7);
        using (var filed = await G2b.FileAsync(clara, number, new { kind = "ChangeOfAddress", effectiveOn = nextWeek.ToString("O"), registeredAddress = G2b.Address("Avenida Nova 7", "Porto") }))
        {
            var filing = await G2b.ExpectAsync(filed, HttpStatusCode.Created);
            Assert.Equal("ChangeOfAddress", filing.GetProperty("kind").GetString());
            Assert.False(filing.GetProperty("inEffect").GetBoolean());
        }

        var anonymous = platform.Anonymous();
        Assert.Equal("Lisboa", (await G2b.GetOkAsync(anonymous, $"/api/g2b/register/{number}")).GetProperty("registeredAddress").GetProperty("city").GetString());
        Assert.Equal("Lisboa", (await G2b.GetOkAsync(anonymous, $"/api/g2b/register/{number}?asOf={nextWeek.AddDays(-1):O}")).GetProperty("registeredAddress").GetProperty("city").GetString());
        Assert.Equal("Porto", (await G2b.GetOkAsync(anonymous, $"/api/g2b/register/{number}?asOf={nextWeek:O}")).GetProperty("registeredAddress").GetProperty("city").GetString());
        var full = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}");
        Assert.Equal("Porto", full.GetProperty("pendingAddressChanges")[0].GetProperty("address").GetProperty("city").GetString());

        // Next week comes: the register read for today shows the new address.
        platform.Clock.Offset = TimeSpan.FromDays(7);
        Assert.Equal("Porto", (await G2b.GetOkAsync(anonymous, $"/api/g2b/register/{number}")).GetProperty("registeredAddress").GetProperty("city").GetString());

        // The accountant's software gets a mandate for filings.
        clara = await platform.ClientAsync("rep.clara");
        var mandate = await G2b.GrantAsync(clara, number, G2b.SystemUser(), ["Filings"], platform.Clock.Today.AddDays(400));
        var mandateId = mandate.GetProperty("id").GetString()!;
        Assert.Equal("Valid", mandate.GetProperty("state").GetString());
        Assert.Equal("Granted", mandate.GetProperty("trail")[0].GetProperty("action").GetString());

        // Near the anniversary: the reminder is in the business inbox.
        platform.Clock.Offset = TimeSpan.FromDays(7) + TimeSpan.FromDays(registeredOn.AddYears(1).DayNumber - registeredOn.DayNumber - 7 - 10);
        var (reminded, _) = await platform.Services.GetRequiredService<ConfirmationSweep>().RunOnceAsync(Ct);
        Assert.True(reminded >= 1);
        var ledgerly = await platform.ClientAsync(G2b.Ledgerly);
        var inbox = await G2b.GetOkAsync(ledgerly, $"/api/g2b/businesses/{number}/inbox");
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("subject").GetString()!.StartsWith("Annual confirmation due on", StringComparison.Ordinal));

        // The system user files the annual confirmation; the next one falls due a year later.
        using (var confirmed = await G2b.FileAsync(ledgerly, number, new { kind = "AnnualConfirmation" }))
        {
            var filing = await G2b.ExpectAsync(confirmed, HttpStatusCode.Created);
            Assert.Equal("SystemUser", filing.GetProperty("filedAs").GetString());
        }

        var after = await G2b.GetOkAsync(anonymous, $"/api/g2b/register/{number}");
        Assert.Equal(registeredOn.AddYears(2).ToString("O"), after.GetProperty("annualConfirmation").GetProperty("dueOn").GetString());
        Assert.False(after.GetProperty("annualConfirmation").GetProperty("overdue").GetBoolean());

        // Clara revokes the mandate: the system user's very next write is refused.
        clara = await platform.ClientAsync("rep.clara");
        using (var revoked = await clara.PostAsync($"/api/g2b/businesses/{number}/mandates/{mandateId}/revoke", G2b.Raw("""{"reason":"Changed accountants"}"""), Ct))
        {
            var body = await G2b.ExpectAsync(revoked, HttpStatusCode.OK);
            Assert.Equal("Revoked", body.GetProperty("state").GetString());
            Assert.Equal("Changed accountants", body.GetProperty("trail")[1].GetProperty("reason").GetString());
        }

        using (var refused = await G2b.FileAsync(ledgerly, number, new { kind = "ChangeOfAddress", registeredAddress = G2b.Address("Rua Tarde 1") }))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        using (var draft = await ledgerly.PutAsync($"/api/g2b/businesses/{number}/session/drafts/ChangeOfAddress", G2b.Raw("{}"), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        }

        // The ledger: incorporation, change of address, confirmation, newest first, readable by anyone.
        var history = await G2b.GetOkAsync(anonymous, $"/api/g2b/register/{number}/filings");
        Assert.Equal(["AnnualConfirmation", "ChangeOfAddress", "Incorporation"], history.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("kind").GetString()));
        Assert.Equal(1, await G2b.CountAsync(platform.Platform, "SELECT count(*) FROM g2b.outbox_messages WHERE type = 'MandateRevoked'"));
        Assert.Equal(3, await G2b.CountAsync(platform.Platform, "SELECT count(*) FROM g2b.outbox_messages WHERE type = 'FilingRegistered' AND payload::jsonb->>'number' = @n", ("n", number)));
    }

    [Fact]
    public async Task A_confirmation_not_filed_by_its_due_date_is_flagged_overdue_once()
    {
        await using var platform = await ClockedPlatform.StartAsync("g2b_overdue");
        var registrar = await platform.ClientAsync("registrar.maria");
        var record = await G2b.RegisterAsync(registrar, G2b.Company(G2b.UniqueName("Overdue Oficina")));
        var number = record.GetProperty("number").GetString()!;

        platform.Clock.Offset = TimeSpan.FromDays(367);
        var sweep = platform.Services.GetRequiredService<ConfirmationSweep>();
        await sweep.RunOnceAsync(Ct);
        await sweep.RunOnceAsync(Ct);

        var entry = await G2b.GetOkAsync(platform.Anonymous(), $"/api/g2b/register/{number}");
        Assert.True(entry.GetProperty("annualConfirmation").GetProperty("overdue").GetBoolean());
        Assert.Equal(1, await G2b.CountAsync(platform.Platform, "SELECT count(*) FROM g2b.outbox_messages WHERE type = 'AnnualConfirmationOverdueFlagged' AND payload::jsonb->>'number' = @n", ("n", number)));
        var clara = await platform.ClientAsync("rep.clara");
        var inbox = await G2b.GetOkAsync(clara, $"/api/g2b/businesses/{number}/inbox?unread=true");
        Assert.Single(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("subject").GetString()!.StartsWith("Annual confirmation overdue", StringComparison.Ordinal));

        // Filing it late clears the flag.
        using var confirmed = await G2b.FileAsync(clara, number, new { kind = "AnnualConfirmation" });
        await G2b.ExpectAsync(confirmed, HttpStatusCode.Created);
        Assert.False((await G2b.GetOkAsync(platform.Anonymous(), $"/api/g2b/register/{number}")).GetProperty("annualConfirmation").GetProperty("overdue").GetBoolean());
    }
}
