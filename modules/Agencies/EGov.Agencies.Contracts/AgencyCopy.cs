using EGov.SharedKernel.Events;

namespace EGov.Agencies.Contracts;

/// <summary>
/// The row other modules keep of each agency, fed by <see cref="AgencyRegistered"/> and <see cref="AgencyUpdated"/>.
/// Each subscribing module maps it to an <c>agencies</c> table in its own schema.
/// </summary>
public sealed class AgencyCopy : ILocalCopy<AgencySnapshot>
{
    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Level { get; set; } = string.Empty;

    public string? ParentCode { get; set; }

    public string Status { get; set; } = string.Empty;

    public long Version { get; set; }

    public void CopyFrom(AgencySnapshot snapshot)
    {
        Code = snapshot.Code;
        Name = snapshot.Name;
        Level = snapshot.Level;
        ParentCode = snapshot.ParentCode;
        Status = snapshot.Status;
        Version = snapshot.Version;
    }
}
