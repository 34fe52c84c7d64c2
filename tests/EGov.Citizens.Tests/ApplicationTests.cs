using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using EGov.BuildingBlocks.Calendar;
using EGov.Citizens.Domain;
using EGov.Testing;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>Filing applications: idempotency, validation against the form, one application per draft, rate limit, attachments.</summary>
public sealed partial class ApplicationTests(PlatformFixture fixture)
{
    private PlatformFactory Platform => fixture.Platform;

    [Fact]
    public async Task A_citizen_submits_with_an_idempotency_key_and_a_repeat_makes_no_second_application()
    {
        using var anna = await Platform.ClientForAsync("citizen.anna");
        var key = Guid.NewGuid().ToString();
        var plate = "ID-" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var body = new { serviceCode = "parking-permit", fields = ParkingFields(plate) };

        using var first = await SubmitAsync(anna, body, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await JsonAsync(first);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/g2c/applications/{id}", first.Headers.Location?.OriginalString);
        Assert.Matches(ReferencePattern(), created.GetProperty("reference").GetString());
        Assert.Equal("Submitted", created.GetProperty("status").GetString());
        Assert.False(created.GetProperty("overdue").GetBoolean());
        Assert.Equal(1, created.GetProperty("serviceVersion").GetInt32());
        Assert.Equal("Submitted", Assert.Single(created.GetProperty("timeline").EnumerateArray()).GetProperty("kind").GetString());

        // The due date counts 5 working days (parking permits) from today, weekends skipped.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var due = DateOnly.Parse(created.GetProperty("dueDate").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(WorkingDays.WeekendsOnly.Add(today, 5), due);

        using var again = await SubmitAsync(anna, body, key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(created.GetRawText(), (await JsonAsync(again)).GetRawText());

        using var other = await SubmitAsync(anna, new { serviceCode = "parking-permit", fields = ParkingFields("ZZ-9999") }, key);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);

        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.applications WHERE fields->>'plate' = @p", ("p", plate)));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.outbox_messages WHERE type LIKE '%ApplicationSubmitted%' AND payload->>'applicationId' = @id", ("id", id.ToString())));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.audit_log WHERE action = 'application.submitted' AND entity_id = @id", ("id", id.ToString())));

