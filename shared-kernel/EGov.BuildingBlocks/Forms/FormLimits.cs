using System.Text.RegularExpressions;

namespace EGov.BuildingBlocks.Forms;

/// <summary>
/// The one set of limits of the forms block: a definition is checked against them, drafts and submissions are
/// checked against the definition, and the published JSON Schema states them. Nothing else sets its own.
/// </summary>
public static partial class FormLimits
{
    public const int MaxPages = 50;

    /// <summary>Fields in a whole form (all pages together); a draft or a submission has at most as many values.</summary>
    public const int MaxFields = 100;

    /// <summary>A field or page name: a letter, then letters, digits or '_', 64 at most.</summary>
    public const string NamePattern = "^[A-Za-z][A-Za-z0-9_]{0,63}$";

    public const string NameRule = "a letter followed by up to 63 letters, digits or '_'";

    public const int MaxLabelLength = 200;

    public const int MaxHintLength = 1000;

    public const int MaxTitleLength = 200;

    public const int MaxChoices = 200;

    public const int MaxChoiceValueLength = 200;

    /// <summary>Values a condition may compare with.</summary>
    public const int MaxConditionValues = 50;

    public const int MaxPatternLength = 1000;

    /// <summary>How long one pattern may take to match one value before the value is refused.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest text or long text answer; a field's <c>maxLength</c> is at most this.</summary>
    public const int MaxTextLength = 10_000;

    /// <summary>The <c>maxLength</c> of a text field that states none.</summary>
    public const int DefaultTextLength = 1000;

    /// <summary>The <c>maxLength</c> of a long text field that states none.</summary>
    public const int DefaultLongTextLength = MaxTextLength;

    /// <summary>The largest magnitude of a number or an amount, and of their limits.</summary>
    public const decimal MaxNumber = 1_000_000_000_000m;

    public const int MaxDecimals = 10;

    /// <summary>Decimals of an amount when the money field states none.</summary>
    public const int DefaultMoneyDecimals = 2;

    public const int MaxAddressLines = 4;

    public const int MaxAddressLineLength = 200;

    public const int MaxPostalCodeLength = 20;

    public const int MaxCityLength = 100;

    public const int MaxCountries = 250;

    public const int MaxEmailLength = 254;

    public const int MaxNationalIdLength = 30;

    /// <summary>Days a relative date limit (<c>today+n</c>, <c>today-n</c>) may reach.</summary>
    public const int MaxRelativeDays = 100_000;

    /// <summary>An ISO 4217 currency code.</summary>
    public const string CurrencyPattern = "^[A-Z]{3}$";

    /// <summary>An ISO 3166-1 alpha-2 country code.</summary>
    public const string CountryPattern = "^[A-Z]{2}$";

    /// <summary>A date limit: <c>YYYY-MM-DD</c>, <c>today</c>, or <c>today</c> with a signed number of days.</summary>
    public const string DateBoundPattern = "^([0-9]{4}-[0-9]{2}-[0-9]{2}|today([+-][0-9]{1,6})?)$";

    /// <summary>E-mail: one '@', no spaces, a dot in the domain; 254 characters at most, 64 before the '@'.</summary>
    public const string EmailPattern = @"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$";

    /// <summary>International telephone number: '+', a country code not starting with 0, 8 to 15 digits in all, single spaces allowed between digits.</summary>
    public const string PhonePattern = "^\\+[1-9]( ?[0-9]){7,14}$";

    [GeneratedRegex(NamePattern)]
    public static partial Regex Name();

    [GeneratedRegex(CurrencyPattern)]
    public static partial Regex Currency();

    [GeneratedRegex(CountryPattern)]
    public static partial Regex Country();

    [GeneratedRegex(DateBoundPattern)]
    internal static partial Regex DateBound();

    [GeneratedRegex(EmailPattern)]
    internal static partial Regex Email();

    [GeneratedRegex(PhonePattern)]
    internal static partial Regex Phone();

    [GeneratedRegex("^[0-9]+$")]
    internal static partial Regex Digits();

    public static bool IsName(string? name) => name is not null && Name().IsMatch(name);
}
