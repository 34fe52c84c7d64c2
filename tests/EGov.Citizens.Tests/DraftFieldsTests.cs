using System.Text.Json;
using EGov.Citizens.Sessions;
using Xunit;

namespace EGov.Citizens.Tests;

/// <summary>The compact form drafts are kept in while a session is active, and its stored JSON.</summary>
public sealed class DraftFieldsTests
{
    [Fact]
    public void Setting_fields_replaces_in_place_and_appends_new_ones_without_touching_the_original()
    {
        var first = DraftFields.Empty.With(new Dictionary<string, string> { ["name"] = "\"Anna\"", ["age"] = "41" });
        var second = first.With(new Dictionary<string, string> { ["age"] = "42", ["city"] = "{\"zip\":\"1000\"}" });

        Assert.Equal("""{"name":"Anna","age":41}""", first.ToJson());
        Assert.Equal(2, first.Count);
        Assert.Equal("""{"name":"Anna","age":42,"city":{"zip":"1000"}}""", second.ToJson());
        Assert.Equal(3, second.Count);
        using var parsed = second.Parse();
        Assert.Equal("{\"zip\":\"1000\"}", parsed.RootElement.GetProperty("city").GetRawText());
    }

    [Fact]
    public void A_session_state_round_trips_with_its_drafts_as_plain_json_objects()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var stored = """{"drafts":{"passport":{"fields":{"name":"Anna","children":[1,2]},"createdAt":"2026-01-02T03:04:05+00:00","savedAt":"2026-01-02T03:05:05+00:00"}},"unreadCount":2}""";

        var state = JsonSerializer.Deserialize<CitizenSessionState>(stored, options)!;
        Assert.Equal(2, state.Drafts["passport"].Fields.Count);
        Assert.Equal("""{"name":"Anna","children":[1,2]}""", state.Drafts["passport"].Fields.ToJson());

        var written = JsonSerializer.SerializeToElement(state, options);
        Assert.Equal("Anna", written.GetProperty("drafts").GetProperty("passport").GetProperty("fields").GetProperty("name").GetString());
        Assert.Equal(2, written.GetProperty("unreadCount").GetInt32());
    }

    [Fact]
    public void Stored_fields_that_are_not_an_object_are_refused()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DraftState>("""{"fields":[1,2]}""", options));
    }
}
