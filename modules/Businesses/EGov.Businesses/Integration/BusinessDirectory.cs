using EGov.Businesses.Contracts;
using EGov.Businesses.Features.Registry;
using EGov.Businesses.Features.Representation;
using EGov.Businesses.Persistence;

namespace EGov.Businesses.Integration;

/// <summary><see cref="IBusinessDirectory"/> over the register, as of today by the platform clock.</summary>
internal sealed class BusinessDirectory(BusinessesDb db, BusinessPowers powers, TimeProvider clock) : IBusinessDirectory
{
    public async Task<BusinessEntry?> FindAsync(string number, CancellationToken cancellationToken)
    {
        if (!Register.IsNumber(number) || await Register.LoadAsync(db, number, track: false, cancellationToken) is not { } business)
        {
            return null;
        }

        var state = business.AsOf(Register.Today(clock));
        if (state is null)
        {
            return null;
        }

        var a = state.Address;
        return new BusinessEntry(
            business.Number, business.Name, business.Status.ToString(), business.LegalForm.ToString(),
            new BusinessAddress(a.Line1, a.Line2, a.Postcode, a.City, a.Country),
            [.. state.Officers.Select(o => new BusinessOfficer(o.Id, o.Role.ToString(), o.Name, o.AppointedOn))]);
    }

    public async Task<bool> MayActAsync(string number, Representative representative, MandateScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(representative);
        return Register.IsNumber(number)
            && await powers.ResolveAsync(number, representative, Register.Today(clock), cancellationToken) is { } power
            && power.Covers(scope);
    }
}
