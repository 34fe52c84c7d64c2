using EGov.Employees.Domain;
using EGov.SharedKernel.Http;

namespace EGov.Employees.Features.Establishment;

internal sealed record AddressInput(string? Street, string? PostalCode, string? City, string? Country);

internal sealed record ContactInput(string? Name, string? Relation, string? Phone);

internal sealed record PersonalInput(
    string? NationalId, DateOnly? DateOfBirth, AddressInput? Address, string? Iban, ContactInput? EmergencyContact, string? HealthNotes, string? DisabilityNotes);

/// <summary>Checks of the record's fields, each error under its JSON path; the checked value or null.</summary>
internal static class Inputs
{
    public const int MaxNotesLength = 4000;

    public static string? Text(string? value, string field, int max, ValidationErrors errors, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"'{field}' is required.");
            }

            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > max)
        {
            errors.Add(field, $"'{field}' must be at most {max} characters.");
            return null;
        }

        return trimmed;
    }

    public static string? Iban(string? value, string field, ValidationErrors errors)
    {
        var iban = Domain.Iban.Normalize(value, out var problem);
        if (iban is null)
        {
            errors.Add(field, problem!);
        }

        return iban;
    }

    public static PostalAddress? Address(AddressInput? input, string field, ValidationErrors errors)
    {
        if (input is null)
        {
            errors.Add(field, $"'{field}' is required.");
            return null;
        }

        var street = Text(input.Street, field + ".street", 200, errors);
        var postal = Text(input.PostalCode, field + ".postalCode", 20, errors);
        var city = Text(input.City, field + ".city", 100, errors);
        var country = Text(input.Country, field + ".country", 2, errors)?.ToUpperInvariant();
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
        {
            errors.Add(field + ".country", "'country' is an ISO 3166 alpha-2 code.");
            country = null;
        }

        return street is null || postal is null || city is null || country is null ? null : new PostalAddress(street, postal, city, country);
    }

    public static EmergencyContact? Contact(ContactInput? input, string field, ValidationErrors errors)
    {
        if (input is null)
        {
            errors.Add(field, $"'{field}' is required.");
            return null;
        }

        var name = Text(input.Name, field + ".name", Employee.MaxNameLength * 2, errors);
        var relation = Text(input.Relation, field + ".relation", 50, errors);
        var phone = Phone(input.Phone, field + ".phone", errors, required: true);
        return name is null || relation is null || phone is null ? null : new EmergencyContact(name, relation, phone);
    }

    public static string? Phone(string? value, string field, ValidationErrors errors, bool required)
    {
        var phone = Text(value, field, Employee.MaxPhoneLength, errors, required);
        if (phone is not null && !phone.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')'))
        {
            errors.Add(field, $"'{field}' is a telephone number: digits, spaces and + - ( ).");
            return null;
        }

        return phone;
    }

    public static SensitiveDetails? Personal(PersonalInput? input, DateOnly today, ValidationErrors errors)
    {
        if (input is null)
        {
            errors.Add("personal", "'personal' is required.");
            return null;
        }

        var nationalId = Text(input.NationalId, "personal.nationalId", 20, errors);
        if (nationalId is not null && !nationalId.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("personal.nationalId", "'nationalId' is letters and digits.");
            nationalId = null;
        }

        if (input.DateOfBirth is not { } born)
        {
            errors.Add("personal.dateOfBirth", "'dateOfBirth' is required.");
        }
        else if (born > today.AddYears(-15) || born < today.AddYears(-100))
        {
            errors.Add("personal.dateOfBirth", "'dateOfBirth' makes the employee between 15 and 100 years old.");
        }

        var address = Address(input.Address, "personal.address", errors);
        var iban = Iban(input.Iban, "personal.iban", errors);
        var contact = Contact(input.EmergencyContact, "personal.emergencyContact", errors);
        var health = Text(input.HealthNotes, "personal.healthNotes", MaxNotesLength, errors, required: false);
        var disability = Text(input.DisabilityNotes, "personal.disabilityNotes", MaxNotesLength, errors, required: false);
        return errors.Any || nationalId is null || address is null || iban is null || contact is null || input.DateOfBirth is null
            ? null
            : new SensitiveDetails(nationalId, input.DateOfBirth.Value, address, iban, contact, health, disability);
    }

    public static readonly DateOnly FirstDay = new(1900, 1, 1);
    public static readonly DateOnly LastDay = new(2199, 12, 31);

    /// <summary>Days of the establishment and the payroll lie between 1900 and 2199; false (with an error) outside.</summary>
    public static bool InRange(DateOnly? day, string field, ValidationErrors errors)
    {
        if (day is { } d && (d < FirstDay || d > LastDay))
        {
            errors.Add(field, $"'{field}' is a day between 1900-01-01 and 2199-12-31.");
            return false;
        }

        return true;
    }

    public static decimal? Amount(decimal? value, string field, ValidationErrors errors, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, $"'{field}' is required.");
            }

            return null;
        }

        if (value <= 0 || value > 10_000_000m || decimal.Round(value.Value, Money.Decimals) != value)
        {
            errors.Add(field, $"'{field}' is a positive amount of at most 10,000,000 with at most {Money.Decimals} decimals.");
            return null;
        }

        return value;
    }
}
