using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EGov.Citizens.Persistence;
using EGov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static EGov.Citizens.Tests.G2c;

namespace EGov.Citizens.Tests;

/// <summary>
/// G2C's inbox on the Notices block, through HTTP: messages from the module's templates, the session's unread count,
/// operators publishing a template version (later messages change, earlier ones keep their text), the template
/// routes' authorization and validation, and the migration that carried the old inbox over.
/// </summary>
public sealed class NoticeTests(PlatformFixture fixture)
{
    private const string Templates = "/api/g2c/notice-templates";

    /// <summary>citizen.anna's subject: her user id in the realm file, which the development issuer signs as <c>sub</c>.</summary>
    private const string AnnaSubject = "3bbeed12-1d3e-4959-a989-20015a8e661b";

    private static readonly string[] SeededKeys = ["application-overdue", "application-status-changed", "application-submitted"];

    private static object SubmittedTexts(string english, string french) => new
    {
        subject = new Dictionary<string, string> { ["en"] = english, ["fr"] = french },
        body = new Dictionary<string, string>
        {
            ["en"] = "We filed \"{{service}}\" as {{reference}}; the answer is due on {{dueDate}}.",
            ["fr"] = "Nous avons enregistré « {{service}} » sous {{reference}} ; réponse due le {{dueDate}}.",
        },
        dateFormat = new Dictionary<string, string> { ["en"] = "dd.MM.yyyy", ["fr"] = "dd/MM/yyyy" },
    };

    [Fact]
    public async Task Only_platform_admins_read_and_publish_templates()
    {
        var platform = fixture.Platform;
        using var admin = await platform.ClientForAsync("admin.jan");
        var list = await admin.GetFromJsonAsync<JsonElement>($"{Templates}?pageSize=100", Ct);
        Assert.Equal(SeededKeys, list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("key").GetString()).ToArray());
        Assert.Equal(3, list.GetProperty("total").GetInt32());

