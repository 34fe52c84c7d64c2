using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EGov.SharedKernel.Identity;

namespace EGov.DevelopmentIssuer;

/// <summary>
/// Numbered citizens that exist only in the development issuer, for the benchmark (bench/), which needs real tokens of
/// many distinct citizens: <c>bench.citizen.000000</c> … <c>bench.citizen.{N-1}</c> (six digits), each with a subject derived from its
/// number alone (the same on every node and every restart), a national id in a range no person holds
/// (<see cref="NationalId"/>), realm role <c>citizen</c> and one shared password.
/// Off unless <c>DevelopmentIssuer:SyntheticCitizens</c> is above zero, which only the Development environment allows
/// (<see cref="DevelopmentIssuerSettingsSetup"/> refuses it everywhere else, Testing included).
/// </summary>
internal sealed class SyntheticCitizens
{
    public const string UsernamePrefix = "bench.citizen.";
    public const int Digits = 6;
    public const int MaxCount = 1_000_000;
    public const string EmailDomain = "synthetic.egov.example";

    private static readonly IReadOnlyList<string> Roles = [PlatformRoles.Citizen];
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoClientRoles = new Dictionary<string, IReadOnlyList<string>>();
    private static readonly IReadOnlyList<string> NoActions = [];

    private readonly string password;

    public SyntheticCitizens(int count, string password)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        ArgumentException.ThrowIfNullOrEmpty(password);
        Count = count;
        this.password = password;
    }

    public int Count { get; }

    /// <summary>
    /// The national id of citizen <paramref name="number"/>: <c>SYN</c> and nine digits. Letters keep it out of the
    /// all-digit identifiers people hold, and the platform accepts it wherever a national id of 6 to 20 letters or
    /// digits is asked for (the business register's officers among them, so the benchmark can make each citizen a director).
    /// </summary>
    public static string NationalId(int number) => "SYN" + number.ToString("D9", CultureInfo.InvariantCulture);

    public static string Username(int number) => UsernamePrefix + number.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>
    /// The subject of citizen <paramref name="number"/>: an RFC 9562 version 8 UUID from the SHA-256 of its username,
    /// so it never collides with a realm user's random (version 4) id.
    /// </summary>
    public static string Subject(int number)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("egov-synthetic-citizen:" + Username(number)), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    /// <summary>The synthetic citizen a login names, or null when it names none of this issuer's numbers.</summary>
    public RealmUser? Find(string login)
    {
        if (login.Length != UsernamePrefix.Length + Digits
            || !login.StartsWith(UsernamePrefix, StringComparison.OrdinalIgnoreCase)
            || login.AsSpan(UsernamePrefix.Length).ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(login.AsSpan(UsernamePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number >= Count)
        {
            return null;
        }

        var username = Username(number);
        return new RealmUser
        {
            Id = Subject(number),
            Username = username,
            Enabled = true,
            FirstName = "Synthetic",
            LastName = "Citizen " + number.ToString("D6", CultureInfo.InvariantCulture),
            Email = $"{username}@{EmailDomain}",
            EmailVerified = true,
            Password = password,
            PasswordTemporary = false,
            RequiredActions = NoActions,
            ServiceAccountClientId = null,
            RealmRoles = Roles,
            ClientRoles = NoClientRoles,
            Attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [PlatformClaims.NationalId] = [NationalId(number)] },
        };
    }
}
