namespace EGov.Citizens.Contracts;

/// <summary>A citizen's basic record as the G2C module knows it (from the citizen's own sign-ins).</summary>
public sealed record CitizenRecord(string Subject, string? GivenName, string? FamilyName, string? Email, string Language, DateTimeOffset RegisteredAt);

/// <summary>Current reads of citizens' basic records, for other modules. The national id is personal data: never log it.</summary>
public interface ICitizenDirectory
{
    /// <summary>The record of the citizen with this national id, or null when the citizen has never used the portal.</summary>
    Task<CitizenRecord?> FindByNationalIdAsync(string nationalId, CancellationToken cancellationToken);
}
