using System.Text.Json;
using EGov.BuildingBlocks.Casework;
using EGov.BuildingBlocks.Forms;
using EGov.BuildingBlocks.Texts;
using EGov.Citizens.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EGov.Citizens.Persistence;

/// <summary>
/// How a catalogue service's definitions sit in <c>g2c.services</c>: texts, form, lifecycle, document template and
/// roles as <c>jsonb</c>, each in the JSON its block reads (the same JSON a package carries). Stored values were
/// checked when they were published; reading one that is not valid fails loudly.
/// </summary>
internal static class ServiceColumns
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static void Map(EntityTypeBuilder<CatalogueService> e)
    {
        e.Property(s => s.TitleText).HasColumnName("title").HasColumnType("jsonb")
            .HasConversion(t => t.ToJson(), s => LocalizedText.FromJson(s), Comparer<LocalizedText>(t => t.ToJson()));
        e.Property(s => s.DescriptionText).HasColumnName("description").HasColumnType("jsonb")
            .HasConversion(t => t.ToJson(), s => LocalizedText.FromJson(s), Comparer<LocalizedText>(t => t.ToJson()));
        e.Property(s => s.RequiredDocuments).HasColumnType("jsonb")
            .HasConversion(d => DocumentsToJson(d), s => DocumentsFromJson(s), Comparer<IReadOnlyList<LocalizedText>>(DocumentsToJson));
        e.Property(s => s.Form).HasColumnType("jsonb")
            .HasConversion(f => f.ToJson(), s => FormDefinition.FromJson(s), Comparer<FormDefinition>(f => f.ToJson()));
        e.Property(s => s.Lifecycle).HasColumnType("jsonb")
            .HasConversion(l => l.ToJson(), s => LifecycleDefinition.FromJson(s), Comparer<LifecycleDefinition>(l => l.ToJson()));
        e.Property(s => s.DocumentTemplate).HasColumnType("jsonb")
            .HasConversion(t => TemplateToJson(t!), s => TemplateFromJson(s), Comparer<DocumentTemplate?>(t => t == null ? string.Empty : TemplateToJson(t)));
        e.Property(s => s.Roles).HasColumnType("jsonb")
            .HasConversion(r => JsonSerializer.Serialize(r, Json), s => JsonSerializer.Deserialize<ServiceRoles>(s, Json)!, Comparer<ServiceRoles>(r => JsonSerializer.Serialize(r, Json)));
    }

    public static string DocumentsToJson(IReadOnlyList<LocalizedText> documents) => JsonSerializer.Serialize(documents, Json);

    public static IReadOnlyList<LocalizedText> DocumentsFromJson(string json) => JsonSerializer.Deserialize<List<LocalizedText>>(json, Json) ?? [];

    public static string TemplateToJson(DocumentTemplate template) => JsonSerializer.Serialize(template, Json);

    public static DocumentTemplate TemplateFromJson(string json) => JsonSerializer.Deserialize<DocumentTemplate>(json, Json)!;

    /// <summary>Values are immutable: equal when their JSON is.</summary>
    private static ValueComparer<T> Comparer<T>(Func<T, string> json) => new(
        (a, b) => ReferenceEquals(a, b) || (a != null && b != null && json(a) == json(b)),
        v => v == null ? 0 : StringComparer.Ordinal.GetHashCode(json(v)),
        v => v);
}
