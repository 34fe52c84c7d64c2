using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EGov.Testing;
using static EGov.Notifications.Tests.Notify;

namespace EGov.Notifications.Tests;

/// <summary>G2C's events reach citizens by email, in their language.</summary>
public sealed class CitizenEmailTests(NotifyFixture fixture)
{
    private static readonly string[] InboxAndEmail = ["inbox", "email"];

    [Fact]
    public async Task A_g2c_decision_reaches_the_citizen_by_email_in_their_language_once()
    {
        var platform = fixture.Platform;
        // The demo citizen's address is the same in every run, and a long-lived smtp4dev keeps earlier runs' mail.
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var bruno = await platform.ClientForAsync("citizen.bruno");
        (await bruno.PutAsJsonAsync("/api/g2c/me/preferences", new { language = "fr", contactChannels = InboxAndEmail }, Ct)).EnsureSuccessStatusCode();
        var email = (await bruno.GetFromJsonAsync<JsonElement>("/api/g2c/me", Ct)).GetProperty("email").GetString()!;

        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/g2c/applications")
        {
            Content = JsonContent.Create(new
            {
                serviceCode = "residence-registration",
                fields = new { street = "Harbour Road 5", postalCode = "1010", city = "Capital", movingDate = "2026-11-01" },
            }),
        };
        submit.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var submitted = await bruno.SendAsync(submit, Ct);
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync(Ct));
        var application = await JsonAsync(submitted);
        var id = application.GetProperty("id").GetGuid();
        var reference = application.GetProperty("reference").GetString()!;

        using var david = await platform.ClientForAsync("caseworker.david");
        (await david.PostAsJsonAsync($"/api/g2c/backoffice/applications/{id}/assign", new { }, Ct)).EnsureSuccessStatusCode();
        using var decided = await david.PostAsJsonAsync($"/api/g2c/backoffice/applications/{id}/decision", new { outcome = "approved" }, Ct);
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync(Ct));

        var expected = $"Votre demande {reference} a été acceptée";
        Assert.True(await Database.EventuallyAsync(async () => (await fixture.Smtp.ReceivedAsync(email)).Any(m => m.Subject == expected && m.ReceivedAt >= since), TimeSpan.FromSeconds(30)),
            "the decision email did not arrive");
        var mails = (await fixture.Smtp.ReceivedAsync(email)).Where(m => m.ReceivedAt >= since).ToList();
        var decision = Assert.Single(mails, m => m.Subject == expected);
        Assert.Contains("Bonne nouvelle", decision.Text, StringComparison.Ordinal);
        Assert.Single(mails, m => m.Subject == $"Nous avons reçu votre demande {reference}");
        Assert.Equal(1, await CountAsync(platform, "SELECT count(*) FROM notify.inbox_messages WHERE consumer = 'notify.g2c-application-decided'"));
    }
}

/// <summary>Bounces and temporary refusals, against an SMTP server that refuses on purpose.</summary>
public sealed class SmtpFailureTests
{
    [Fact]
    public async Task A_permanent_bounce_marks_the_address_and_a_temporary_refusal_is_retried()
    {
        await using var smtp = new RefusingSmtpServer { TemporaryRefusals = 2 };
        await using var platform = await PlatformFactory.StartAsync("notify-faults", Settings(smtp.Port));
        using var david = await platform.ClientForAsync("caseworker.david");

        var bounced = Address("bounce");
        var first = await SendOkAsync(david, EmailTo(bounced));
        Assert.True(await EventuallyStatusAsync(david, first, "PermanentFailure"));
        Assert.Contains("550", (await MessageAsync(david, first)).GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(platform, "SELECT count(*) FROM notify.undeliverable_addresses WHERE address = @a AND channel = 'Email'", ("a", bounced)));
        var second = await SendOkAsync(david, EmailTo(bounced));
        Assert.True(await EventuallyStatusAsync(david, second, "PermanentFailure"));
        Assert.Equal(1, smtp.RefusalsOf(bounced));

        var busy = Address("busy");
        var retried = await SendOkAsync(david, EmailTo(busy));
        Assert.True(await Database.EventuallyAsync(async () => await StatusAsync(david, retried) == "TemporaryFailure", TimeSpan.FromSeconds(10)));
        Assert.True(await EventuallyStatusAsync(david, retried, "Delivered", TimeSpan.FromSeconds(30)));
        Assert.Equal(3, (await MessageAsync(david, retried)).GetProperty("attempts").GetInt32());
        Assert.Single(smtp.Accepted, a => a == busy);
    }
}

