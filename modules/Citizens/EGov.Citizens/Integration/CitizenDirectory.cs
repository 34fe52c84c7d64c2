using EGov.Citizens.Contracts;
using EGov.Citizens.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.Citizens.Integration;

/// <summary>The G2C side of <see cref="ICitizenDirectory"/>: reads the module's citizen profiles.</summary>
internal sealed class CitizenDirectory(CitizensDb db) : ICitizenDirectory
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
}
