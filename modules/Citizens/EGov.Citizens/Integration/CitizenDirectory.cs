using EGov.Citizens.Contracts;
using EGov.Citizens.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Integration;

/// <summary>The G2C side of <see cref="ICitizenDirectory"/>: reads the module's citizen profiles.</summary>
internal sealed class CitizenDirectory(CitizensDb db) : ICitizenDirectory, ICitizenContacts
{
    public async Task<CitizenRecord?> FindByNationalIdAsync(string nationalId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nationalId);
        return await db.Citizens.AsNoTracking()
            .Where(c => c.NationalId == nationalId)
            .OrderBy(c => c.CreatedAt)
            .Select(c => new CitizenRecord(c.Subject, c.GivenName, c.FamilyName, c.Email, c.Language, c.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<CitizenContact?> FindBySubjectAsync(string subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var citizen = await db.Citizens.AsNoTracking()
            .Where(c => c.Subject == subject)
            .Select(c => new { c.Subject, c.Email, c.Language, c.ContactChannels })
            .SingleOrDefaultAsync(cancellationToken);
        return citizen is null
            ? null
            : new CitizenContact(citizen.Subject, citizen.Email, PhoneNumber: null, citizen.Language,
                citizen.ContactChannels.Contains("email"), citizen.ContactChannels.Contains("sms"));
    }
}
