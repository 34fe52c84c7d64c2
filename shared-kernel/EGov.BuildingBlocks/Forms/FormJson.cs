using System.Text.Json;
using EGov.BuildingBlocks.Texts;

namespace EGov.BuildingBlocks.Forms;

/// <summary>Writes a form definition as its canonical JSON, the shape <see cref="FormDefinitionReader"/> reads.</summary>
internal static class FormJson
{
    public static void Write(Utf8JsonWriter writer, FormDefinition form)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("pages");
        foreach (var page in form.Pages)
        {
            writer.WriteStartObject();
            writer.WriteString("name", page.Name);
            Text(writer, "title", page.Title);
            Condition(writer, page.Condition);
            writer.WriteStartArray("fields");
            foreach (var field in page.Fields)
            {
                Field(writer, field);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Field(Utf8JsonWriter writer, FormField field)
    {
        writer.WriteStartObject();
        writer.WriteString(FieldMembers.Name, field.Name);
        writer.WriteString(FieldMembers.Type, FieldTypes.NameOf(field.Type));
        Text(writer, FieldMembers.Label, field.Label);
        Text(writer, FieldMembers.Hint, field.Hint);
        writer.WriteBoolean(FieldMembers.Required, field.Required);
        Condition(writer, field.Condition);
        Number(writer, FieldMembers.MinLength, field.MinLength);
        Number(writer, FieldMembers.MaxLength, field.MaxLength);
        String(writer, FieldMembers.Pattern, field.Pattern);
        Number(writer, FieldMembers.Min, field.Min);
        Number(writer, FieldMembers.Max, field.Max);
        Number(writer, FieldMembers.Decimals, field.Decimals);
        String(writer, FieldMembers.Currency, field.Currency);
        String(writer, FieldMembers.MinDate, field.MinDate?.ToString());
        String(writer, FieldMembers.MaxDate, field.MaxDate?.ToString());
        if (field.Choices is { } choices)
        {
            writer.WriteStartArray(FieldMembers.Choices);
            foreach (var choice in choices)
            {
                writer.WriteStartObject();
                writer.WriteString("value", choice.Value);
                Text(writer, "label", choice.Label);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        Number(writer, FieldMembers.MinSelections, field.MinSelections);
        Number(writer, FieldMembers.MaxSelections, field.MaxSelections);
        Number(writer, FieldMembers.Length, field.Length);
        if (field.Countries is { } countries)
        {
            writer.WriteStartArray(FieldMembers.Countries);
            foreach (var country in countries)
            {
                writer.WriteStringValue(country);
            }

            writer.WriteEndArray();
        }

        String(writer, FieldMembers.PostalCodePattern, field.PostalCodePattern);
        writer.WriteEndObject();
    }

    private static void Condition(Utf8JsonWriter writer, FieldCondition? condition)
    {
        if (condition is null)
        {
            return;
        }

        writer.WriteStartObject(FieldMembers.Condition);
        writer.WriteString("field", condition.Field);
        writer.WriteStartArray("equals");
        foreach (var value in condition.Values)
        {
            value.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void Text(Utf8JsonWriter writer, string name, LocalizedText? text)
    {
        if (text is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (language, value) in text)
        {
            writer.WriteString(language, value);
        }

        writer.WriteEndObject();
    }

    private static void String(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void Number(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
