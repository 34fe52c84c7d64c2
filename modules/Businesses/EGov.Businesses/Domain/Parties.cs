namespace EGov.Businesses.Domain;

/// <summary>A natural person on the register, identified by national id. National id and home address are never open data.</summary>
internal sealed record PersonDetails(string NationalId, string GivenName, string FamilyName, Address? HomeAddress)
{
    public string Name => $"{GivenName} {FamilyName}";
}

/// <summary>What a beneficial owner controls.</summary>
internal sealed record NatureOfControl(ControlBand Shares, ControlBand Voting, bool AppointsBoard)
{
    public bool IsAny => Shares != ControlBand.None || Voting != ControlBand.None || AppointsBoard;
}

/// <summary>An officer of a business (director, board member, secretary), in office from appointment to cessation.</summary>
internal sealed class Officer
{
    private Officer()
    {
    }

    public Officer(Guid id, Guid businessId, OfficerRole role, PersonDetails person, DateOnly appointedOn, Guid appointedBy)
    {
        Id = id;
        BusinessId = businessId;
        Role = role;
        NationalId = person.NationalId;
        GivenName = person.GivenName;
        FamilyName = person.FamilyName;
        HomeAddress = person.HomeAddress;
        AppointedOn = appointedOn;
        AppointedByFiling = appointedBy;
    }

    public Guid Id { get; private set; }

    public Guid BusinessId { get; private set; }

    public OfficerRole Role { get; private set; }

    public string NationalId { get; private set; } = string.Empty;

    public string GivenName { get; private set; } = string.Empty;

    public string FamilyName { get; private set; } = string.Empty;

    public Address? HomeAddress { get; private set; }

    public DateOnly AppointedOn { get; private set; }

    /// <summary>The first day the officer is no longer in office.</summary>
    public DateOnly? CeasedOn { get; private set; }

    public Guid AppointedByFiling { get; private set; }

    public Guid? CeasedByFiling { get; private set; }

    public string Name => $"{GivenName} {FamilyName}";

    /// <summary>In office on <paramref name="day"/>: appointed on or before it and not ceased on or before it.</summary>
    public bool InOfficeOn(DateOnly day) => AppointedOn <= day && (CeasedOn is null || day < CeasedOn);

    internal void Cease(DateOnly on, Guid filing)
    {
        CeasedOn = on;
        CeasedByFiling = filing;
    }

    internal void Correct(OfficerRole role, string givenName, string familyName, DateOnly appointedOn)
    {
        Role = role;
        GivenName = givenName;
        FamilyName = familyName;
        AppointedOn = appointedOn;
    }
}

/// <summary>A beneficial owner: a person with significant control, in notice from notification to cessation.</summary>
internal sealed class BeneficialOwner
{
    private BeneficialOwner()
    {
    }

    public BeneficialOwner(Guid id, Guid businessId, PersonDetails person, NatureOfControl control, DateOnly notifiedOn, Guid notifiedBy)
    {
        Id = id;
        BusinessId = businessId;
        NationalId = person.NationalId;
        GivenName = person.GivenName;
        FamilyName = person.FamilyName;
        HomeAddress = person.HomeAddress;
        Shares = control.Shares;
        Voting = control.Voting;
        AppointsBoard = control.AppointsBoard;
        NotifiedOn = notifiedOn;
        NotifiedByFiling = notifiedBy;
    }

    public Guid Id { get; private set; }

    public Guid BusinessId { get; private set; }

    public string NationalId { get; private set; } = string.Empty;

    public string GivenName { get; private set; } = string.Empty;

    public string FamilyName { get; private set; } = string.Empty;

    public Address? HomeAddress { get; private set; }

    public ControlBand Shares { get; private set; }

    public ControlBand Voting { get; private set; }

    /// <summary>Holds the right to appoint or remove a majority of the board.</summary>
    public bool AppointsBoard { get; private set; }

    public DateOnly NotifiedOn { get; private set; }

    public DateOnly? CeasedOn { get; private set; }

    public Guid NotifiedByFiling { get; private set; }

    public Guid? CeasedByFiling { get; private set; }

    public string Name => $"{GivenName} {FamilyName}";

    public bool InNoticeOn(DateOnly day) => NotifiedOn <= day && (CeasedOn is null || day < CeasedOn);

    internal void Cease(DateOnly on, Guid filing)
    {
        CeasedOn = on;
        CeasedByFiling = filing;
    }
}

/// <summary>A registered address and the day it takes effect; the filing that set it (corrections change it in place).</summary>
internal sealed class RegisteredAddress
{
    private RegisteredAddress()
    {
    }

    public RegisteredAddress(Guid id, Guid businessId, Address address, DateOnly effectiveFrom, Guid filingId, int sequence)
    {
        Id = id;
        BusinessId = businessId;
        Address = address;
        EffectiveFrom = effectiveFrom;
        FilingId = filingId;
        Sequence = sequence;
    }

    public Guid Id { get; private set; }

    public Guid BusinessId { get; private set; }

    public Address Address { get; private set; } = null!;

    public DateOnly EffectiveFrom { get; private set; }

    public Guid FilingId { get; private set; }

    /// <summary>The sequence of the filing that set it: of two addresses effective the same day, the later filing wins.</summary>
    public int Sequence { get; private set; }

    internal void Correct(Address address, DateOnly effectiveFrom)
    {
        Address = address;
        EffectiveFrom = effectiveFrom;
    }
}