/// <summary>Messages survive a restart of the host mid-delivery: none lost, none sent twice.</summary>
public sealed class RestartTests(NotifyFixture fixture)
{
    [Fact]
    public async Task A_restart_mid_delivery_loses_none_and_sends_none_twice()
    {
        // The first host may send only 5 messages a minute: the rest are queued when it stops.
        var first = await PlatformFactory.StartAsync("notify-restart", Settings(fixture.Smtp.SmtpPort, new Dictionary<string, string?>
        {
            ["Notifications:RatePerMinutePerAgency"] = "5",
            ["Notifications:BatchSize"] = "1",
        }));
        var to = Address("restart");
        var ids = new List<Guid>();
        using (var david = await first.ClientForAsync("caseworker.david"))
        {
            for (var i = 0; i < 20; i++)
            {
                ids.Add(await SendOkAsync(david, EmailTo(to, $"NCR-R-{i}")));
            }

            Assert.True(await Database.EventuallyAsync(async () =>
                await CountAsync(first, "SELECT count(*) FROM notify.messages WHERE status = 'Delivered'") == 5));
        }

        await first.DisposeAsync();
        var delivered = await CountAsync(first, "SELECT count(*) FROM notify.messages WHERE status = 'Delivered'");
        Assert.Equal(5, delivered);

        await using var second = first.Another(new Dictionary<string, string?> { ["Notifications:RatePerMinutePerAgency"] = "3000" });
        using var again = await second.ClientForAsync("caseworker.david");
        Assert.True(await Database.EventuallyAsync(async () =>
            await CountAsync(second, "SELECT count(*) FROM notify.messages WHERE status = 'Delivered'") == 20, TimeSpan.FromSeconds(40)));
        var mails = await fixture.Smtp.ReceivedAsync(to);
        Assert.Equal(20, mails.Count);
        Assert.Equal(ids.Select(id => $"<{id:N}@notify.egov.example>").Order(), mails.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task A_message_claimed_by_a_sender_that_died_is_sent_once_after_its_lease()
    {
        var platform = fixture.Platform;
        using var david = await platform.ClientForAsync("caseworker.david");
        var to = Address("lease");
        // What a sender that died right after its claim leaves behind: the row Sending, leased for a few more seconds.
        var id = Guid.CreateVersion7();
        await Database.ExecuteAsync(platform.ConnectionString, """
            INSERT INTO notify.messages (id, agency_code, channel, source, template_owner, template_key, template_version, language,
                                         address, subject, body, status, attempts, next_attempt_at, lease_until, created_at)
            VALUES (@id, 'NCR', 'Email', 'Api', '*', 'application-approved', 1, 'en', @to, 'Leased', 'Claimed by a sender that died.',
                    'Sending', 1, now(), now() + interval '3 seconds', now())
            """, ("id", id), ("to", to));
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal("Sending", await StatusAsync(david, id));
        Assert.Empty(await fixture.Smtp.ReceivedAsync(to));

        Assert.True(await EventuallyStatusAsync(david, id, "Delivered"));
        Assert.Single(await fixture.Smtp.ReceivedAsync(to));
    }
}

/// <summary>Signed delivery status callbacks to an agency's system, retried until acknowledged.</summary>
public sealed class CallbackTests
{
    [Fact]
    public async Task Statuses_reach_the_agencys_system_signed_and_retried()
    {
        await using var smtp = new RefusingSmtpServer();
        using var receiver = new CallbackReceiver();
        await using var platform = await PlatformFactory.StartAsync("notify-callbacks", Settings(smtp.Port));
        using var ncr = platform.CreateClient();
        ncr.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", await Tokens.ClientCredentialsAsync(ncr, "agency-ncr", "agency-ncr-dev-secret"));
        const string secret = "ncr-callback-secret-0123456789abcdef";

        using (var nta = platform.CreateClient())
        {
            nta.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Bearer", await Tokens.ClientCredentialsAsync(nta, "agency-nta", "agency-nta-dev-secret"));
            Assert.Equal(HttpStatusCode.Forbidden, (await nta.PutAsJsonAsync("/api/notify/callbacks/NCR", new { url = receiver.Url, secret }, Ct)).StatusCode);
        }

        using (var anonymous = platform.CreateClient())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/notify/callbacks/NCR", new { url = receiver.Url, secret }, Ct)).StatusCode);
        }

        using (var david = await platform.ClientForAsync("caseworker.david"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await david.PutAsJsonAsync("/api/notify/callbacks/NCR", new { url = receiver.Url, secret }, Ct)).StatusCode);
        }

        using var bad = await ncr.PutAsJsonAsync("/api/notify/callbacks/NCR", new { url = "ftp://x", secret = "short" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await JsonAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("url", out _) && errors.TryGetProperty("secret", out _));
        Assert.Equal(0, await CountAsync(platform, "SELECT count(*) FROM notify.agency_callbacks"));

        (await ncr.PutAsJsonAsync("/api/notify/callbacks/NCR", new { url = receiver.Url, secret }, Ct)).EnsureSuccessStatusCode();
        var shown = await ncr.GetFromJsonAsync<JsonElement>("/api/notify/callbacks/NCR", Ct);
        Assert.False(shown.TryGetProperty("secret", out _));

        var id = await SendOkAsync(ncr, new { templateKey = "application-approved", channel = "Email", to = Address("callback"), values = new { reference = "NCR-C" }, reference = "case-77" });
        Assert.True(await Database.EventuallyAsync(() => Task.FromResult(receiver.Received.Count >= 1), TimeSpan.FromSeconds(30)), "no callback acknowledged");
        Assert.True(receiver.Requests >= 2, "the first callback was refused and must have been retried");
        var (body, signature) = receiver.Received[0];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
        Assert.Equal(expected, signature);
        var callback = JsonDocument.Parse(body).RootElement;
        Assert.Equal(id, callback.GetProperty("id").GetGuid());
        Assert.Equal("Delivered", callback.GetProperty("status").GetString());
        Assert.Equal("case-77", callback.GetProperty("reference").GetString());
        Assert.DoesNotContain("@test.egov.example", body, StringComparison.Ordinal);
    }
}

/// <summary>Bodies and addresses are deleted after the retention period.</summary>
public sealed class RetentionTests(NotifyFixture fixture)
{
    [Fact]
    public async Task The_retention_job_deletes_addresses_and_bodies_and_keeps_the_status()
    {
        await using var platform = await PlatformFactory.StartAsync("notify-retention", Settings(fixture.Smtp.SmtpPort, new Dictionary<string, string?>
        {
            ["Notifications:RetentionDays"] = "0",
            ["Notifications:RetentionSweepSeconds"] = "1",
        }));
        using var david = await platform.ClientForAsync("caseworker.david");
        var id = await SendOkAsync(david, EmailTo(Address("retention")));
        Assert.True(await Database.EventuallyAsync(async () => (await MessageAsync(david, id)).GetProperty("contentDeletedAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30)));
        Assert.Equal("Delivered", await StatusAsync(david, id));
        Assert.Equal(1, await CountAsync(platform,
            "SELECT count(*) FROM notify.messages WHERE id = @id AND address IS NULL AND subject IS NULL AND body IS NULL", ("id", id)));
    }
}
