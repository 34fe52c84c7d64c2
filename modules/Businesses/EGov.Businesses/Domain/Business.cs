using System.Text.Json.Nodes;

namespace EGov.Businesses.Domain;

/// <summary>Why the register refused a filing: bad input for one field (400) or a rule of the register (409).</summary>
internal sealed record FilingRefusal(bool Conflict, string Field, string Message)
{
    public static FilingRefusal Invalid(string field, string message) => new(false, field, message);

    public static FilingRefusal Rule(string message) => new(true, string.Empty, message);
}

/// <summary>A filing the register accepted, or the reason it did not.</summary>
internal sealed record FilingOutcome(Filing? Filing, FilingRefusal? Refusal)
{
    public static implicit operator FilingOutcome(Filing filing) => new(filing, null);

    public static implicit operator FilingOutcome(FilingRefusal refusal) => new(null, refusal);
}

/// <summary>An officer to appoint.</summary>
internal sealed record OfficerAppointment(OfficerRole Role, PersonDetails Person);

/// <summary>A beneficial owner to notify.</summary>
internal sealed record OwnerNotice(PersonDetails Person, NatureOfControl Control);

/// <summary>What the register shows for one day.</summary>
internal sealed record RegisterState(
    DateOnly AsOf,
    Address Address,
    IReadOnlyList<Officer> Officers,
    IReadOnlyList<BeneficialOwner> Owners);

/// <summary>
/// A business on the register. Every change is a typed <see cref="Filing"/> in its ledger with an effective date;
/// the state on a day (<see cref="AsOf"/>) follows from the dates the filings set: officers and owners carry their
/// appointment/notification and cessation days, addresses the day they take effect.
/// </summary>
internal sealed class Business
{
    /// <summary>How far ahead a filing may take effect.</summary>
    public const int MaxDaysAhead = 366;

    /// <summary>How many days before its due date an annual confirmation is accepted.</summary>
    public const int ConfirmationWindowDays = 60;

    private readonly List<Officer> _officers = [];
    private readonly List<BeneficialOwner> _owners = [];
    private readonly List<RegisteredAddress> _addresses = [];
    private readonly List<Filing> _filings = [];

