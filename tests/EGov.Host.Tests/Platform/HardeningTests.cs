using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EGov.Testing;

namespace EGov.Host.Tests.Platform;

/// <summary>
/// Input that once made the platform answer 500 or lie: huge page numbers, NUL characters, invalid UTF-8 and lone
/// surrogates, problem bodies with two <c>status</c> members. Each is refused with a 400 (or answered properly)
/// and writes nothing.
/// </summary>
public sealed partial class HardeningTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PlatformFactory Platform => fixture.Platform;

    /// <summary>A caller the list's access rule admits, by the roles in x-egov-access.</summary>
    private static readonly Dictionary<string, string> UserForRole = new(StringComparer.Ordinal)
    {
        ["citizen"] = "citizen.bruno",
        ["caseworker"] = "caseworker.david",
        ["platform-admin"] = "admin.jan",
        ["auditor"] = "auditor.karl",
        ["service-designer"] = "designer.ines",
        ["agency"] = "official.lena",
        ["hr-officer"] = "hr.frank",
        ["payroll-officer"] = "payroll.grace",
        ["registrar"] = "registrar.maria",
        ["employee"] = "employee.paula",
        ["business-representative"] = "rep.clara",
        ["procurement-officer"] = "procurement.hugo",
    };

    [Fact]
    public async Task Every_paged_list_refuses_pages_beyond_its_limit_and_answers_the_last_allowed_page()
    {
        using var anonymous = Platform.CreateClient();
        var lists = new List<(string Path, string? Role)>();
        foreach (var document in new[] { "g2c", "g2g", "g2b", "g2e", "notify", "platform" })
        {
            var openApi = await anonymous.GetFromJsonAsync<JsonElement>($"/openapi/{document}.json", Ct);
            foreach (var path in openApi.GetProperty("paths").EnumerateObject())
            {
                if (path.Value.TryGetProperty("get", out var get) && get.TryGetProperty("parameters", out var parameters)
                    && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "page"))
                {
                    var page = parameters.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "page").GetProperty("schema");
                    Assert.Equal(1, page.GetProperty("minimum").GetInt32());
                    Assert.Equal(1_000_000, page.GetProperty("maximum").GetInt32());
                    var access = get.GetProperty("x-egov-access");
                    lists.Add((path.Name, access.GetProperty("anonymous").GetBoolean() ? null : access.GetProperty("roles")[0].GetString()));
                }
            }
        }

        Assert.True(lists.Count >= 9, $"only {lists.Count} paged lists documented");
        foreach (var (path, role) in lists)
        {
            // A list under a resource of its own ({number}, {id}) needs that resource first: the module's own tests page it.
            if (path.Contains('{', StringComparison.Ordinal))
            {
                continue;
            }

            using var client = role is null ? Platform.CreateClient() : await Platform.ClientForAsync(UserForRole[role]);
            var url = path.Contains("/disclosures", StringComparison.Ordinal) && !path.Contains("requests", StringComparison.Ordinal) ? path + "?q=permit&" : path + "?";
            foreach (var page in new[] { "2147483647", "1000001", "0", "-1" })
            {
                using var refused = await client.GetAsync($"{url}page={page}", Ct);
                Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{path}?page={page}: {(int)refused.StatusCode}");
                Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("page", out _), path);
            }

            using var beyondInt = await client.GetAsync($"{url}page=99999999999&pageSize=100", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, beyondInt.StatusCode);

            using var last = await client.GetAsync($"{url}page=1000000&pageSize=100", Ct);
            Assert.True(last.StatusCode == HttpStatusCode.OK, $"{path} last page: {(int)last.StatusCode}");
            var body = await last.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (path.Contains("/ocds/", StringComparison.Ordinal))
            {
                // An OCDS package pages its releases or records; its links say where the neighbouring pages are.
                Assert.Empty(body.GetProperty(path.EndsWith("/records", StringComparison.Ordinal) ? "records" : "releases").EnumerateArray());
                continue;
            }

            Assert.Empty(body.GetProperty("items").EnumerateArray());
            Assert.Equal(1_000_000, body.GetProperty("page").GetInt32());
        }
    }

    [Theory]
    [InlineData("\"AB\\u0000-1\"", "NUL")]
    [InlineData("\"AB\\ud800-1\"", "Unicode")]
    [InlineData("\"AB\\udc00\"", "Unicode")]
    public async Task Free_form_fields_with_text_PostgreSQL_cannot_hold_are_refused_and_nothing_is_written(string plate, string message)
    {
        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        var before = await CountAsync("SELECT count(*) FROM g2c.applications");
        var auditBefore = await CountAsync("SELECT count(*) FROM g2c.audit_log");

        var json = $$$"""{"serviceCode":"parking-permit","fields":{"plate":{{{plate}}},"zone":3,"resident":true}}""";
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/g2c/applications") { Content = Json(json) };
        submit.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await AssertRefusedAsync(await bruno.SendAsync(submit, Ct), "fields.plate", message);

        using var draft = await bruno.PutAsync("/api/g2c/session/drafts/parking-permit", Json($$$"""{"fields":{"plate":{{{plate}}}}}"""), Ct);
        await AssertRefusedAsync(draft, "fields.plate", message);

        // In a property name too, and nested in arrays.
        using var name = await bruno.PutAsync("/api/g2c/session/drafts/parking-permit", Json($$$"""{"fields":{{{{plate}}}:1}}"""), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, name.StatusCode);
        using var nested = await bruno.PutAsync("/api/g2c/session/drafts/parking-permit", Json($$$"""{"fields":{"list":[1,{"a":[{{{plate}}}]}]}}"""), Ct);
        await AssertRefusedAsync(nested, "fields.list[1].a[0]", message);

        Assert.Equal(before, await CountAsync("SELECT count(*) FROM g2c.applications"));
        Assert.Equal(auditBefore, await CountAsync("SELECT count(*) FROM g2c.audit_log"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM g2c.grain_state WHERE state::text LIKE '%AB%-1%'"));
    }

    [Fact]
    public async Task Invalid_UTF8_bytes_in_a_JSON_body_are_refused()
    {
        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        var prefix = Encoding.UTF8.GetBytes("""{"fields":{"plate":"AB""");
        var suffix = Encoding.UTF8.GetBytes("\"}}");
        byte[] body = [.. prefix, 0xC3, 0x28, 0xFF, .. suffix];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await bruno.PutAsync("/api/g2c/session/drafts/parking-permit", content, Ct);
        await AssertRefusedAsync(response, "fields.plate", "Unicode");
    }

    [Fact]
    public async Task NUL_in_typed_properties_and_query_parameters_is_refused_in_every_module()
    {
        using var admin = await Platform.ClientForAsync("admin.jan");
        var agenciesBefore = await CountAsync("SELECT count(*) FROM g2g.agencies");
        using var agency = await admin.PostAsync("/api/g2g/agencies", Json("""{"code":"NUL","name":"Null\u0000Office","level":"national"}"""), Ct);
        await AssertRefusedAsync(agency, "name", "NUL");
        Assert.Equal(agenciesBefore, await CountAsync("SELECT count(*) FROM g2g.agencies"));

        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        var requestsBefore = await CountAsync("SELECT count(*) FROM g2c.disclosure_requests");
        using var disclosure = await bruno.PostAsync("/api/g2c/disclosure-requests", Json("""{"agencyCode":"NCR","title":"A\u0000","question":"Why?"}"""), Ct);
        await AssertRefusedAsync(disclosure, "title", "NUL");
        Assert.Equal(requestsBefore, await CountAsync("SELECT count(*) FROM g2c.disclosure_requests"));

        using var anonymous = Platform.CreateClient();
        foreach (var (url, parameter) in new[]
                 {
                     ("/api/g2c/disclosures?q=permit%00", "q"),
                     ("/api/g2g/agencies?parentCode=MO%00I", "parentCode"),
                     ("/api/g2g/agencies?q=%00", "q"),
                     ("/api/g2c/services?agency=NCR%00", "agency"),
                 })
        {
            await AssertRefusedAsync(await anonymous.GetAsync(url, Ct), parameter, "NUL");
        }

        // A NUL in the path never reaches the platform: Kestrel refuses it (see SecurityHeadersTests).
    }

    [Fact]
    public async Task A_conflict_problem_has_one_status_member_and_it_is_the_HTTP_status()
    {
        using var bruno = await Platform.ClientForAsync("citizen.bruno");
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/g2c/applications")
        {
            Content = JsonContent.Create(new { serviceCode = "parking-permit", fields = new { plate = "HD-4242", zone = 2, resident = true } }),
        };
        submit.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var created = await bruno.SendAsync(submit, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();

        (await bruno.PostAsync($"/api/g2c/applications/{id}/withdraw", null, Ct)).EnsureSuccessStatusCode();
        using var twice = await bruno.PostAsync($"/api/g2c/applications/{id}/withdraw", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var raw = await twice.Content.ReadAsStringAsync(Ct);
        Assert.Single(StatusMember().Matches(raw));
        using var problem = JsonDocument.Parse(raw);
        Assert.Equal(409, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Withdrawn", problem.RootElement.GetProperty("currentStatus").GetString());
        Assert.Empty(problem.RootElement.GetProperty("allowedTransitions").EnumerateArray());
    }

    [Fact]
    public void No_module_can_name_an_extension_like_a_standard_problem_member()
    {
        foreach (var member in new[] { "status", "title", "type", "detail", "instance", "Status" })
        {
            Assert.Throws<ArgumentException>(() => EGov.SharedKernel.Http.Problems.Conflict("x", new Dictionary<string, object?> { [member] = "y" }));
        }

        var extensions = new Dictionary<string, object?> { ["status"] = "Withdrawn", ["currentStatus"] = "Withdrawn" };
        Assert.Equal(["status"], EGov.SharedKernel.Http.Problems.RemoveReservedExtensions(extensions));
        Assert.Equal(["currentStatus"], extensions.Keys);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<long> CountAsync(string sql) => Database.CountAsync(Platform.ConnectionString, sql);

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string message)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}': {text}");
            Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(message, StringComparison.Ordinal));
        }
    }

    [GeneratedRegex("\"status\"\\s*:")]
    private static partial Regex StatusMember();
}
