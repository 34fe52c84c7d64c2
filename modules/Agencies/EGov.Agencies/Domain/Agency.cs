using System.Text.RegularExpressions;

namespace EGov.Agencies.Domain;

internal enum AgencyLevel
{
    National,
    Regional,
    Municipal,
}

internal enum AgencyStatus
{
    Active,
    Inactive,
}

/// <summary>A public body in the registry. The code is its permanent identifier (e.g. <c>NCR</c>).</summary>
internal sealed partial class Agency
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;

    private Agency()
    {
    }

    public string Code { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public AgencyLevel Level { get; private set; }

    public string? ParentCode { get; private set; }

    public string? ContactEmail { get; private set; }

    public AgencyStatus Status { get; private set; }

    /// <summary>Starts at 1 and grows with every change; published with every event.</summary>
    public long Version { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Agency Register(string code, AgencyDetails details, DateTimeOffset now) => new()
    {
        Code = code,
        Name = details.Name,
        Level = details.Level,
        ParentCode = details.ParentCode,
        ContactEmail = details.ContactEmail,
        Status = AgencyStatus.Active,
        Version = 1,
        RegisteredAt = now,
        UpdatedAt = now,
    };

    /// <summary>Applies new details; returns false (and changes nothing) when they equal the current ones.</summary>
    public bool Update(AgencyDetails details, AgencyStatus status, DateTimeOffset now)
    {
        if (Name == details.Name && Level == details.Level && ParentCode == details.ParentCode &&
            ContactEmail == details.ContactEmail && Status == status)
        {
            return false;
        }

        Name = details.Name;
        Level = details.Level;
        ParentCode = details.ParentCode;
        ContactEmail = details.ContactEmail;
        Status = status;
        Version++;
        UpdatedAt = now;
        return true;
    }

    public static bool IsValidCode(string code) => CodePattern().IsMatch(code);

    public static bool IsValidEmail(string email) => EmailPattern().IsMatch(email);

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,15}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")]
    private static partial Regex EmailPattern();
}

/// <summary>The editable part of an agency.</summary>
internal sealed record AgencyDetails(string Name, AgencyLevel Level, string? ParentCode, string? ContactEmail);
