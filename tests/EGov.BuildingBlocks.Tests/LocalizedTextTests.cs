using System.Text.Json;
using EGov.BuildingBlocks.Texts;
using EGov.SharedKernel.Http;

namespace EGov.BuildingBlocks.Tests;

public sealed class LocalizedTextTests
{
    private static readonly LocalizedText Title = LocalizedText.Of([new("en", "Building permit"), new("fr", "Permis de construire"), new("pt-BR", "Alvará")]);

    [Theory]
    [InlineData("fr", "Permis de construire")]
    [InlineData("fr-BE", "Permis de construire")]
    [InlineData("pt-BR", "Alvará")]
    [InlineData("de", "Building permit")]
    [InlineData(null, "Building permit")]
    public void Reads_in_a_language_with_the_stated_fallback(string? language, string expected) =>
        Assert.Equal(expected, Title.In(language));

    [Fact]
    public void Without_the_default_language_the_first_language_in_ordinal_order_is_read()
    {
        var text = LocalizedText.Of([new("nl", "Bouwvergunning"), new("de", "Baugenehmigung")]);
        Assert.Equal("Baugenehmigung", text.In("fr"));
        Assert.Equal(string.Empty, LocalizedText.Empty.In("en"));
    }

    [Fact]
    public void Round_trips_as_a_json_object()
    {
        var json = JsonSerializer.Serialize(Title);
        Assert.Equal("{\"en\":\"Building permit\",\"fr\":\"Permis de construire\",\"pt-BR\":\"Alvar\\u00E1\"}", json);
        Assert.Equal(Title, JsonSerializer.Deserialize<LocalizedText>(json));
        Assert.Equal(Title, LocalizedText.FromJson(Title.ToJson()));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LocalizedText>("{\"EN\":\"x\"}"));
    }

    [Fact]
    public void Validation_names_each_wrong_language_and_text()
    {
        var errors = new ValidationErrors();
        var result = LocalizedText.Validate(
            new Dictionary<string, string?> { ["en"] = "ok", ["FR"] = "non", ["de"] = " ", ["es"] = new string('x', 11) }, "title", errors, 10);
        Assert.Null(result);
        var found = errors.ToDictionary();
        Assert.Equal(["title.FR", "title.de", "title.es"], found.Keys.Order(StringComparer.Ordinal));

        var missing = new ValidationErrors();
        Assert.Null(LocalizedText.Validate(null, "title", missing, 10));
        Assert.True(missing.ToDictionary().ContainsKey("title"));
        Assert.Same(LocalizedText.Empty, LocalizedText.Validate(null, "help", new ValidationErrors(), 10, required: false));

        var valid = LocalizedText.Validate(new Dictionary<string, string?> { ["en"] = " Title " }, "title", new ValidationErrors(), 10);
        Assert.Equal("Title", valid!.In("en"));
    }
}
