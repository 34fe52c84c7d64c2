using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Testing;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>Information disclosure: requests, the agency's answer, publication and the public full-text search.</summary>
public sealed class DisclosureTests(PlatformFixture fixture)
{
    private PlatformFactory Platform => fixture.Platform;

    [Fact]
    public async Task A_request_is_answered_by_its_agency_and_a_published_answer_is_found_by_anyone()
    {
        await AgenciesArrivedAsync(Platform);
        using var anna = await Platform.ClientForAsync("citizen.anna");
        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        using var david = await Platform.ClientForAsync("caseworker.david");
        using var eva = await Platform.ClientForAsync("caseworker.eva");
        using var anonymous = Platform.CreateClient();
        var marker = $"zeppelin{Guid.NewGuid():N}"[..20];

        using var created = await anna.PostAsJsonAsync("/api/g2c/disclosure-requests",
            new { agencyCode = "ncr", title = $"Archive records {marker}", question = "How many civil registry records were digitised in 2025?" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var request = await JsonAsync(created);
        var id = request.GetProperty("id").GetGuid();
        Assert.Equal("NCR", request.GetProperty("agencyCode").GetString());
        Assert.Equal("Open", request.GetProperty("status").GetString());
        Assert.True(DateOnly.Parse(request.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateOnly.FromDateTime(DateTime.UtcNow.AddDays(20)));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE action = 'disclosure.requested' AND entity_id = @id", ("id", id.ToString())));

        // Owner only; caseworkers and anonymous callers are not citizens.
        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync($"/api/g2c/disclosure-requests/{id}", Ct)).StatusCode);
        Assert.Contains((await anna.GetFromJsonAsync<JsonElement>("/api/g2c/disclosure-requests?pageSize=100", Ct)).GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await bruno.GetAsync($"/api/g2c/disclosure-requests/{id}", Ct)).StatusCode);
        Assert.DoesNotContain((await bruno.GetFromJsonAsync<JsonElement>("/api/g2c/disclosure-requests?pageSize=100", Ct)).GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await david.GetAsync($"/api/g2c/disclosure-requests/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await david.PostAsJsonAsync("/api/g2c/disclosure-requests", new { agencyCode = "NCR", title = "t", question = "q" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/g2c/disclosure-requests", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/g2c/disclosure-requests", new { agencyCode = "NCR", title = "t", question = "q" }, Ct)).StatusCode);

        // The back office: the responsible agency sees and answers it; another agency gets 404; citizens 403; anonymous 401.
        var answerUrl = $"/api/g2c/backoffice/disclosure-requests/{id}/answer";
        var queue = await david.GetFromJsonAsync<JsonElement>("/api/g2c/backoffice/disclosure-requests?status=Open&pageSize=100", Ct);
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);
        Assert.DoesNotContain((await eva.GetFromJsonAsync<JsonElement>("/api/g2c/backoffice/disclosure-requests?pageSize=100", Ct)).GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.BadRequest, (await david.GetAsync("/api/g2c/backoffice/disclosure-requests?status=Lost", Ct)).StatusCode);
        var answer = new { answer = $"We digitised 48,000 records; see the annual report {marker}.", publish = true };
        Assert.Equal(HttpStatusCode.NotFound, (await eva.PostAsJsonAsync(answerUrl, answer, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.PostAsJsonAsync(answerUrl, answer, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync("/api/g2c/backoffice/disclosure-requests", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(answerUrl, answer, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await david.PostAsJsonAsync($"/api/g2c/backoffice/disclosure-requests/{Guid.NewGuid()}/answer", answer, Ct)).StatusCode);

        using var incomplete = await david.PostAsJsonAsync(answerUrl, new { answer = " " }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var errors = (await JsonAsync(incomplete)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("answer", out _) && errors.TryGetProperty("publish", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await david.PostAsync(answerUrl, Raw("{\"answer\":"), Ct)).StatusCode);
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.disclosure_requests WHERE id = @id AND status <> 'Open'", ("id", id)));

        Assert.Empty((await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/disclosures?q={marker}", Ct)).GetProperty("items").EnumerateArray());
        using var answered = await david.PostAsJsonAsync(answerUrl, answer, Ct);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("Answered", (await JsonAsync(answered)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await david.PostAsJsonAsync(answerUrl, answer, Ct)).StatusCode);
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.outbox_messages WHERE type LIKE '%DisclosurePublished%' AND payload->>'disclosureRequestId' = @id", ("id", id.ToString())));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE action = 'disclosure.answered' AND entity_id = @id", ("id", id.ToString())));

        // Anyone finds it by words of the answer (stemmed), never with the requester's identity.
        var found = await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/disclosures?q={Uri.EscapeDataString($"digitising {marker} -unrelated")}", Ct);
        var hit = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal(id, hit.GetProperty("id").GetGuid());
        Assert.False(hit.TryGetProperty("citizenSubject", out _));
        Assert.Empty((await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/disclosures?q={Uri.EscapeDataString($"{marker} -records")}", Ct)).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/g2c/disclosures", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync($"/api/g2c/disclosures?q={new string('a', 201)}", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_unpublished_answer_stays_private_and_bad_requests_write_nothing()
    {
        await AgenciesArrivedAsync(Platform);
        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        using var eva = await Platform.ClientForAsync("caseworker.eva");
        using var anonymous = Platform.CreateClient();
        var marker = $"quasar{Guid.NewGuid():N}"[..18];
        var before = await CountAsync(Platform, "SELECT count(*) FROM g2c.disclosure_requests");

        using var invalid = await bruno.PostAsJsonAsync("/api/g2c/disclosure-requests", new { agencyCode = "NOPE", title = new string('t', 201) }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await JsonAsync(invalid)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("agencyCode", out _) && errors.TryGetProperty("title", out _) && errors.TryGetProperty("question", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await bruno.PostAsync("/api/g2c/disclosure-requests", Raw("{\"title\""), Ct)).StatusCode);
        Assert.Equal(before, await CountAsync(Platform, "SELECT count(*) FROM g2c.disclosure_requests"));

        using var created = await bruno.PostAsJsonAsync("/api/g2c/disclosure-requests",
            new { agencyCode = "CCM", title = $"Inspections {marker}", question = "How many inspections happened last year?", status = "Answered", citizenSubject = "someone-else" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.disclosure_requests WHERE id = @id AND status = 'Open' AND citizen_subject <> 'someone-else'", ("id", id)));

        (await eva.PostAsJsonAsync($"/api/g2c/backoffice/disclosure-requests/{id}/answer", new { answer = $"Twelve inspections {marker}.", publish = false }, Ct)).EnsureSuccessStatusCode();
        Assert.Empty((await anonymous.GetFromJsonAsync<JsonElement>($"/api/g2c/disclosures?q={marker}", Ct)).GetProperty("items").EnumerateArray());
        Assert.Equal(0, await CountAsync(Platform, "SELECT count(*) FROM g2c.outbox_messages WHERE type LIKE '%DisclosurePublished%' AND payload->>'disclosureRequestId' = @id", ("id", id.ToString())));
        var mine = await bruno.GetFromJsonAsync<JsonElement>($"/api/g2c/disclosure-requests/{id}", Ct);
        Assert.Equal("Answered", mine.GetProperty("status").GetString());
        Assert.False(mine.GetProperty("published").GetBoolean());
    }
}
