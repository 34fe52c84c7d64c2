using System.Text.Json;
using EGov.Businesses.Domain;

namespace EGov.Businesses.Features.Registry;

internal sealed record AddressResponse(string Line1, string? Line2, string Postcode, string City, string Country)
{
    public static AddressResponse From(Address a) => new(a.Line1, a.Line2, a.Postcode, a.City, a.Country);
}

internal sealed record MoneyResponse(decimal Amount, string Currency);

internal sealed record ActivityResponse(string Code, string Title);

internal sealed record ConfirmationResponse(DateOnly DueOn, bool Overdue);

internal sealed record PublicOfficerResponse(Guid Id, OfficerRole Role, string Name, DateOnly AppointedOn, DateOnly? CeasedOn);

internal sealed record PublicOwnerResponse(Guid Id, string Name, ControlBand Shares, ControlBand Voting, bool AppointsBoard, DateOnly NotifiedOn, DateOnly? CeasedOn);

/// <summary>The open-data view of a business on a day: never a national id or a home address.</summary>
internal sealed record PublicBusinessResponse(
    string Number,
    string Name,
    BusinessStatus Status,
    LegalForm LegalForm,
    DateOnly AsOf,
    AddressResponse RegisteredAddress,
    IReadOnlyList<ActivityResponse> Activities,
    MoneyResponse ShareCapital,
    DateOnly FoundedOn,
    DateOnly RegisteredOn,
    ConfirmationResponse AnnualConfirmation,
    IReadOnlyList<PublicOfficerResponse> Officers,
    IReadOnlyList<PublicOwnerResponse> BeneficialOwners)
{
    public static PublicBusinessResponse From(Business b, RegisterState state, DateOnly today) => new(
        b.Number, b.Name, b.Status, b.LegalForm, state.AsOf, AddressResponse.From(state.Address), ActivitiesOf(b),
        new MoneyResponse(b.ShareCapital, b.ShareCapitalCurrency), b.FoundedOn, b.RegisteredOn,
        new ConfirmationResponse(b.ConfirmationDueOn, b.ConfirmationOverdueOn(today)),
        [.. state.Officers.Select(o => new PublicOfficerResponse(o.Id, o.Role, o.Name, o.AppointedOn, o.CeasedOn))],
        [.. state.Owners.Select(o => new PublicOwnerResponse(o.Id, o.Name, o.Shares, o.Voting, o.AppointsBoard, o.NotifiedOn, o.CeasedOn))]);

    public static IReadOnlyList<ActivityResponse> ActivitiesOf(Business b) =>
        [.. b.ActivityCodes.Select(c => new ActivityResponse(c, ActivityCodes.Shipped.Find(c)?.Title ?? c))];
}

internal sealed record OfficerResponse(
    Guid Id, OfficerRole Role, string NationalId, string GivenName, string FamilyName, AddressResponse? HomeAddress,
    DateOnly AppointedOn, DateOnly? CeasedOn, Guid AppointedByFiling, Guid? CeasedByFiling);

internal sealed record OwnerResponse(
    Guid Id, string NationalId, string GivenName, string FamilyName, AddressResponse? HomeAddress, ControlBand Shares, ControlBand Voting,
    bool AppointsBoard, DateOnly NotifiedOn, DateOnly? CeasedOn);

internal sealed record PendingAddressResponse(AddressResponse Address, DateOnly EffectiveFrom, Guid FilingId);

/// <summary>
/// The full record a representative (officer or mandate holder) or a registrar reads: officers and owners with
/// national id and home address, every officer and owner that ever held office, and changes filed for later days.
/// </summary>
internal sealed record BusinessRecordResponse(
    Guid Id,
    string Number,
    string Name,
    BusinessStatus Status,
    LegalForm LegalForm,
    DateOnly AsOf,
    AddressResponse RegisteredAddress,
    IReadOnlyList<PendingAddressResponse> PendingAddressChanges,
    IReadOnlyList<ActivityResponse> Activities,
    MoneyResponse ShareCapital,
    DateOnly FoundedOn,
    DateOnly RegisteredOn,
    ConfirmationResponse AnnualConfirmation,
    IReadOnlyList<OfficerResponse> OfficersInOffice,
    IReadOnlyList<OwnerResponse> BeneficialOwnersInNotice,
    IReadOnlyList<OfficerResponse> AllOfficers,
    IReadOnlyList<OwnerResponse> AllBeneficialOwners,
    int FilingCount)
{
    public static BusinessRecordResponse From(Business b, RegisterState state, DateOnly today) => new(
        b.Id, b.Number, b.Name, b.Status, b.LegalForm, state.AsOf, AddressResponse.From(state.Address),
        [.. b.PendingAddresses(state.AsOf).Select(a => new PendingAddressResponse(AddressResponse.From(a.Address), a.EffectiveFrom, a.FilingId))],
        PublicBusinessResponse.ActivitiesOf(b), new MoneyResponse(b.ShareCapital, b.ShareCapitalCurrency), b.FoundedOn, b.RegisteredOn,
        new ConfirmationResponse(b.ConfirmationDueOn, b.ConfirmationOverdueOn(today)),
        [.. state.Officers.Select(Officer)], [.. state.Owners.Select(Owner)],
        [.. b.Officers.OrderBy(o => o.AppointedOn).Select(Officer)], [.. b.Owners.OrderBy(o => o.NotifiedOn).Select(Owner)],
        b.FilingCount);

    private static OfficerResponse Officer(Officer o) => new(
        o.Id, o.Role, o.NationalId, o.GivenName, o.FamilyName, o.HomeAddress is null ? null : AddressResponse.From(o.HomeAddress),
        o.AppointedOn, o.CeasedOn, o.AppointedByFiling, o.CeasedByFiling);

    private static OwnerResponse Owner(BeneficialOwner o) => new(
        o.Id, o.NationalId, o.GivenName, o.FamilyName, o.HomeAddress is null ? null : AddressResponse.From(o.HomeAddress),
        o.Shares, o.Voting, o.AppointsBoard, o.NotifiedOn, o.CeasedOn);
}

/// <summary>A ledger entry as anyone may read it: kind, dates, footing and open-data details (never who filed, by name or id).</summary>
internal sealed record FilingResponse(
    Guid Id,
    int Sequence,
    FilingKind Kind,
    DateOnly EffectiveOn,
    bool InEffect,
    DateTimeOffset FiledAt,
    FilerKind FiledAs,
    Guid? Corrects,
    IReadOnlyList<Guid> CorrectedBy,
    JsonElement Details)
{
    public static FilingResponse From(Filing f, IReadOnlyList<Guid> correctedBy, DateOnly today)
    {
        using var details = JsonDocument.Parse(f.Details);
        return new(f.Id, f.Sequence, f.Kind, f.EffectiveOn, f.EffectiveOn <= today, f.FiledAt, f.FiledAs, f.Corrects, correctedBy, details.RootElement.Clone());
    }
}

internal sealed record BusinessSearchHit(string Number, string Name, BusinessStatus Status, LegalForm LegalForm, DateOnly RegisteredOn, float Rank);
