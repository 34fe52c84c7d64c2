namespace EGov.Citizens.Contracts;

/// <summary>A citizen's basic record as the G2C module knows it (from the citizen's own sign-ins).</summary>
public sealed record CitizenRecord(string Subject, string? GivenName, string? FamilyName, string? Email, string Language, DateTimeOffset RegisteredAt);

/// <summary>Current reads of citizens' basic records, for other modules. The national id is personal data: never log it.</summary>
public interface ICitizenDirectory
{
    /// <summary>The record of the citizen with this national id, or null when the citizen has never used the portal.</summary>
    Task<CitizenRecord?> FindByNationalIdAsync(string nationalId, CancellationToken cancellationToken);
}

/// <summary>
/// How a citizen wants to be told about their affairs (G2C's profile): the address and language, and whether they chose
/// email and text messages besides the in-platform inbox (which always gets a copy). Personal data: never log it.
/// </summary>
public sealed record CitizenContact(string Subject, string? Email, string? PhoneNumber, string Language, bool PrefersEmail, bool PrefersSms);

/// <summary>The contact point and preferences of a citizen, for the platform's notifications.</summary>
public interface ICitizenContacts
{
    /// <summary>The citizen with this token subject, or null when they have never used the portal.</summary>
    Task<CitizenContact?> FindBySubjectAsync(string subject, CancellationToken cancellationToken);
}
