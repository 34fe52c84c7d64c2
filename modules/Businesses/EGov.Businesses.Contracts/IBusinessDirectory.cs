namespace EGov.Businesses.Contracts;

/// <summary>
/// What a representative may do for a business. Licence and procurement actions of other features use the same
/// scopes: an officer in office holds every scope, a mandate holder the scopes of their mandate.
/// </summary>
public enum MandateScope
{
    /// <summary>File changes to the register (address, officers, owners, annual confirmation, corrections).</summary>
    Filings,

    /// <summary>Apply for, renew and answer on licences and permits.</summary>
    Licences,

    /// <summary>Take part in public procurement: enquiries, bids, complaints.</summary>
    Procurement,
}

/// <summary>Who acts: a natural person (by national id) or a system user (a service-account client, by client id).</summary>
public enum RepresentativeKind
{
    Person,
    SystemUser,
}

/// <summary>A representative. The national id of a person is personal data: never log it.</summary>
public sealed record Representative(RepresentativeKind Kind, string Id)
{
    public static Representative Person(string nationalId) => new(RepresentativeKind.Person, nationalId);

    public static Representative SystemUser(string clientId) => new(RepresentativeKind.SystemUser, clientId);

    public override string ToString() => Kind.ToString();
}

/// <summary>An officer in office, as other modules may show them (no national id, no home address).</summary>
public sealed record BusinessOfficer(Guid OfficerId, string Role, string Name, DateOnly AppointedOn);

/// <summary>A business as the register shows it today (open data).</summary>
public sealed record BusinessEntry(
    string Number,
    string Name,
    string Status,
    string LegalForm,
    BusinessAddress RegisteredAddress,
    IReadOnlyList<BusinessOfficer> Officers);

/// <summary>A postal address.</summary>
public sealed record BusinessAddress(string Line1, string? Line2, string Postcode, string City, string Country);

/// <summary>
/// Current reads of the business register, for other modules (licences, procurement, payments). Answers from the
/// register as of today, by the platform clock.
/// </summary>
public interface IBusinessDirectory
{
    /// <summary>The business with this registration number (<c>BRN-</c> and digits), or null.</summary>
    Task<BusinessEntry?> FindAsync(string number, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the representative may act for the business today within <paramref name="scope"/>: an officer in office,
    /// or the holder of a mandate with that scope that is neither expired nor revoked.
    /// </summary>
    Task<bool> MayActAsync(string number, Representative representative, MandateScope scope, CancellationToken cancellationToken);
}