        var status = await admin.GetFromJsonAsync<JsonElement>($"{Templates}/application-status-changed", Ct);
        Assert.Equal("seed", status.GetProperty("createdBy").GetString());
        Assert.Equal(
            ["reference:Text:False", "status:Text:False", "message:Text:True"],
            status.GetProperty("parameters").EnumerateArray().Select(p => $"{p.GetProperty("name").GetString()}:{p.GetProperty("type").GetString()}:{p.GetProperty("optional").GetBoolean()}").ToArray());
        Assert.Equal("Demande {{reference}} : {{status}}", status.GetProperty("subject").GetProperty("fr").GetString());
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>($"{Templates}/application-status-changed?version=1", Ct)).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Templates}/application-status-changed?version=99", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"{Templates}/application-status-changed?version=0", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Templates}/no-such-template", Ct)).StatusCode);

        using var anna = await platform.ClientForAsync("citizen.anna");
        using var eva = await platform.ClientForAsync("caseworker.eva");
        using var ines = await platform.ClientForAsync("designer.ines");
        using var anonymous = platform.CreateClient();
        var body = SubmittedTexts("Refused {{reference}}", "Refusé {{reference}}");
        foreach (var (client, expected) in new[] { (anna, HttpStatusCode.Forbidden), (eva, HttpStatusCode.Forbidden), (ines, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            Assert.Equal(expected, (await client.GetAsync(Templates, Ct)).StatusCode);
            Assert.Equal(expected, (await client.GetAsync($"{Templates}/application-submitted", Ct)).StatusCode);
            Assert.Equal(expected, (await client.PutAsJsonAsync($"{Templates}/application-submitted", body, Ct)).StatusCode);
        }

        Assert.Equal(3, await CountAsync(platform, "SELECT count(*) FROM g2c.notice_templates"));
    }

    [Fact]
    public async Task A_bad_template_is_refused_with_its_mistakes_and_nothing_is_written()
    {
        var platform = fixture.Platform;
        using var admin = await platform.ClientForAsync("admin.jan");
        var bad = new
        {
            subject = new Dictionary<string, string> { ["en"] = "Application {{reference}}\nreceived", ["fr"] = "Demande {{reference}}" },
            body = new Dictionary<string, string> { ["en"] = "Dear {{name}}, {{service}} {{#reference}}x{{/reference}} {{dueDate", ["de"] = "Hallo" },
            dateFormat = new Dictionary<string, string> { ["fr"] = "dddd" },
        };
        using var refused = await admin.PutAsJsonAsync($"{Templates}/application-submitted", bad, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await JsonAsync(refused)).GetProperty("errors");
        foreach (var field in new[] { "subject.en", "body.en", "body.fr", "subject.de", "dateFormat.fr" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        using var undeclared = await admin.PutAsJsonAsync($"{Templates}/application-status-changed", new
        {
            subject = new Dictionary<string, string> { ["en"] = "Application {{reference}}" },
            body = new Dictionary<string, string> { ["en"] = "Now {{status}}. {{message}} {{#status}}!{{/status}}" },
        }, Ct);
        var messages = (await JsonAsync(undeclared)).GetProperty("errors").GetProperty("body.en").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains("'message' is optional", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("{{#status}}", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"{Templates}/application-submitted", new { body = new { en = "Only a body" } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsync($"{Templates}/application-submitted", Raw("{\"subject\":"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsync($"{Templates}/application-submitted", Raw("{\"subject\":{\"en\":5}}"), Ct)).StatusCode);
        using var unknown = await admin.PutAsJsonAsync($"{Templates}/tax-refund", SubmittedTexts("Refund {{reference}}", "Remboursement {{reference}}"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        Assert.Equal(3, await CountAsync(platform, "SELECT count(*) FROM g2c.notice_templates"));
        Assert.Equal(0, await CountAsync(platform, "SELECT count(*) FROM g2c.audit_log WHERE entity_type = 'notice-template'"));
    }

    [Fact]
    public async Task A_published_version_changes_the_next_message_only_and_survives_a_restart()
    {
        await using var platform = await PlatformFactory.StartAsync("notices");
        using var bruno = await platform.ClientForAsync("citizen.bruno");
        using var admin = await platform.ClientForAsync("admin.jan");
        var before = await SubmitOkAsync(bruno, new { serviceCode = "parking-permit", fields = ParkingFields("NT-1111") });
        var beforeMessage = await MessageAboutAsync(bruno, before.GetProperty("id").GetGuid());
        var reference = before.GetProperty("reference").GetString();
        var due = DateOnly.Parse(before.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"Application {reference} received", beforeMessage.GetProperty("subject").GetString());
        Assert.EndsWith($"You will have an answer by {due:yyyy-MM-dd}.", beforeMessage.GetProperty("body").GetString(), StringComparison.Ordinal);

        using var published = await admin.PutAsJsonAsync($"{Templates}/application-submitted", SubmittedTexts("We have your application {{reference}}", "Nous avons votre demande {{reference}}"), Ct);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var version = await JsonAsync(published);
        Assert.Equal(2, version.GetProperty("version").GetInt32());
        Assert.Equal(3, version.GetProperty("parameters").GetArrayLength());
        var adminSubject = (await admin.GetFromJsonAsync<JsonElement>("/api/platform/me", Ct)).GetProperty("subject").GetString();
        Assert.Equal(adminSubject, version.GetProperty("createdBy").GetString());

        // The same texts again publish nothing.
        using var again = await admin.PutAsJsonAsync($"{Templates}/application-submitted", SubmittedTexts("We have your application {{reference}}", "Nous avons votre demande {{reference}}"), Ct);
        Assert.Equal(2, (await JsonAsync(again)).GetProperty("version").GetInt32());
        Assert.Equal(4, await CountAsync(platform, "SELECT count(*) FROM g2c.notice_templates"));
        Assert.Equal(1, await CountAsync(platform, "SELECT count(*) FROM g2c.audit_log WHERE action = 'notice-template.published' AND entity_id = 'application-submitted'"));
        Assert.Equal("Application {{reference}} received",
            (await admin.GetFromJsonAsync<JsonElement>($"{Templates}/application-submitted?version=1", Ct)).GetProperty("subject").GetProperty("en").GetString());

        // The next message uses version 2, in the citizen's language; the message before keeps its text.
        (await bruno.PutAsJsonAsync("/api/g2c/me/preferences", new { language = "fr" }, Ct)).EnsureSuccessStatusCode();
        var after = await SubmitOkAsync(bruno, new { serviceCode = "parking-permit", fields = ParkingFields("NT-2222") });
        var afterMessage = await MessageAboutAsync(bruno, after.GetProperty("id").GetGuid());
        var afterDue = DateOnly.Parse(after.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"Nous avons votre demande {after.GetProperty("reference").GetString()}", afterMessage.GetProperty("subject").GetString());
        Assert.EndsWith($"réponse due le {afterDue:dd/MM/yyyy}.", afterMessage.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(beforeMessage.GetProperty("body").GetString(), (await MessageAboutAsync(bruno, before.GetProperty("id").GetGuid())).GetProperty("body").GetString());
        Assert.Equal(1, await CountAsync(platform,
            "SELECT count(*) FROM g2c.notices WHERE regarding_case_id = @id AND template_key = 'application-submitted' AND template_version = 1 AND language = 'en' AND recipient_kind = 'Citizen'",
            ("id", before.GetProperty("id").GetGuid())));
        Assert.Equal(1, await CountAsync(platform,
            "SELECT count(*) FROM g2c.notices WHERE regarding_case_id = @id AND template_key = 'application-submitted' AND template_version = 2 AND language = 'fr'",
            ("id", after.GetProperty("id").GetGuid())));

        // A restart seeds again and leaves what the operator published: version 2 stays the latest.
        await platform.DisposeAsync();
        await using var restarted = platform.Another();
        using var adminAgain = await restarted.ClientForAsync("admin.jan");
        Assert.Equal(2, (await adminAgain.GetFromJsonAsync<JsonElement>($"{Templates}/application-submitted", Ct)).GetProperty("version").GetInt32());
        Assert.Equal(4, await CountAsync(restarted, "SELECT count(*) FROM g2c.notice_templates"));
    }

    [Fact]
    public async Task The_session_counts_unread_messages_and_marking_read_is_idempotent()
    {
        await using var platform = await PlatformFactory.StartAsync("notices_unread");
        using var bruno = await platform.ClientForAsync("citizen.bruno");
        using var anna = await platform.ClientForAsync("citizen.anna");
        var first = await SubmitOkAsync(bruno, new { serviceCode = "parking-permit", fields = ParkingFields("UR-1111") });
        await SubmitOkAsync(bruno, new { serviceCode = "parking-permit", fields = ParkingFields("UR-2222") });
        Assert.Equal(2, await UnreadInSessionAsync(bruno));

        var message = await MessageAboutAsync(bruno, first.GetProperty("id").GetGuid());
        var id = message.GetProperty("id").GetGuid();
        Assert.Equal(JsonValueKind.Null, message.GetProperty("readAt").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await anna.PostAsync($"/api/g2c/inbox/{id}/read", null, Ct)).StatusCode);
        Assert.Equal(2, await UnreadInSessionAsync(bruno));

        using var read = await bruno.PostAsync($"/api/g2c/inbox/{id}/read", null, Ct);
        var readAt = (await JsonAsync(read)).GetProperty("readAt").GetDateTimeOffset();
        Assert.Equal(1, await UnreadInSessionAsync(bruno));
        using var readAgain = await bruno.PostAsync($"/api/g2c/inbox/{id}/read", null, Ct);
        Assert.Equal(readAt, (await JsonAsync(readAgain)).GetProperty("readAt").GetDateTimeOffset());
        Assert.Equal(1, await UnreadInSessionAsync(bruno));
        Assert.Equal(1, await CountAsync(platform, "SELECT count(*) FROM g2c.audit_log WHERE action = 'notice.read' AND entity_id = @id", ("id", id.ToString())));

        var unread = await bruno.GetFromJsonAsync<JsonElement>("/api/g2c/inbox?unread=true", Ct);
        Assert.Equal(1, unread.GetProperty("total").GetInt32());
        Assert.DoesNotContain(unread.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetGuid() == id);
        Assert.Equal(2, (await bruno.GetFromJsonAsync<JsonElement>("/api/g2c/inbox", Ct)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await anna.GetFromJsonAsync<JsonElement>("/api/g2c/inbox", Ct)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await bruno.GetAsync("/api/g2c/inbox?pageSize=0", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_migration_carries_every_message_of_the_old_inbox_over()
    {
        var cs = await PostgresServer.CreateDatabaseAsync("notices_migration");
        var options = new DbContextOptionsBuilder<CitizensDb>()
            .UseNpgsql(cs, o => o.MigrationsHistoryTable("__EFMigrationsHistory", "g2c"))
            .UseSnakeCaseNamingConvention()
            .Options;
        await using (var db = new CitizensDb(options, TimeProvider.System))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var notices = migrations.FindIndex(m => m.EndsWith("_Notices", StringComparison.Ordinal));
            await db.GetService<IMigrator>().MigrateAsync(migrations[notices - 1], Ct);
        }

        var application = Guid.NewGuid();
        var read = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        await Database.ExecuteAsync(cs,
            "INSERT INTO g2c.citizen_inbox (id, citizen_subject, application_id, subject, body, created_at, read_at) VALUES " +
            "(@a, @anna, @app, 'Application G2C-2026-000001 received', 'Your application is registered.', @at, NULL), " +
            "(@b, 'subject-b', NULL, 'Demande G2C-2026-000002 : acceptée', 'Votre demande est maintenant : acceptée.', @at, @read)",
            ("a", Guid.NewGuid()), ("anna", AnnaSubject), ("b", Guid.NewGuid()), ("app", application), ("at", read.AddDays(-1)), ("read", read));

        await using (var db = new CitizensDb(options, TimeProvider.System))
        {
            await db.Database.MigrateAsync(Ct);
        }

        Assert.Equal(0, await Database.CountAsync(cs, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'g2c' AND table_name = 'citizen_inbox'"));
        Assert.Equal(2, await Database.CountAsync(cs, "SELECT count(*) FROM g2c.notices WHERE recipient_kind = 'Citizen' AND template_key IS NULL AND template_version IS NULL AND language IS NULL"));
        Assert.Equal(1, await Database.CountAsync(cs,
            "SELECT count(*) FROM g2c.notices WHERE recipient_id = @anna AND regarding_case_id = @app AND subject = 'Application G2C-2026-000001 received' AND read_at IS NULL",
            ("anna", AnnaSubject), ("app", application)));
        Assert.Equal(1, await Database.CountAsync(cs,
            "SELECT count(*) FROM g2c.notices WHERE recipient_id = 'subject-b' AND regarding_case_id IS NULL AND body = 'Votre demande est maintenant : acceptée.' AND read_at = @read",
            ("read", read)));

        // The carried-over messages are in their citizens' inboxes as before, and the templates are seeded beside them.
        await using var platform = new PlatformFactory(cs);
        using var anna = await platform.ClientForAsync("citizen.anna");
        Assert.Equal(AnnaSubject, (await anna.GetFromJsonAsync<JsonElement>("/api/g2c/me", Ct)).GetProperty("subject").GetString());
        var inbox = await anna.GetFromJsonAsync<JsonElement>("/api/g2c/inbox", Ct);
        var carried = Assert.Single(inbox.GetProperty("items").EnumerateArray());
        Assert.Equal((application, "Application G2C-2026-000001 received"), (carried.GetProperty("applicationId").GetGuid(), carried.GetProperty("subject").GetString()));
        Assert.Equal(3, await Database.CountAsync(cs, "SELECT count(*) FROM g2c.notice_templates"));
    }

    private static async Task<JsonElement> MessageAboutAsync(HttpClient citizen, Guid applicationId)
    {
        var inbox = await citizen.GetFromJsonAsync<JsonElement>("/api/g2c/inbox?pageSize=100", Ct);
        return Assert.Single(inbox.GetProperty("items").EnumerateArray(), m =>
            m.GetProperty("applicationId").ValueKind == JsonValueKind.String && m.GetProperty("applicationId").GetGuid() == applicationId);
    }

    private static async Task<int> UnreadInSessionAsync(HttpClient citizen) =>
        (await citizen.GetFromJsonAsync<JsonElement>("/api/g2c/session", Ct)).GetProperty("unreadCount").GetInt32();
}
