using System.Text.Json.Serialization;

namespace EGov.BuildingBlocks.Forms;

/// <summary>
/// The kinds of answer a form field takes. In JSON they are camelCase names (<c>longText</c>, <c>yesNo</c>), which
/// every generated client maps back to the enum member by name.
/// </summary>
public enum FieldType
{
    /// <summary>One line of text: a string without line breaks.</summary>
    [JsonStringEnumMemberName("text")]
    Text,

    /// <summary>Several lines of text: a string that may hold line breaks and tabs.</summary>
    [JsonStringEnumMemberName("longText")]
    LongText,

    /// <summary>A JSON number.</summary>
    [JsonStringEnumMemberName("number")]
    Number,

    /// <summary>An amount in the field's currency: <c>{"amount": 12.50, "currency": "EUR"}</c>.</summary>
    [JsonStringEnumMemberName("money")]
    Money,

    /// <summary>A calendar date, <c>YYYY-MM-DD</c>.</summary>
    [JsonStringEnumMemberName("date")]
    Date,

    /// <summary>One of the field's choices, by its value.</summary>
    [JsonStringEnumMemberName("choice")]
    Choice,

    /// <summary>Several of the field's choices: an array of distinct values.</summary>
    [JsonStringEnumMemberName("multiChoice")]
    MultiChoice,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    [JsonStringEnumMemberName("yesNo")]
    YesNo,

    /// <summary>The id (a UUID) of an attachment uploaded to the platform.</summary>
    [JsonStringEnumMemberName("file")]
    File,

    /// <summary>A postal address: <c>{"lines": ["…"], "postalCode": "…", "city": "…", "country": "BE"}</c>.</summary>
    [JsonStringEnumMemberName("address")]
    Address,

    /// <summary>A national identifier: digits (of the field's length) or the field's pattern.</summary>
    [JsonStringEnumMemberName("nationalId")]
    NationalId,

    /// <summary>An e-mail address.</summary>
    [JsonStringEnumMemberName("email")]
    Email,

    /// <summary>A telephone number in international form: <c>+</c>, country code and number, 8 to 15 digits.</summary>
    [JsonStringEnumMemberName("phone")]
    Phone,
}

/// <summary>The JSON names of <see cref="FieldType"/> and which limits each type takes.</summary>
public static class FieldTypes
{
    private static readonly Dictionary<FieldType, string> Names = new()
    {
        [FieldType.Text] = "text",
        [FieldType.LongText] = "longText",
        [FieldType.Number] = "number",
        [FieldType.Money] = "money",
        [FieldType.Date] = "date",
        [FieldType.Choice] = "choice",
        [FieldType.MultiChoice] = "multiChoice",
        [FieldType.YesNo] = "yesNo",
        [FieldType.File] = "file",
        [FieldType.Address] = "address",
        [FieldType.NationalId] = "nationalId",
        [FieldType.Email] = "email",
        [FieldType.Phone] = "phone",
    };

    private static readonly Dictionary<string, FieldType> ByName = Names.ToDictionary(n => n.Value, n => n.Key, StringComparer.Ordinal);

    /// <summary>
    /// The limit members each type accepts in a definition; any other limit on a field of that type is refused,
    /// so a definition never carries a limit that is not checked.
    /// </summary>
    private static readonly Dictionary<FieldType, string[]> LimitsByType = new()
    {
        [FieldType.Text] = [FieldMembers.MinLength, FieldMembers.MaxLength, FieldMembers.Pattern],
        [FieldType.LongText] = [FieldMembers.MinLength, FieldMembers.MaxLength],
        [FieldType.Number] = [FieldMembers.Min, FieldMembers.Max, FieldMembers.Decimals],
        [FieldType.Money] = [FieldMembers.Currency, FieldMembers.Min, FieldMembers.Max, FieldMembers.Decimals],
        [FieldType.Date] = [FieldMembers.MinDate, FieldMembers.MaxDate],
        [FieldType.Choice] = [FieldMembers.Choices],
        [FieldType.MultiChoice] = [FieldMembers.Choices, FieldMembers.MinSelections, FieldMembers.MaxSelections],
        [FieldType.YesNo] = [],
        [FieldType.File] = [],
        [FieldType.Address] = [FieldMembers.Countries, FieldMembers.PostalCodePattern],
        [FieldType.NationalId] = [FieldMembers.Length, FieldMembers.Pattern],
        [FieldType.Email] = [FieldMembers.MaxLength],
        [FieldType.Phone] = [],
    };

    /// <summary>Every type, in declaration order.</summary>
    public static IReadOnlyList<FieldType> All { get; } = Enum.GetValues<FieldType>();

    /// <summary>Every type's JSON name.</summary>
    public static IReadOnlyList<string> AllNames { get; } = All.Select(NameOf).ToArray();

    public static string NameOf(FieldType type) => Names[type];

    public static bool TryParse(string? name, out FieldType type)
    {
        if (name is not null && ByName.TryGetValue(name, out type))
        {
            return true;
        }

        type = default;
        return false;
    }

    /// <summary>The limit members a field of <paramref name="type"/> may have.</summary>
    public static IReadOnlyList<string> LimitsOf(FieldType type) => LimitsByType[type];

    /// <summary>Every limit member of any type.</summary>
    public static IReadOnlyList<string> AllLimits { get; } = LimitsByType.Values.SelectMany(l => l).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Types whose answer a condition may test: one choice, several choices, yes/no.</summary>
    public static bool CanBranchOn(FieldType type) => type is FieldType.Choice or FieldType.MultiChoice or FieldType.YesNo;
}

/// <summary>The JSON member names of a field definition.</summary>
public static class FieldMembers
{
    public const string Name = "name";
    public const string Type = "type";
    public const string Label = "label";
    public const string Hint = "hint";
    public const string Required = "required";
    public const string Condition = "condition";
    public const string MinLength = "minLength";
    public const string MaxLength = "maxLength";
    public const string Pattern = "pattern";
    public const string Min = "min";
    public const string Max = "max";
    public const string Decimals = "decimals";
    public const string Currency = "currency";
    public const string MinDate = "minDate";
    public const string MaxDate = "maxDate";
    public const string Choices = "choices";
    public const string MinSelections = "minSelections";
    public const string MaxSelections = "maxSelections";
    public const string Length = "length";
    public const string Countries = "countries";
    public const string PostalCodePattern = "postalCodePattern";

    /// <summary>The members every field has, whatever its type.</summary>
    public static IReadOnlyList<string> Common { get; } = [Name, Type, Label, Hint, Required, Condition];
}