        var mine = await anna.GetFromJsonAsync<JsonElement>("/api/g2c/applications?pageSize=100", Ct);
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        var read = await anna.GetFromJsonAsync<JsonElement>($"/api/g2c/applications/{id}", Ct);
        Assert.Equal(plate, read.GetProperty("fields").GetProperty("plate").GetString());
    }

    [Fact]
    public async Task Bad_submissions_are_field_errors_and_write_nothing()
    {
        using var anna = await Platform.ClientForAsync("citizen.anna");
        var applications = await CountAsync(Platform, "SELECT count(*) FROM g2c.applications");
        var keys = await CountAsync(Platform, "SELECT count(*) FROM g2c.idempotency_records");

        using var invalid = await SubmitAsync(anna, new
        {
            serviceCode = "parking-permit",
            fields = new { plate = "lower case!", zone = 99, resident = "yes", sunroof = true },
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await JsonAsync(invalid)).GetProperty("errors");
        foreach (var field in new[] { "fields.plate", "fields.zone", "fields.resident", "fields.sunroof" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
        }

        using var missing = await SubmitAsync(anna, new { serviceCode = "parking-permit", fields = new { zone = 2 } });
        Assert.True((await JsonAsync(missing)).GetProperty("errors").TryGetProperty("fields.plate", out _));

        using var unknownService = await SubmitAsync(anna, new { serviceCode = "no-such-service", fields = new { a = 1 } });
        Assert.True((await JsonAsync(unknownService)).GetProperty("errors").TryGetProperty("serviceCode", out _));

        using var noKey = await anna.PostAsJsonAsync("/api/g2c/applications", new { serviceCode = "parking-permit", fields = ParkingFields() }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.True((await JsonAsync(noKey)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));

        using var both = await SubmitAsync(anna, new { serviceCode = "parking-permit", fields = ParkingFields(), fromDraft = true });
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);

        using var malformedRequest = new HttpRequestMessage(HttpMethod.Post, "/api/g2c/applications") { Content = Raw("{\"serviceCode\": ") };
        malformedRequest.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.SendAsync(malformedRequest, Ct)).StatusCode);

        // Mass assignment: status, reference and due date in the body are ignored.
        var forged = await SubmitOkAsync(anna, new
        {
            serviceCode = "parking-permit",
            fields = ParkingFields("MA-0001"),
            status = "Approved",
            reference = "G2C-1999-000001",
            dueDate = "1999-01-01",
        });
        Assert.Equal("Submitted", forged.GetProperty("status").GetString());
        Assert.NotEqual("G2C-1999-000001", forged.GetProperty("reference").GetString());

        Assert.Equal(applications + 1, await CountAsync(Platform, "SELECT count(*) FROM g2c.applications"));
        Assert.Equal(keys + 1, await CountAsync(Platform, "SELECT count(*) FROM g2c.idempotency_records"));
    }

    [Fact]
    public async Task One_draft_submitted_twice_at_once_makes_one_application()
    {
        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        (await bruno.PutAsJsonAsync("/api/g2c/session/drafts/birth-certificate-copy", new { fields = new { personName = "Bruno Keller", copies = 2 } }, Ct)).EnsureSuccessStatusCode();

        // Incomplete: the draft was saved, but submitting it names what is missing, and keeps it.
        using var incomplete = await SubmitAsync(bruno, new { serviceCode = "birth-certificate-copy", fromDraft = true });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.True((await JsonAsync(incomplete)).GetProperty("errors").TryGetProperty("fields.dateOfBirth", out _));

        (await bruno.PutAsJsonAsync("/api/g2c/session/drafts/birth-certificate-copy",
            new { fields = new { dateOfBirth = "1990-04-02", placeOfBirth = "Harbourtown" } }, Ct)).EnsureSuccessStatusCode();
        var before = await CountAsync(Platform, "SELECT count(*) FROM g2c.applications WHERE service_code = 'birth-certificate-copy' AND fields->>'placeOfBirth' = 'Harbourtown'");

        var responses = await Task.WhenAll(
            SubmitAsync(bruno, new { serviceCode = "birth-certificate-copy", fromDraft = true }),
            SubmitAsync(bruno, new { serviceCode = "birth-certificate-copy", fromDraft = true }));
        var statuses = responses.Select(r => r.StatusCode).OrderBy(s => s).ToList();
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], statuses);
        var created = await JsonAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Created));
        var conflict = await JsonAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(created.GetProperty("id").GetGuid(), conflict.GetProperty("applicationId").GetGuid());
        Assert.Equal("Harbourtown", created.GetProperty("fields").GetProperty("placeOfBirth").GetString());
        Assert.Equal(before + 1, await CountAsync(Platform, "SELECT count(*) FROM g2c.applications WHERE service_code = 'birth-certificate-copy' AND fields->>'placeOfBirth' = 'Harbourtown'"));

        // The submitted draft is gone from the session.
        Assert.Equal(HttpStatusCode.NotFound, (await bruno.GetAsync("/api/g2c/session/drafts/birth-certificate-copy", Ct)).StatusCode);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Applications_are_their_citizens_only()
    {
        using var anna = await Platform.ClientForAsync("citizen.anna");
        var application = await SubmitOkAsync(anna, new { serviceCode = "parking-permit", fields = ParkingFields("OW-1234") });
        var id = application.GetProperty("id").GetGuid();
        using var upload = Pdf("proof.pdf", 100);
        using var uploaded = await anna.PostAsync($"/api/g2c/applications/{id}/attachments", upload, Ct);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachmentId = (await JsonAsync(uploaded)).GetProperty("id").GetGuid();

        string[] reads = [$"/api/g2c/applications/{id}", $"/api/g2c/applications/{id}/attachments/{attachmentId}"];
        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        using var eva = await Platform.ClientForAsync("caseworker.eva");
        using var david = await Platform.ClientForAsync("caseworker.david");
        using var anonymous = Platform.CreateClient();
        foreach (var url in reads)
        {
            Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await bruno.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await eva.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await david.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url, Ct)).StatusCode);
        }

        var brunoList = await bruno.GetFromJsonAsync<JsonElement>("/api/g2c/applications?pageSize=100", Ct);
        Assert.DoesNotContain(brunoList.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await eva.GetAsync("/api/g2c/applications", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/g2c/applications", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SubmitAsync(eva, new { serviceCode = "parking-permit", fields = ParkingFields() })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SubmitAsync(anonymous, new { serviceCode = "parking-permit", fields = ParkingFields() })).StatusCode);

        string[] writes = [$"/api/g2c/applications/{id}/withdraw", $"/api/g2c/applications/{id}/responses"];
        foreach (var url in writes)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await bruno.PostAsJsonAsync(url, new { message = "hi" }, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await eva.PostAsJsonAsync(url, new { message = "hi" }, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await david.PostAsJsonAsync(url, new { message = "hi" }, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(url, new { message = "hi" }, Ct)).StatusCode);
        }

        using var brunoUpload = Pdf("intruder.pdf", 10);
        Assert.Equal(HttpStatusCode.NotFound, (await bruno.PostAsync($"/api/g2c/applications/{id}/attachments", brunoUpload, Ct)).StatusCode);
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.attachments WHERE application_id = @id", ("id", id)));
        Assert.Equal("Submitted", (await anna.GetFromJsonAsync<JsonElement>($"/api/g2c/applications/{id}", Ct)).GetProperty("status").GetString());

        // The owner's own answer to a request that was never made is a conflict naming the allowed moves.
        using var unasked = await anna.PostAsJsonAsync($"/api/g2c/applications/{id}/responses", new { message = "here" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, unasked.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.PostAsJsonAsync($"/api/g2c/applications/{id}/responses", new { message = "" }, Ct)).StatusCode);

        using var withdrawn = await anna.PostAsync($"/api/g2c/applications/{id}/withdraw", null, Ct);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("Withdrawn", (await JsonAsync(withdrawn)).GetProperty("status").GetString());
        using var twice = await anna.PostAsync($"/api/g2c/applications/{id}/withdraw", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Empty((await JsonAsync(twice)).GetProperty("allowedTransitions").EnumerateArray());
    }

    [Fact]
    public async Task Attachments_are_checked_hashed_and_refused_without_a_trace()
    {
        using var anna = await Platform.ClientForAsync("citizen.anna");
        var id = (await SubmitOkAsync(anna, new { serviceCode = "parking-permit", fields = ParkingFields("AT-1234") })).GetProperty("id").GetGuid();

        var bytes = RandomNumberGenerator.GetBytes(4096);
        using var good = Pdf("registration.pdf", 0, bytes);
        using var created = await anna.PostAsync($"/api/g2c/applications/{id}/attachments", good, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var attachment = await JsonAsync(created);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), attachment.GetProperty("sha256").GetString());
        using var download = await anna.GetAsync($"/api/g2c/applications/{id}/attachments/{attachment.GetProperty("id").GetGuid()}", Ct);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(Ct));

        using var exe = new MultipartFormDataContent();
        var exeContent = new ByteArrayContent([0x4d, 0x5a, 0x90]);
        exeContent.Headers.ContentType = new MediaTypeHeaderValue("application/x-msdownload");
        exe.Add(exeContent, "file", "tool.exe");
        using var refusedType = await anna.PostAsync($"/api/g2c/applications/{id}/attachments", exe, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refusedType.StatusCode);
        Assert.True((await JsonAsync(refusedType)).GetProperty("errors").TryGetProperty("file", out _));

        using var huge = Pdf("huge.pdf", (5 * 1024 * 1024) + 1);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await anna.PostAsync($"/api/g2c/applications/{id}/attachments", huge, Ct)).StatusCode);

        using var notMultipart = await anna.PostAsJsonAsync($"/api/g2c/applications/{id}/attachments", new { file = "x" }, Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notMultipart.StatusCode);

        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.attachments WHERE application_id = @id", ("id", id)));
        Assert.Equal(1, await CountAsync(Platform, "SELECT count(*) FROM g2c.application_events WHERE application_id = @id AND kind = 'AttachmentAdded'", ("id", id)));
    }

    [Fact]
    public async Task Too_many_submissions_from_one_citizen_are_refused_with_retry_after()
    {
        await using var platform = await PlatformFactory.StartAsync("ratelimit", new Dictionary<string, string?>
        {
            ["Citizens:SubmissionLimit"] = "2",
            ["Citizens:SubmissionWindowSeconds"] = "3600",
        });
        using var clara = await platform.ClientForAsync("rep.clara");
        await SubmitOkAsync(clara, new { serviceCode = "parking-permit", fields = ParkingFields("RL-0001") });
        var second = await SubmitAsync(clara, new { serviceCode = "parking-permit", fields = ParkingFields("RL-0002") }, "second");
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        using var third = await SubmitAsync(clara, new { serviceCode = "parking-permit", fields = ParkingFields("RL-0003") });
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var retryAfter = int.Parse(Assert.Single(third.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3600);

        // A replay of an accepted request is still answered; it is not a new submission.
        using var replay = await SubmitAsync(clara, new { serviceCode = "parking-permit", fields = ParkingFields("RL-0002") }, "second");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);

        using var bruno = await platform.ClientForAsync("citizen.bruno");
        await SubmitOkAsync(bruno, new { serviceCode = "parking-permit", fields = ParkingFields("RL-0004") });
        Assert.Equal(3, await Database.CountAsync(platform.ConnectionString, "SELECT count(*) FROM g2c.applications"));
        second.Dispose();
    }

    private static MultipartFormDataContent Pdf(string name, int size, byte[]? content = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content ?? new byte[size]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        return form;
    }

    [GeneratedRegex(@"^G2C-\d{4}-\d{6}$")]
    private static partial Regex ReferencePattern();
}
