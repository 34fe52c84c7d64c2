using System.Text.Json;
using System.Text.Json.Serialization;
using EGov.BuildingBlocks.Parties;
using EGov.BuildingBlocks.Texts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EGov.BuildingBlocks.Notices;

/// <summary>
/// Maps the block's tables into a module's own schema (a module's migration creates them):
/// <c>modelBuilder.MapNotices()</c> (table <c>notices</c>) and <c>modelBuilder.MapNoticeTemplates()</c>
/// (table <c>notice_templates</c>). Column names follow the platform's snake_case convention.
/// </summary>
public static class NoticeModel
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static ModelBuilder MapNotices(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Notice>(e =>
        {
            e.ToTable("notices");
            e.HasKey(n => n.Id);
            e.Property(n => n.Id).ValueGeneratedNever();
            e.Ignore(n => n.Recipient);
            e.Property(n => n.RecipientKind).HasConversion<string>().HasMaxLength(20);
            e.Property(n => n.RecipientId).HasMaxLength(PartyRef.MaxIdLength);
            e.Property(n => n.RegardingReference).HasMaxLength(NoticeRegarding.MaxReferenceLength);
            e.Property(n => n.TemplateKey).HasMaxLength(NoticeTemplate.MaxKeyLength);
            e.Property(n => n.Language).HasMaxLength(Notice.MaxLanguageLength);
            e.Property(n => n.Subject).HasMaxLength(Notice.MaxSubjectLength);
            e.Property(n => n.Body).HasMaxLength(Notice.MaxBodyLength);
            e.HasIndex(n => new { n.RecipientKind, n.RecipientId, n.CreatedAt });
            e.HasIndex(n => new { n.RecipientKind, n.RecipientId }).HasFilter("read_at IS NULL").HasDatabaseName("ix_notices_unread");
            e.HasIndex(n => n.RegardingCaseId);
        });
        return modelBuilder;
    }

    public static ModelBuilder MapNoticeTemplates(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var text = new ValueConverter<LocalizedText, string>(t => t.ToJson(), json => LocalizedText.FromJson(json));

        // Localized text enumerates its languages, so EF would compare it as a collection by reference: compare the JSON.
        var sameText = new ValueComparer<LocalizedText>(
            (a, b) => a == null ? b == null : b != null && a.ToJson() == b.ToJson(),
            t => t.ToJson().GetHashCode(StringComparison.Ordinal),
            t => LocalizedText.FromJson(t.ToJson()));
        var parameters = new ValueConverter<IReadOnlyList<NoticeParameter>, string>(
            p => JsonSerializer.Serialize(p, Json),
            json => JsonSerializer.Deserialize<List<NoticeParameter>>(json, Json) ?? new List<NoticeParameter>());
        var sameParameters = new ValueComparer<IReadOnlyList<NoticeParameter>>(
            (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
            p => p.Aggregate(0, (hash, parameter) => HashCode.Combine(hash, parameter)),
            p => p.ToList());
        modelBuilder.Entity<NoticeTemplate>(e =>
        {
            e.ToTable("notice_templates");
            e.HasKey(t => new { t.Key, t.Version });
            e.Property(t => t.Key).HasMaxLength(NoticeTemplate.MaxKeyLength);
            e.Property(t => t.Parameters).HasColumnType("jsonb").HasConversion(parameters, sameParameters);
            e.Property(t => t.Subject).HasColumnType("jsonb").HasConversion(text, sameText);
            e.Property(t => t.Body).HasColumnType("jsonb").HasConversion(text, sameText);
            e.Property(t => t.DateFormat).HasColumnType("jsonb").HasConversion(text, sameText);
            e.Property(t => t.CreatedBy).HasMaxLength(NoticeTemplate.MaxCreatedByLength);
        });
        return modelBuilder;
    }
}
