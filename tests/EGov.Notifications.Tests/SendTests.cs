using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using static EGov.Notifications.Tests.Notify;

namespace EGov.Notifications.Tests;

public sealed class SendTests(NotifyFixture fixture)
{
    private PlatformFactory Platform => fixture.Platform;

    private Task<long> QueuedAsync() => CountAsync(Platform, "SELECT count(*) FROM notify.messages");

    [Fact]
    public async Task A_send_with_a_missing_value_is_refused_and_nothing_is_queued()
    {
        using var david = await Platform.ClientForAsync("caseworker.david");
        var before = await QueuedAsync();
        using var response = await SendAsync(david, new { templateKey = "application-approved", channel = "Email", to = Address("missing"), values = new { } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("never goes out with a blank", (await JsonAsync(response)).GetProperty("errors").GetProperty("values.reference")[0].GetString(), StringComparison.Ordinal);

        using var blank = await SendAsync(david, new { templateKey = "application-approved", channel = "Email", to = Address("blank"), values = new { reference = "  " } });
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Equal(before, await QueuedAsync());
    }

    [Fact]
    public async Task Bad_input_names_every_field_and_writes_nothing()
    {
        using var david = await Platform.ClientForAsync("caseworker.david");
        var before = await QueuedAsync();
        using var response = await SendAsync(david, new { templateKey = "Not A Key", channel = "Email", to = "not-an-address", language = "english", reference = new string('r', 101) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        foreach (var field in new[] { "templateKey", "to", "language", "reference" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        using var noChannel = await SendAsync(david, new { templateKey = "application-approved", to = "+15550100" });
        Assert.True((await JsonAsync(noChannel)).GetProperty("errors").TryGetProperty("channel", out _));
        using var badPhone = await SendAsync(david, new { templateKey = "application-decided", channel = "Sms", to = "0555", values = new { reference = "R" } });
        Assert.True((await JsonAsync(badPhone)).GetProperty("errors").TryGetProperty("to", out _));
        using var unknown = await SendAsync(david, new { templateKey = "no-such-template", channel = "Email", to = Address("unknown"), values = new { } });
        Assert.True((await JsonAsync(unknown)).GetProperty("errors").TryGetProperty("templateKey", out _));
        Assert.Equal(before, await QueuedAsync());
    }

    [Fact]
    public async Task An_email_arrives_in_the_smtp_server_with_the_platforms_message_id()
    {
        using var david = await Platform.ClientForAsync("caseworker.david");
        var to = Address("email");
        var id = await SendOkAsync(david, EmailTo(to, "NCR-2026-000042", language: "fr"));
        Assert.True(await EventuallyStatusAsync(david, id, "Delivered"), await StatusAsync(david, id));
        var mail = Assert.Single(await fixture.Smtp.ReceivedAsync(to));
        Assert.Equal($"<{id:N}@notify.egov.example>", mail.MessageId);
        Assert.Equal("Votre demande NCR-2026-000042 a été acceptée", mail.Subject);
        Assert.Contains("NCR-2026-000042", mail.Text, StringComparison.Ordinal);
        var message = await MessageAsync(david, id);
        Assert.Equal("fr", message.GetProperty("language").GetString());
        Assert.Equal(1, message.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task The_same_idempotency_key_sends_once()
    {
        using var david = await Platform.ClientForAsync("caseworker.david");
        var to = Address("idem");
        var key = Guid.NewGuid().ToString();
        using var first = await SendAsync(david, EmailTo(to), key);
        using var again = await SendAsync(david, EmailTo(to), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var id = (await JsonAsync(first)).GetProperty("id").GetGuid();
        Assert.Equal(id, (await JsonAsync(again)).GetProperty("id").GetGuid());
        using var other = await SendAsync(david, EmailTo(to, "NCR-2"), key);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.True(await EventuallyStatusAsync(david, id, "Delivered"));
        Assert.Single(await fixture.Smtp.ReceivedAsync(to));
    }

    [Fact]
    public async Task A_text_message_is_recorded_by_the_development_provider()
    {
        using var ncr = Platform.CreateClient();
        var token = await Tokens.ClientCredentialsAsync(ncr, "agency-ncr", "agency-ncr-dev-secret");
        ncr.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var id = await SendOkAsync(ncr, new { templateKey = "application-decided", channel = "Sms", to = "+15550100", language = "en", values = new { reference = "NCR-9" } });
        Assert.True(await EventuallyStatusAsync(ncr, id, "Delivered"));
        Assert.Equal(1, await CountAsync(Platform,
            "SELECT count(*) FROM notify.recorded_sms WHERE message_id = @id AND phone_number = '+15550100' AND text LIKE '%NCR-9%'", ("id", id)));
    }

    [Fact]
    public async Task A_letter_waits_in_the_agencys_print_queue_as_a_pdf()
    {
        using var david = await Platform.ClientForAsync("caseworker.david");
        var id = await SendOkAsync(david, new
        {
            templateKey = "application-decided", channel = "Letter", to = "Anna Example\nHarbour Road 5\n1010 Capital", values = new { reference = "NCR-10" },
        });
        Assert.True(await EventuallyStatusAsync(david, id, "Delivered"));
        var queue = await david.GetFromJsonAsync<JsonElement>("/api/notify/letters?pageSize=100", Ct);
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), l => l.GetProperty("messageId").GetGuid() == id);
        using var pdf = await david.GetAsync($"/api/notify/letters/{id}/pdf", Ct);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(Ct), 0, 5), StringComparison.Ordinal);

        using (var eva = await Platform.ClientForAsync("caseworker.eva"))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await eva.GetAsync($"/api/notify/letters/{id}/pdf", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await eva.PostAsync($"/api/notify/letters/{id}/printed", null, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await eva.GetAsync("/api/notify/letters?agencyCode=NCR", Ct)).StatusCode);
        }

        using var printed = await david.PostAsync($"/api/notify/letters/{id}/printed", null, Ct);
        Assert.Equal(HttpStatusCode.OK, printed.StatusCode);
        Assert.True((await JsonAsync(printed)).TryGetProperty("printedAt", out var at) && at.ValueKind == JsonValueKind.String);
        var stillToPrint = await david.GetFromJsonAsync<JsonElement>("/api/notify/letters?pageSize=100", Ct);
        Assert.DoesNotContain(stillToPrint.GetProperty("items").EnumerateArray(), l => l.GetProperty("messageId").GetGuid() == id);
    }

    [Fact]
    public async Task Only_the_agencys_staff_send_and_read_its_messages()
    {
        using var david = await Platform.ClientForAsync("caseworker.david");
        var id = await SendOkAsync(david, EmailTo(Address("owner")));
        using (var eva = await Platform.ClientForAsync("caseworker.eva"))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await eva.GetAsync($"/api/notify/messages/{id}", Ct)).StatusCode);
            using var asNcr = await SendAsync(eva, EmailTo(Address("other")));
            Assert.Equal(HttpStatusCode.Forbidden, asNcr.StatusCode);
        }

        using (var anna = await Platform.ClientForAsync("citizen.anna"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(anna, EmailTo(Address("citizen")))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync($"/api/notify/messages/{id}", Ct)).StatusCode);
        }

        using var anonymous = Platform.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(anonymous, EmailTo(Address("anonymous")))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/notify/messages/{id}", Ct)).StatusCode);

        var list = await david.GetFromJsonAsync<JsonElement>("/api/notify/messages?pageSize=100", Ct);
        Assert.True(list.GetProperty("total").GetInt32() >= 1);
        Assert.All(list.GetProperty("items").EnumerateArray(), m => Assert.Equal("NCR", m.GetProperty("agencyCode").GetString()));
    }
}
