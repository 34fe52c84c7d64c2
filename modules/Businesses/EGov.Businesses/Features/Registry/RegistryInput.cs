using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EGov.Businesses.Domain;
using EGov.SharedKernel.Http;

namespace EGov.Businesses.Features.Registry;

internal sealed record AddressRequest(
    [property: Description("Street and number.")] string? Line1,
    string? Line2,
    string? Postcode,
    string? City,
    [property: Description("ISO 3166-1 alpha-2 country code, e.g. PT.")] string? Country);

internal sealed record OfficerRequest(
    [property: Required, AllowedValues("Director", "BoardMember", "Secretary")] string? Role,
    [property: Description("The person's national identifier: personal data, never shown publicly.")] string? NationalId,
    string? GivenName,
    string? FamilyName,
    [property: Description("Home address: personal data, never shown publicly.")] AddressRequest? HomeAddress);

internal sealed record OwnerRequest(
    [property: Description("The person's national identifier: personal data, never shown publicly.")] string? NationalId,
    string? GivenName,
    string? FamilyName,
    [property: Description("Home address: personal data, never shown publicly.")] AddressRequest? HomeAddress,
    [property: Description("Band of shares held."), AllowedValues("None", "Over25To50", "Over50To75", "Over75To100")] string? Shares,
    [property: Description("Band of voting rights held."), AllowedValues("None", "Over25To50", "Over50To75", "Over75To100")] string? Voting,
    [property: Description("Holds the right to appoint or remove a majority of the board.")] bool? AppointsBoard);

internal sealed record MoneyRequest(decimal? Amount, [property: Description("ISO 4217 code, e.g. EUR.")] string? Currency);

/// <summary>Reads the register's input shapes into domain values, recording every mistake under its field path.</summary>
internal static class RegistryInput
{
    public const int MaxOfficers = 50;
    public const int MaxOwners = 50;
    public const int MaxActivityCodes = 20;

    public static Address? Address(AddressRequest? request, string field, ValidationErrors errors, bool required = true)
    {
        if (request is null)
        {
            if (required)
            {
                errors.Add(field, $"'{field}' is required.");
            }

            return null;
        }

        var before = errors.Count;
        Text(request.Line1, $"{field}.line1", 200, errors);
        Text(request.Postcode, $"{field}.postcode", 20, errors);
        Text(request.City, $"{field}.city", 100, errors);
        errors.MaxLength($"{field}.line2", request.Line2, 200);
        if (string.IsNullOrWhiteSpace(request.Country))
        {
            errors.Add($"{field}.country", $"'{field}.country' is required.");
        }
        else if (request.Country.Trim() is not [>= 'A' and <= 'Z', >= 'A' and <= 'Z'])
        {
            errors.Add($"{field}.country", "A country is an ISO 3166-1 alpha-2 code in capitals, e.g. PT.");
        }

        return errors.Count > before
            ? null
            : new Address(request.Line1!.Trim(), string.IsNullOrWhiteSpace(request.Line2) ? null : request.Line2.Trim(), request.Postcode!.Trim(), request.City!.Trim(), request.Country!.Trim());
    }

    public static PersonDetails? Person(string? nationalId, string? givenName, string? familyName, AddressRequest? home, string field, ValidationErrors errors)
    {
        var before = errors.Count;
        var id = NationalId(nationalId, $"{field}.nationalId", errors);
        Text(givenName, $"{field}.givenName", 100, errors);
        Text(familyName, $"{field}.familyName", 100, errors);
        var address = Address(home, $"{field}.homeAddress", errors, required: false);
        return errors.Count > before ? null : new PersonDetails(id!, givenName!.Trim(), familyName!.Trim(), address);
    }

    public static string? NationalId(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"'{field}' is required.");
            return null;
        }

        var id = value.Trim();
        if (id.Length is < 6 or > 20 || !id.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add(field, "A national id is 6 to 20 letters or digits.");
            return null;
        }

        return id;
    }

    public static OfficerAppointment? Officer(OfficerRequest? request, string field, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add(field, $"'{field}' is required.");
            return null;
        }

        var role = Enum<OfficerRole>(request.Role, $"{field}.role", errors, required: true);
        var person = Person(request.NationalId, request.GivenName, request.FamilyName, request.HomeAddress, field, errors);
        return role is null || person is null ? null : new OfficerAppointment(role.Value, person);
    }

    public static OwnerNotice? Owner(OwnerRequest? request, string field, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add(field, $"'{field}' is required.");
            return null;
        }

        var before = errors.Count;
        var person = Person(request.NationalId, request.GivenName, request.FamilyName, request.HomeAddress, field, errors);
        var shares = Enum<ControlBand>(request.Shares, $"{field}.shares", errors, required: false) ?? ControlBand.None;
        var voting = Enum<ControlBand>(request.Voting, $"{field}.voting", errors, required: false) ?? ControlBand.None;
        var control = new NatureOfControl(shares, voting, request.AppointsBoard ?? false);
        if (errors.Count == before && !control.IsAny)
        {
            errors.Add(field, "A beneficial owner holds more than 25 % of shares or votes, or the right to appoint or remove the board.");
        }

        return errors.Count > before ? null : new OwnerNotice(person!, control);
    }

    public static List<string>? Codes(List<string?>? codes, string field, ValidationErrors errors)
    {
        if (codes is null || codes.Count == 0)
        {
            errors.Add(field, $"'{field}' lists at least one NACE Rev. 2 activity code (division, group or class, e.g. 62.0).");
            return null;
        }

        if (codes.Count > MaxActivityCodes)
        {
            errors.Add(field, $"At most {MaxActivityCodes} activity codes.");
            return null;
        }

        var before = errors.Count;
        var result = new List<string>();
        for (var i = 0; i < codes.Count; i++)
        {
            var code = codes[i]?.Trim();
            if (string.IsNullOrEmpty(code) || !ActivityCodes.Shipped.IsActivity(code))
            {
                errors.Add($"{field}[{i}]", "Not a NACE Rev. 2 division, group or class (see GET /api/g2b/activity-codes).");
            }
            else if (!result.Contains(code))
            {
                result.Add(code);
            }
        }

        return errors.Count > before ? null : result;
    }

    public static T? Enum<T>(string? value, string field, ValidationErrors errors, bool required)
        where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"'{field}' is required: one of {string.Join(", ", System.Enum.GetNames<T>())}.");
            }

            return null;
        }

        if (System.Enum.GetNames<T>().Contains(value, StringComparer.Ordinal) && System.Enum.TryParse<T>(value, ignoreCase: false, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, $"'{field}' is one of {string.Join(", ", System.Enum.GetNames<T>())}.");
        return null;
    }

    public static void Text(string? value, string field, int max, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"'{field}' is required.");
        }
        else if (value.Trim().Length > max)
        {
            errors.Add(field, $"'{field}' is at most {max} characters.");
        }
    }
}