    private Business()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The registration number: <c>BRN-</c> and six or more digits.</summary>
    public string Number { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    /// <summary><see cref="BusinessName.Key"/>: unique.</summary>
    public string NameKey { get; private set; } = string.Empty;

    public LegalForm LegalForm { get; private set; }

    public BusinessStatus Status { get; private set; }

    public List<string> ActivityCodes { get; private set; } = [];

    public decimal ShareCapital { get; private set; }

    public string ShareCapitalCurrency { get; private set; } = string.Empty;

    public DateOnly FoundedOn { get; private set; }

    public DateOnly RegisteredOn { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    /// <summary>The day the next annual confirmation is due: the anniversary of registration.</summary>
    public DateOnly ConfirmationDueOn { get; private set; }

    /// <summary>The due date a reminder was sent for (one per due date).</summary>
    public DateOnly? ReminderSentFor { get; private set; }

    /// <summary>The due date found overdue (one flag per due date; a confirmation clears it).</summary>
    public DateOnly? OverdueSince { get; private set; }

    public int FilingCount { get; private set; }

    public uint Version { get; private set; }

    public IReadOnlyList<Officer> Officers => _officers;

    public IReadOnlyList<BeneficialOwner> Owners => _owners;

    public IReadOnlyList<RegisteredAddress> Addresses => _addresses;

    public IReadOnlyList<Filing> Filings => _filings;

    /// <summary>Overdue on <paramref name="today"/>: the due date has passed without a confirmation.</summary>
    public bool ConfirmationOverdueOn(DateOnly today) => today > ConfirmationDueOn;

    /// <summary>Registers a company with its incorporation filing: directors and other officers, owners, address.</summary>
    public static (Business Business, Filing Filing) Register(
        Guid id, string number, BusinessName name, LegalForm legalForm, Address address, IReadOnlyList<string> activityCodes,
        decimal shareCapital, string currency, DateOnly foundedOn, IReadOnlyList<OfficerAppointment> officers,
        IReadOnlyList<OwnerNotice> owners, FilingActor actor, DateTimeOffset now)
    {
        if (!officers.Any(o => o.Role == OfficerRole.Director))
        {
            throw new ArgumentException("A company is registered with at least one director.", nameof(officers));
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var business = new Business
        {
            Id = id,
            Number = number,
            Name = name.Display,
            NameKey = name.Key,
            LegalForm = legalForm,
            Status = BusinessStatus.Active,
            ActivityCodes = [.. activityCodes],
            ShareCapital = shareCapital,
            ShareCapitalCurrency = currency,
            FoundedOn = foundedOn,
            RegisteredOn = today,
            RegisteredAt = now,
            ConfirmationDueOn = today.AddYears(1),
        };
        var details = new JsonObject
        {
            ["name"] = name.Display,
            ["legalForm"] = legalForm.ToString(),
            ["registeredAddress"] = AddressJson(address),
            ["activityCodes"] = new JsonArray([.. activityCodes.Select(c => (JsonNode)c)]),
            ["shareCapital"] = new JsonObject { ["amount"] = shareCapital, ["currency"] = currency },
            ["foundedOn"] = foundedOn.ToString("O"),
            ["officers"] = new JsonArray([.. officers.Select(o => (JsonNode)OfficerJson(o.Role, o.Person))]),
            ["beneficialOwners"] = new JsonArray([.. owners.Select(o => (JsonNode)OwnerJson(o.Person, o.Control))]),
        };
        var filing = business.Add(FilingKind.Incorporation, today, details, actor, now);
        business._addresses.Add(new RegisteredAddress(Guid.CreateVersion7(now), id, address, today, filing.Id, filing.Sequence));
        foreach (var officer in officers)
        {
            business._officers.Add(new Officer(Guid.CreateVersion7(now), id, officer.Role, officer.Person, today, filing.Id));
        }

        foreach (var owner in owners)
        {
            business._owners.Add(new BeneficialOwner(Guid.CreateVersion7(now), id, owner.Person, owner.Control, today, filing.Id));
        }

        return (business, filing);
    }

    /// <summary>The register on <paramref name="day"/>, or null before the business was registered.</summary>
    public RegisterState? AsOf(DateOnly day)
    {
        if (day < RegisteredOn)
        {
            return null;
        }

        var address = _addresses.Where(a => a.EffectiveFrom <= day).OrderBy(a => a.EffectiveFrom).ThenBy(a => a.Sequence).Last();
        return new RegisterState(
            day,
            address.Address,
            [.. _officers.Where(o => o.InOfficeOn(day)).OrderBy(o => o.Role).ThenBy(o => o.AppointedOn)],
            [.. _owners.Where(o => o.InNoticeOn(day)).OrderBy(o => o.NotifiedOn)]);
    }

    /// <summary>Addresses filed to take effect after <paramref name="today"/>.</summary>
    public IEnumerable<RegisteredAddress> PendingAddresses(DateOnly today) => _addresses.Where(a => a.EffectiveFrom > today).OrderBy(a => a.EffectiveFrom);

    public FilingOutcome ChangeAddress(Address address, DateOnly effectiveOn, FilingActor actor, DateTimeOffset now)
    {
        if (CheckEffective(effectiveOn, now) is { } refused)
        {
            return refused;
        }

        var filing = Add(FilingKind.ChangeOfAddress, effectiveOn, new JsonObject { ["registeredAddress"] = AddressJson(address) }, actor, now);
        _addresses.Add(new RegisteredAddress(Guid.CreateVersion7(now), Id, address, effectiveOn, filing.Id, filing.Sequence));
        return filing;
    }

    public FilingOutcome Appoint(OfficerAppointment appointment, DateOnly effectiveOn, FilingActor actor, DateTimeOffset now)
    {
        if (CheckEffective(effectiveOn, now) is { } refused)
        {
            return refused;
        }

        if (_officers.Any(o => o.Role == appointment.Role && o.NationalId == appointment.Person.NationalId && (o.CeasedOn is null || o.CeasedOn > effectiveOn)))
        {
            return FilingRefusal.Rule($"This person already holds the office of {appointment.Role} on {effectiveOn:O}.");
        }

        var officerId = Guid.CreateVersion7(now);
        var details = OfficerJson(appointment.Role, appointment.Person);
        details["officerId"] = officerId;
        var filing = Add(FilingKind.Appointment, effectiveOn, details, actor, now);
        _officers.Add(new Officer(officerId, Id, appointment.Role, appointment.Person, effectiveOn, filing.Id));
        return filing;
    }

    /// <summary>
    /// The officer leaves office on <paramref name="effectiveOn"/> (not in office from that day). A business keeps at
    /// least one director: the last director cannot cease without another appointed.
    /// </summary>
    public FilingOutcome Cease(Guid officerId, DateOnly effectiveOn, FilingActor actor, DateTimeOffset now)
    {
        var officer = _officers.SingleOrDefault(o => o.Id == officerId);
        if (officer is null)
        {
            return FilingRefusal.Invalid("officerId", $"The business has no officer {officerId}.");
        }

        if (officer.CeasedOn is not null)
        {
            return FilingRefusal.Rule($"This officer ceased on {officer.CeasedOn:O}.");
        }

        if (CheckEffective(effectiveOn, now) is { } refused)
        {
            return refused;
        }

        if (effectiveOn <= officer.AppointedOn)
        {
            return FilingRefusal.Invalid("effectiveOn", $"An officer ceases after the day of appointment ({officer.AppointedOn:O}).");
        }

        if (officer.Role == OfficerRole.Director
            && !_officers.Any(o => o.Id != officer.Id && o.Role == OfficerRole.Director && o.CeasedOn is null && o.AppointedOn <= effectiveOn))
        {
            return FilingRefusal.Rule("A business keeps at least one director: appoint another before this one ceases.");
        }

        var filing = Add(FilingKind.Cessation, effectiveOn, new JsonObject { ["officerId"] = officer.Id, ["role"] = officer.Role.ToString(), ["name"] = officer.Name }, actor, now);
        officer.Cease(effectiveOn, filing.Id);
        return filing;
    }

    /// <summary>
    /// Notifies a beneficial owner. The bands of all owners in notice must be possible together: each band means
    /// more than its lower bound, so the lower bounds add up to less than 100 %.
    /// </summary>
    public FilingOutcome NotifyOwner(OwnerNotice notice, DateOnly effectiveOn, FilingActor actor, DateTimeOffset now)
    {
        if (CheckEffective(effectiveOn, now) is { } refused)
        {
            return refused;
        }

        if (_owners.Any(o => o.NationalId == notice.Person.NationalId && (o.CeasedOn is null || o.CeasedOn > effectiveOn)))
        {
            return FilingRefusal.Rule("This person is already a beneficial owner of the business on that day.");
        }

        var others = _owners.Where(o => o.CeasedOn is null || o.CeasedOn > effectiveOn).Select(o => new NatureOfControl(o.Shares, o.Voting, o.AppointsBoard));
        if (BandsImpossible([.. others, notice.Control]) is { } field)
        {
            return FilingRefusal.Invalid($"owner.{field}", $"With the owners already notified, the {field} bands would add up to more than 100 %.");
        }

        var ownerId = Guid.CreateVersion7(now);
        var details = OwnerJson(notice.Person, notice.Control);
        details["ownerId"] = ownerId;
        var filing = Add(FilingKind.OwnerNotified, effectiveOn, details, actor, now);
        _owners.Add(new BeneficialOwner(ownerId, Id, notice.Person, notice.Control, effectiveOn, filing.Id));
        return filing;
    }

    public FilingOutcome CeaseOwner(Guid ownerId, DateOnly effectiveOn, FilingActor actor, DateTimeOffset now)
    {
        var owner = _owners.SingleOrDefault(o => o.Id == ownerId);
        if (owner is null)
        {
            return FilingRefusal.Invalid("ownerId", $"The business has no beneficial owner {ownerId}.");
        }

        if (owner.CeasedOn is not null)
        {
            return FilingRefusal.Rule($"This beneficial owner ceased on {owner.CeasedOn:O}.");
        }

        if (CheckEffective(effectiveOn, now) is { } refused)
        {
            return refused;
        }

        if (effectiveOn <= owner.NotifiedOn)
        {
            return FilingRefusal.Invalid("effectiveOn", $"A beneficial owner ceases after the day notified ({owner.NotifiedOn:O}).");
        }

        var filing = Add(FilingKind.OwnerCeased, effectiveOn, new JsonObject { ["ownerId"] = owner.Id, ["name"] = owner.Name }, actor, now);
        owner.Cease(effectiveOn, filing.Id);
        return filing;
    }

    /// <summary>A new name takes effect the day it is filed (the name is reserved from that moment).</summary>
    public FilingOutcome Rename(BusinessName name, DateOnly effectiveOn, FilingActor actor, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (effectiveOn != today)
        {
            return FilingRefusal.Invalid("effectiveOn", "A name change takes effect on the day it is filed.");
        }

        if (name.Key == NameKey)
        {
            return FilingRefusal.Invalid("name", "This is the business's name already.");
        }

        var filing = Add(FilingKind.NameChange, effectiveOn, new JsonObject { ["name"] = name.Display, ["previousName"] = Name }, actor, now);
        Name = name.Display;
        NameKey = name.Key;
        return filing;
    }

    /// <summary>
    /// Confirms the register entry for the year, on the day filed. Accepted from <see cref="ConfirmationWindowDays"/>
    /// days before the due date; the next confirmation is due one year after the one confirmed (the next anniversary).
    /// </summary>
    public FilingOutcome ConfirmAnnually(DateOnly effectiveOn, FilingActor actor, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (effectiveOn != today)
        {
            return FilingRefusal.Invalid("effectiveOn", "An annual confirmation takes effect on the day it is filed.");
        }

        if (today < ConfirmationDueOn.AddDays(-ConfirmationWindowDays))
        {
            return FilingRefusal.Rule($"The annual confirmation is due on {ConfirmationDueOn:O} and accepted from {ConfirmationDueOn.AddDays(-ConfirmationWindowDays):O}.");
        }

        var confirmed = ConfirmationDueOn;
        var filing = Add(FilingKind.AnnualConfirmation, effectiveOn, new JsonObject { ["confirmedDueOn"] = confirmed.ToString("O"), ["nextDueOn"] = confirmed.AddYears(1).ToString("O") }, actor, now);
        ConfirmationDueOn = confirmed.AddYears(1);
        OverdueSince = null;
        return filing;
    }

    /// <summary>Corrects the address of an earlier change of address (and the day it takes effect).</summary>
    public FilingOutcome CorrectAddress(Guid corrects, Address address, DateOnly effectiveOn, FilingActor actor, DateTimeOffset now)
    {
        var target = _filings.SingleOrDefault(f => f.Id == corrects);
        var row = _addresses.SingleOrDefault(a => a.FilingId == corrects);
        if (target is null || row is null || target.Kind != FilingKind.ChangeOfAddress)
        {
            return FilingRefusal.Invalid("corrects", "An address correction names a change-of-address filing of this business.");
        }

        if (CheckEffective(effectiveOn, now) is { } refused)
        {
            return refused;
        }

        var filing = Add(FilingKind.Correction, effectiveOn, new JsonObject { ["correctedKind"] = target.Kind.ToString(), ["registeredAddress"] = AddressJson(address) }, actor, now, corrects);
        row.Correct(address, effectiveOn);
        return filing;
    }

    /// <summary>Corrects the role, name or appointment day of an officer as an earlier appointment filed it.</summary>
    public FilingOutcome CorrectAppointment(Guid corrects, OfficerRole role, string givenName, string familyName, DateOnly appointedOn, FilingActor actor, DateTimeOffset now)
    {
        var target = _filings.SingleOrDefault(f => f.Id == corrects);
        var officer = _officers.SingleOrDefault(o => o.AppointedByFiling == corrects);
        if (target is null || officer is null || target.Kind != FilingKind.Appointment)
        {
            return FilingRefusal.Invalid("corrects", "An appointment correction names an appointment filing of this business.");
        }

        if (CheckEffective(appointedOn, now) is { } refused)
        {
            return refused;
        }

        if (officer.CeasedOn is { } ceased && appointedOn >= ceased)
        {
            return FilingRefusal.Invalid("effectiveOn", $"The officer ceased on {ceased:O}: the appointment comes before.");
        }

        var filing = Add(FilingKind.Correction, appointedOn, new JsonObject
        {
            ["correctedKind"] = target.Kind.ToString(),
            ["officerId"] = officer.Id,
            ["role"] = role.ToString(),
            ["name"] = $"{givenName} {familyName}",
        }, actor, now, corrects);
        officer.Correct(role, givenName, familyName, appointedOn);
        return filing;
    }

    /// <summary>The reminder of the coming due date was sent.</summary>
    public void RemindedOfConfirmation() => ReminderSentFor = ConfirmationDueOn;

    /// <summary>Flags the confirmation overdue; false when it was flagged for this due date already.</summary>
    public bool FlagConfirmationOverdue()
    {
        if (OverdueSince == ConfirmationDueOn)
        {
            return false;
        }

        OverdueSince = ConfirmationDueOn;
        return true;
    }

    /// <summary>Which band (shares or voting) would be impossible for these owners together, or null.</summary>
    public static string? BandsImpossible(IReadOnlyCollection<NatureOfControl> controls)
    {
        if (controls.Sum(c => c.Shares.LowerBound()) >= 100)
        {
            return "shares";
        }

        return controls.Sum(c => c.Voting.LowerBound()) >= 100 ? "voting" : null;
    }

    private FilingRefusal? CheckEffective(DateOnly effectiveOn, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (effectiveOn < RegisteredOn)
        {
            return FilingRefusal.Invalid("effectiveOn", $"A filing takes effect on or after the day of registration ({RegisteredOn:O}).");
        }

        return effectiveOn > today.AddDays(MaxDaysAhead)
            ? FilingRefusal.Invalid("effectiveOn", $"A filing takes effect at most {MaxDaysAhead} days ahead.")
            : null;
    }

    private Filing Add(FilingKind kind, DateOnly effectiveOn, JsonObject details, FilingActor actor, DateTimeOffset now, Guid? corrects = null)
    {
        FilingCount++;
        var filing = new Filing(Guid.CreateVersion7(now), Id, FilingCount, kind, effectiveOn, details, actor, now, corrects);
        _filings.Add(filing);
        return filing;
    }

    private static JsonObject AddressJson(Address a) => new()
    {
        ["line1"] = a.Line1,
        ["line2"] = a.Line2,
        ["postcode"] = a.Postcode,
        ["city"] = a.City,
        ["country"] = a.Country,
    };

    /// <summary>Open data of an officer: role and name, never the national id or home address.</summary>
    private static JsonObject OfficerJson(OfficerRole role, PersonDetails person) => new() { ["role"] = role.ToString(), ["name"] = person.Name };

    /// <summary>Open data of an owner: name and natures of control, never the national id or home address.</summary>
    private static JsonObject OwnerJson(PersonDetails person, NatureOfControl control) => new()
    {
        ["name"] = person.Name,
        ["shares"] = control.Shares.ToString(),
        ["voting"] = control.Voting.ToString(),
        ["appointsBoard"] = control.AppointsBoard,
    };
}
