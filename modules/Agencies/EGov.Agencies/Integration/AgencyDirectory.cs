using EGov.Agencies.Contracts;
using EGov.Agencies.Features.Registry;
using EGov.Agencies.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EGov.Agencies.Integration;

internal sealed class AgencyDirectory(AgenciesDb db) : IAgencyDirectory
{
    public async Task<AgencySnapshot?> FindAsync(string code, CancellationToken cancellationToken)
    {
        var normalized = code.ToUpperInvariant();
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == normalized, cancellationToken);
        return agency is null ? null : AgencyResponse.Snapshot(agency);
    }
}
