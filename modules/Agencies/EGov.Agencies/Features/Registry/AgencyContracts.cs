using EGov.Agencies.Contracts;
using EGov.Agencies.Domain;
using EGov.Agencies.Persistence;
using EGov.SharedKernel.Http;
using Microsoft.EntityFrameworkCore;

namespace EGov.Agencies.Features.Registry;

/// <summary>Body of <c>POST /agencies</c>.</summary>
internal sealed record RegisterAgencyRequest(string? Code, string? Name, string? Level, string? ParentCode, string? ContactEmail);

/// <summary>Body of <c>PUT /agencies/{code}</c>; <c>status</c> is <c>active</c> (default) or <c>inactive</c>.</summary>
internal sealed record UpdateAgencyRequest(string? Name, string? Level, string? ParentCode, string? ContactEmail, string? Status);

internal sealed record AgencyResponse(
    string Code,
    string Name,
    string Level,
    string? ParentCode,
    string? ContactEmail,
    string Status,
    long Version,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt)
{
    public static AgencyResponse From(Agency a) => new(
        a.Code, a.Name, Wire(a.Level), a.ParentCode, a.ContactEmail, Wire(a.Status), a.Version, a.RegisteredAt, a.UpdatedAt);

    public static AgencySnapshot Snapshot(Agency a) =>
        new(a.Code, a.Name, Wire(a.Level), a.ParentCode, a.ContactEmail, Wire(a.Status), a.Version);

    public static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}

/// <summary>The rules shared by registration and update.</summary>
internal static class AgencyInput
{
    public static async Task<AgencyDetails?> ValidateAsync(
        AgenciesDb db, string? code, string? name, string? level, string? parentCode, string? contactEmail,
        ValidationErrors errors, CancellationToken cancellationToken)
    {
        errors.Required("name", name).MaxLength("name", name?.Trim(), Agency.MaxNameLength);
        if (name is { Length: > 0 } && name.Trim().Length < 2)
        {
            errors.Add("name", "'name' must be at least 2 characters.");
        }

        AgencyLevel parsedLevel = default;
        if (string.IsNullOrWhiteSpace(level))
        {
            errors.Add("level", "'level' is required: national, regional or municipal.");
        }
        else if (!TryParse(level, out parsedLevel))
        {
            errors.Add("level", "'level' must be national, regional or municipal.");
        }

        var email = string.IsNullOrWhiteSpace(contactEmail) ? null : contactEmail.Trim();
        if (email is not null && (email.Length > Agency.MaxEmailLength || !Agency.IsValidEmail(email)))
        {
            errors.Add("contactEmail", "'contactEmail' must be an e-mail address.");
        }

        var parent = string.IsNullOrWhiteSpace(parentCode) ? null : parentCode.Trim().ToUpperInvariant();
        if (parent is not null)
        {
            if (parent == code)
            {
                errors.Add("parentCode", "An agency cannot be its own parent.");
            }
            else if (!await db.Agencies.AnyAsync(a => a.Code == parent, cancellationToken))
            {
                errors.Add("parentCode", $"No agency '{parent}' is registered.");
            }
            else if (code is not null && await IsDescendantAsync(db, parent, code, cancellationToken))
            {
                errors.Add("parentCode", $"'{parent}' is below '{code}' in the hierarchy; the parent would form a cycle.");
            }
        }

        return errors.Any ? null : new AgencyDetails(name!.Trim(), parsedLevel, parent, email);
    }

    public static bool TryParse<TEnum>(string value, out TEnum parsed) where TEnum : struct, Enum =>
        Enum.TryParse(value.Trim(), ignoreCase: true, out parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _);

    private static async Task<bool> IsDescendantAsync(AgenciesDb db, string candidate, string ancestor, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = candidate;
        while (current is not null && seen.Add(current))
        {
            if (current == ancestor)
            {
                return true;
            }

            current = await db.Agencies.Where(a => a.Code == current).Select(a => a.ParentCode).FirstOrDefaultAsync(cancellationToken);
        }

        return false;
    }
}
