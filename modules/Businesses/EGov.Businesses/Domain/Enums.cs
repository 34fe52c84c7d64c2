namespace EGov.Businesses.Domain;

/// <summary>The legal forms the register takes.</summary>
internal enum LegalForm
{
    PrivateLimitedCompany,
    PublicLimitedCompany,
    GeneralPartnership,
    LimitedPartnership,
    Cooperative,
}

internal enum BusinessStatus
{
    Active,
}

internal enum OfficerRole
{
    Director,
    BoardMember,
    Secretary,
}

/// <summary>
/// A band of shares or voting rights held, as persons-with-significant-control registers state it: more than 25 % up
/// to 50 %, more than 50 % up to 75 %, more than 75 %.
/// </summary>
internal enum ControlBand
{
    None,
    Over25To50,
    Over50To75,
    Over75To100,
}

/// <summary>The typed entries of a business's ledger.</summary>
internal enum FilingKind
{
    Incorporation,
    ChangeOfAddress,
    Appointment,
    Cessation,
    OwnerNotified,
    OwnerCeased,
    NameChange,
    AnnualConfirmation,
    Correction,
}

/// <summary>On what footing a filing was made.</summary>
internal enum FilerKind
{
    /// <summary>A registry official (role <c>registrar</c>).</summary>
    Registrar,

    /// <summary>An officer in office, acting from the register itself.</summary>
    Officer,

    /// <summary>A person holding a mandate.</summary>
    MandateHolder,

    /// <summary>A system user (service-account client) holding a mandate.</summary>
    SystemUser,

    /// <summary>The platform itself (development seed).</summary>
    Platform,
}

internal static class ControlBands
{
    /// <summary>The exclusive lower bound of a band in per cent.</summary>
    public static int LowerBound(this ControlBand band) => band switch
    {
        ControlBand.Over25To50 => 25,
        ControlBand.Over50To75 => 50,
        ControlBand.Over75To100 => 75,
        _ => 0,
    };
}
