namespace EGov.Agencies.Contracts;

/// <summary>Current reads of the agency registry, for modules that cannot work from their local copy.</summary>
public interface IAgencyDirectory
{
    Task<AgencySnapshot?> FindAsync(string code, CancellationToken cancellationToken);
}
