using EGov.Businesses.Contracts;
using EGov.Businesses.Domain;
using EGov.Businesses.Persistence;
using EGov.Businesses.Sessions;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace EGov.Businesses.Features.Representation;

internal enum PowerBasis
{
    /// <summary>An officer in office on the day: powers from the register itself.</summary>
    Officer,

    /// <summary>A mandate valid on the day.</summary>
    Mandate,
}

/// <summary>What a representative may do for a business on a day, and why.</summary>
internal sealed record Power(
    Guid BusinessId,
    string Number,
    PowerBasis Basis,
    Guid? OfficerId,
    OfficerRole? Role,
    Guid? MandateId,
    IReadOnlyList<MandateScope> Scopes)
{
    public bool Covers(MandateScope scope) => Scopes.Contains(scope);
}

/// <summary>
/// Who may act for a business, decided from the register on every request: officers in office hold every scope,
/// holders of a valid mandate the mandate's scopes. Token claims (<c>mandates</c>) play no part.
/// </summary>
internal sealed class BusinessPowers(BusinessesDb db)
{
    public static readonly IReadOnlyList<MandateScope> AllScopes = Enum.GetValues<MandateScope>();

    /// <summary>The representative behind the caller's token: a person by national id, else a system user by client id.</summary>
    public static Representative? RepresentativeOf(ICurrentUser user, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(http);
        if (user.NationalId is { Length: > 0 } nationalId)
        {
            return Representative.Person(nationalId);
        }

        return http.User.FindFirst(PlatformClaims.ClientId)?.Value is { Length: > 0 } clientId
            ? Representative.SystemUser(clientId)
            : null;
    }

    /// <summary>The representative's power for the business on <paramref name="day"/>: officer first, then the widest valid mandate.</summary>
    public async Task<Power?> ResolveAsync(string number, Representative representative, DateOnly day, CancellationToken ct)
    {
        // One round trip for the business and, for a person, their current officer appointment (the common case: a
        // director acting for their own company); a second one only for the mandates of someone who is not an officer.
        var person = representative.Kind == RepresentativeKind.Person;
        var business = await db.Businesses.AsNoTracking()
            .Where(b => b.Number == number)
            .Select(b => new
            {
                b.Id,
                b.Number,
                Officer = db.Officers
                    .Where(o => person && o.BusinessId == b.Id && o.NationalId == representative.Id && o.AppointedOn <= day && (o.CeasedOn == null || o.CeasedOn > day))
                    .OrderBy(o => o.Role)
                    .Select(o => new { o.Id, o.Role })
                    .FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (business is null)
        {
            return null;
        }

        if (business.Officer is { } officer)
        {
            return new Power(business.Id, business.Number, PowerBasis.Officer, officer.Id, officer.Role, null, AllScopes);
        }

        var mandates = await db.Mandates.AsNoTracking()
            .Where(m => m.BusinessId == business.Id && m.HolderKind == representative.Kind && m.HolderId == representative.Id
                && m.RevokedAt == null && m.ValidFrom <= day && m.ExpiresOn >= day)
            .ToListAsync(ct);
        return FromMandates(business.Id, business.Number, mandates);
    }

    /// <summary>The valid mandates of one holder for one business together: the union of their scopes; the one expiring last names it.</summary>
    private static Power? FromMandates(Guid businessId, string number, IReadOnlyList<Mandate> mandates)
    {
        if (mandates.Count == 0)
        {
            return null;
        }

        var scopes = mandates.SelectMany(m => m.Scopes).Distinct().Order().ToList();
        var named = mandates.OrderByDescending(m => m.ExpiresOn).First();
        return new Power(businessId, number, PowerBasis.Mandate, null, null, named.Id, scopes);
    }

    /// <summary>Every business the representative may act for on <paramref name="day"/>.</summary>
    public async Task<IReadOnlyList<(Business Business, Power Power)>> ListAsync(Representative representative, DateOnly day, CancellationToken ct)
    {
        var asOfficer = representative.Kind == RepresentativeKind.Person
            ? await db.Officers.AsNoTracking()
                .Where(o => o.NationalId == representative.Id && o.AppointedOn <= day && (o.CeasedOn == null || o.CeasedOn > day))
                .Select(o => new { o.BusinessId, o.Id, o.Role })
                .ToListAsync(ct)
            : [];
        var mandates = await db.Mandates.AsNoTracking()
            .Where(m => m.HolderKind == representative.Kind && m.HolderId == representative.Id && m.RevokedAt == null && m.ValidFrom <= day && m.ExpiresOn >= day)
            .ToListAsync(ct);
        var ids = asOfficer.Select(o => o.BusinessId).Concat(mandates.Select(m => m.BusinessId)).Distinct().ToList();
        var businesses = await db.Businesses.AsNoTracking().Where(b => ids.Contains(b.Id)).OrderBy(b => b.Name).ToListAsync(ct);
        var result = new List<(Business, Power)>(businesses.Count);
        foreach (var business in businesses)
        {
            var officer = asOfficer.Where(o => o.BusinessId == business.Id).OrderBy(o => o.Role).FirstOrDefault();
            if (officer is not null)
            {
                result.Add((business, new Power(business.Id, business.Number, PowerBasis.Officer, officer.Id, officer.Role, null, AllScopes)));
                continue;
            }

            result.Add((business, FromMandates(business.Id, business.Number, mandates.Where(m => m.BusinessId == business.Id).ToList())!));
        }

        return result;
    }
}

/// <summary>The register's powers as business sessions read them (<see cref="ISessionPowers"/>).</summary>
internal sealed class SessionPowers(BusinessPowers powers) : ISessionPowers
{
    public async Task<SessionPower?> ResolveAsync(string number, Representative representative, DateOnly day) =>
        await powers.ResolveAsync(number, representative, day, CancellationToken.None) is { } power
            ? new SessionPower(power.Basis.ToString(), power.Role?.ToString(), power.MandateId, power.Scopes)
            : null;
}
