using EGov.BuildingBlocks.Casework;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Citizens.Features.BackOffice;
using EGov.Testing;
using Microsoft.Extensions.DependencyInjection;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>Profile, back office, lifecycle, deadlines, overdue flag and the inbox.</summary>
public sealed class CaseworkTests(PlatformFixture fixture)
{
    private static readonly string[] Pigeon = ["pigeon"];
    private static readonly string[] InboxAndEmail = ["inbox", "email"];

    private PlatformFactory Platform => fixture.Platform;

    [Fact]
    public async Task A_profile_is_made_from_the_token_and_keeps_the_citizens_preferences()
    {
        using var clara = await Platform.ClientForAsync("rep.clara");
        var me = await clara.GetFromJsonAsync<JsonElement>("/api/g2c/me", Ct);
        var subject = me.GetProperty("subject").GetString()!;
        Assert.True(me.GetProperty("hasNationalId").GetBoolean());
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.citizens WHERE subject = @s", ("s", subject)));
        Assert.Equal(subject, (await clara.GetFromJsonAsync<JsonElement>("/api/g2c/me", Ct)).GetProperty("subject").GetString());
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.citizens WHERE subject = @s", ("s", subject)));

        using var bad = await clara.PutAsJsonAsync("/api/g2c/me/preferences", new { language = "xx", contactChannels = Pigeon }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await JsonAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("language", out _) && errors.TryGetProperty("contactChannels", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await clara.PutAsync("/api/g2c/me/preferences", Raw("{\"language\":"), Ct)).StatusCode);
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.citizens WHERE subject = @s AND language <> 'en'", ("s", subject)));

        using var set = await clara.PutAsJsonAsync("/api/g2c/me/preferences", new { language = "fr", contactChannels = InboxAndEmail }, Ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("fr", (await clara.GetFromJsonAsync<JsonElement>("/api/g2c/me", Ct)).GetProperty("language").GetString());
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE action = 'citizen.preferences-changed' AND entity_id = @s", ("s", subject)));

        using var eva = await Platform.ClientForAsync("caseworker.eva");
        Assert.Equal(HttpStatusCode.Forbidden, (await eva.GetAsync("/api/g2c/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await eva.PutAsJsonAsync("/api/g2c/me/preferences", new { language = "fr" }, Ct)).StatusCode);
        using var anonymous = Platform.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/g2c/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/g2c/me/preferences", new { language = "fr" }, Ct)).StatusCode);

        // The directory other modules read finds the citizen by national id.
        var directory = Platform.Services.CreateScope();
        var record = await directory.ServiceProvider.GetRequiredService<EGov.Citizens.Contracts.ICitizenDirectory>()
            .FindByNationalIdAsync(await NationalIdAsync(subject), Ct);
        Assert.Equal(subject, record?.Subject);
        directory.Dispose();

        // Applications now talk to clara in French.
        var application = await SubmitOkAsync(clara, new { serviceCode = "parking-permit", fields = ParkingFields("FR-1234") });
        var inbox = await clara.GetFromJsonAsync<JsonElement>("/api/g2c/inbox", Ct);
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), m =>
            m.GetProperty("applicationId").GetGuid() == application.GetProperty("id").GetGuid() && m.GetProperty("subject").GetString()!.Contains("reçue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_responsible_agency_works_the_case_to_a_decision_and_others_see_nothing()
    {
        using var anna = await Platform.ClientForAsync("citizen.anna");
        var created = await SubmitOkAsync(anna, new { serviceCode = "parking-permit", fields = ParkingFields("CW-1234") });
        var id = created.GetProperty("id").GetGuid();
        var url = $"/api/g2c/backoffice/applications/{id}";

        using var eva = await Platform.ClientForAsync("caseworker.eva");
        using var david = await Platform.ClientForAsync("caseworker.david");
        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        using var anonymous = Platform.CreateClient();

        var queue = await eva.GetFromJsonAsync<JsonElement>("/api/g2c/backoffice/applications?status=Submitted&pageSize=100", Ct);
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        Assert.All(queue.GetProperty("items").EnumerateArray(), a => Assert.Equal("CCM", a.GetProperty("agencyCode").GetString()));
        var davidQueue = await david.GetFromJsonAsync<JsonElement>("/api/g2c/backoffice/applications?pageSize=100", Ct);
        Assert.DoesNotContain(davidQueue.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);

        // Another agency's caseworker: 404 everywhere; a citizen (even the owner): 403; anonymous: 401.
        foreach (var (client, expected) in new[] { (david, HttpStatusCode.NotFound), (anna, HttpStatusCode.Forbidden), (bruno, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            Assert.Equal(expected, (await client.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(expected, (await client.PostAsJsonAsync($"{url}/assign", new { }, Ct)).StatusCode);
            Assert.Equal(expected, (await client.PostAsJsonAsync($"{url}/information-requests", new { message = "?" }, Ct)).StatusCode);
            Assert.Equal(expected, (await client.PostAsJsonAsync($"{url}/decision", new { outcome = "approved" }, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync("/api/g2c/backoffice/applications", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/g2c/backoffice/applications", Ct)).StatusCode);
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.application_events WHERE application_id = @id", ("id", id)));

        // A decision before review is a conflict that names the allowed moves.
        using var early = await eva.PostAsJsonAsync($"{url}/decision", new { outcome = "approved" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(["start-review", "withdraw"], (await JsonAsync(early)).GetProperty("allowedTransitions").EnumerateArray().Select(s => s.GetString()).ToArray());

        using var assigned = await eva.PostAsJsonAsync($"{url}/assign", new { }, Ct);
        var inReview = await JsonAsync(assigned);
        Assert.Equal("InReview", inReview.GetProperty("status").GetString());
        Assert.Equal("caseworker.eva", inReview.GetProperty("assignedTo").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await eva.PostAsJsonAsync($"{url}/information-requests", new { message = " " }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await eva.PostAsync($"{url}/information-requests", Raw("{\"message\""), Ct)).StatusCode);
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.application_events WHERE application_id = @id AND transition = 'request-information'", ("id", id)));

        using var asked = await eva.PostAsJsonAsync($"{url}/information-requests", new { message = "Please attach the vehicle registration." }, Ct);
        var paused = await JsonAsync(asked);
        Assert.Equal("InformationRequested", paused.GetProperty("status").GetString());
        Assert.True(paused.GetProperty("deadlinePaused").GetBoolean());

        using var answered = await anna.PostAsJsonAsync($"/api/g2c/applications/{id}/responses", new { message = "Attached as requested." }, Ct);
        var resumed = await JsonAsync(answered);
        Assert.Equal("InReview", resumed.GetProperty("status").GetString());
        Assert.False(resumed.GetProperty("deadlinePaused").GetBoolean());
        Assert.True(string.CompareOrdinal(resumed.GetProperty("dueDate").GetString(), created.GetProperty("dueDate").GetString()) >= 0);

        Assert.Equal(HttpStatusCode.BadRequest, (await eva.PostAsJsonAsync($"{url}/decision", new { outcome = "maybe" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await eva.PostAsJsonAsync($"{url}/decision", new { outcome = "rejected" }, Ct)).StatusCode);
        using var decided = await eva.PostAsJsonAsync($"{url}/decision", new { outcome = "approved", reasons = "All conditions met." }, Ct);
        var approved = await JsonAsync(decided);
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        Assert.Equal(
            ["Submitted", "Assigned", "Transition", "Transition", "Transition", "Transition"],
            approved.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ToArray());
        Assert.Equal(
            [null, null, "start-review", "request-information", "provide-information", "approve"],
            approved.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("transition").GetString()).ToArray());
        Assert.Equal(["Applicant", "Staff", "Staff", "Staff", "Applicant", "Staff"],
            approved.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("actor").GetString()).ToArray());
        Assert.Equal("approved", approved.GetProperty("outcome").GetString());

        using var late = await anna.PostAsync($"/api/g2c/applications/{id}/withdraw", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.outbox_messages WHERE type LIKE '%ApplicationDecided%' AND payload->>'applicationId' = @id", ("id", id.ToString())));
        Assert.Equal(6, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'application' AND entity_id = @id", ("id", id.ToString())));

        // One inbox message per status change; the session's unread count follows the inbox.
        var messages = (await anna.GetFromJsonAsync<JsonElement>("/api/g2c/inbox?pageSize=100", Ct)).GetProperty("items").EnumerateArray()
            .Where(m => m.TryGetProperty("applicationId", out var a) && a.ValueKind == JsonValueKind.String && a.GetGuid() == id).ToList();
        Assert.Equal(5, messages.Count);
        // Other tests write to the same citizen's inbox at the same time: the session follows once they settle.
        Assert.True(await Database.EventuallyAsync(() => UnreadMatchesAsync(anna)), "the session's unread count does not follow the inbox");
        var first = messages[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await bruno.PostAsync($"/api/g2c/inbox/{first}/read", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await eva.PostAsync($"/api/g2c/inbox/{first}/read", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/g2c/inbox/{first}/read", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anna.PostAsync($"/api/g2c/inbox/{first}/read", null, Ct)).StatusCode);
        Assert.True(await Database.EventuallyAsync(() => UnreadMatchesAsync(anna)), "the session's unread count does not follow a read message");
    }

    private static async Task<bool> UnreadMatchesAsync(HttpClient citizen)
    {
        var inbox = (await citizen.GetFromJsonAsync<JsonElement>("/api/g2c/inbox?unread=true&pageSize=1", Ct)).GetProperty("total").GetInt32();
        var session = (await citizen.GetFromJsonAsync<JsonElement>("/api/g2c/session", Ct)).GetProperty("unreadCount").GetInt32();
        var inboxAgain = (await citizen.GetFromJsonAsync<JsonElement>("/api/g2c/inbox?unread=true&pageSize=1", Ct)).GetProperty("total").GetInt32();
        return inbox == session && session == inboxAgain;
    }

    [Fact]
    public async Task An_overdue_application_is_flagged_once_with_one_message_and_one_event()
    {
        await using var platform = await PlatformFactory.StartAsync("overdue");
        using var bruno = await platform.ClientForAsync("citizen.bruno");
        var id = (await SubmitOkAsync(bruno, new { serviceCode = "parking-permit", fields = ParkingFields("OD-1234") })).GetProperty("id").GetGuid();
        await Database.ExecuteAsync(platform.ConnectionString, "UPDATE g2c.applications SET due_date = CURRENT_DATE - 3 WHERE id = @id", ("id", id));

        var sweep = platform.Services.GetRequiredService<OverdueSweep<CitizensDb, Application>>();
        await sweep.RunOnceAsync(Ct);
        await sweep.RunOnceAsync(Ct);

        var read = await bruno.GetFromJsonAsync<JsonElement>($"/api/g2c/applications/{id}", Ct);
        Assert.True(read.GetProperty("overdue").GetBoolean());
        Assert.Single(read.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "Overdue");
        Assert.Equal(1, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM g2c.outbox_messages WHERE type LIKE '%ApplicationOverdueFlagged%' AND payload->>'applicationId' = @id", ("id", id.ToString())));
        Assert.Equal(1, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM g2c.notices WHERE regarding_case_id = @id AND template_key = 'application-overdue' AND subject LIKE '%overdue%'", ("id", id)));
        using var eva = await platform.ClientForAsync("caseworker.eva");
        var overdue = await eva.GetFromJsonAsync<JsonElement>("/api/g2c/backoffice/applications?overdue=true", Ct);
        Assert.Contains(overdue.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
    }

    private async Task<string> NationalIdAsync(string subject)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Platform.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT national_id FROM g2c.citizens WHERE subject = @s", connection);
        command.Parameters.AddWithValue("s", subject);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}
