using System.Text.RegularExpressions;

namespace EGov.BuildingBlocks.Parties;

/// <summary>The kinds of party the platform deals with, one per delivery model.</summary>
public enum PartyKind
{
    /// <summary>A person, by the subject of their token.</summary>
    Citizen,

    /// <summary>A business, by its registry number.</summary>
    Business,

    /// <summary>A civil servant, by their employee id.</summary>
    Employee,

    /// <summary>An agency, by its code.</summary>
    Agency,
}

/// <summary>
/// A party a case, a notice or a document is about: its kind and its id in that kind's own terms (token subject,
/// registry number, employee id, agency code). Never a national identifier.
/// </summary>
public sealed partial record PartyRef
{
    public const int MaxIdLength = 200;

    public PartyRef(PartyKind kind, string id)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of party.");
        }

        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || !Printable().IsMatch(id))
        {
            throw new ArgumentException($"A party id is 1 to {MaxIdLength} printable characters.", nameof(id));
        }

        Kind = kind;
        Id = id;
    }

    public PartyKind Kind { get; }

    public string Id { get; }

    public static PartyRef Citizen(string subject) => new(PartyKind.Citizen, subject);

    public static PartyRef Business(string registryNumber) => new(PartyKind.Business, registryNumber);

    public static PartyRef Employee(string employeeId) => new(PartyKind.Employee, employeeId);

    public static PartyRef Agency(string code) => new(PartyKind.Agency, code);

    public override string ToString() => $"{Kind}:{Id}";

    [GeneratedRegex(@"^[^\p{C}]+$")]
    private static partial Regex Printable();
}
