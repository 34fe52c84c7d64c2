namespace EGov.Host.Identity;

/// <summary>Settings of section <c>DevelopmentIssuer</c>: the embedded stand-in for Keycloak in development and tests.</summary>
internal sealed class DevelopmentIssuerSettings
{
    public const string Section = "DevelopmentIssuer";

    /// <summary>The environment the integration tests run in; the issuer is on there by default.</summary>
    public const string TestingEnvironment = "Testing";

    /// <summary>The realm file Keycloak imports, relative to the repository root.</summary>
    public static readonly string RealmFileInRepository = Path.Combine("deploy", "keycloak", "egov-realm.json");

    /// <summary>Default: true in Development and Testing, false otherwise. Never allowed in Production.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Default: <c>deploy/keycloak/egov-realm.json</c>, found by walking up from the content root.</summary>
    public string? RealmFile { get; set; }

    /// <summary>RSA private key (PEM) kept across restarts; created with mode 0600 when missing.</summary>
    public string? KeyFile { get; set; }

    public int AccessTokenLifetimeSeconds { get; set; } = 300;

    /// <summary>
    /// Brute-force detection per client address (Keycloak counts per user only): failed logins and wrong client
    /// secrets from one address that lock the address out, with the realm's wait steps. 0 turns it off.
    /// </summary>
    public int AddressFailureFactor { get; set; } = 100;

    /// <summary>Accounts and addresses with failed logins on record at most; the least recently failed go first.</summary>
    public int MaxTrackedLoginFailures { get; set; } = 10_000;

    /// <summary>
    /// Load tests only: how many numbered synthetic citizens (<c>bench.citizen.000000</c> …) the issuer accepts besides the
    /// realm's users. Default 0 (none); refused outside Development and Testing.
    /// </summary>
    public int SyntheticCitizens { get; set; }

    /// <summary>The synthetic citizens' shared password; default the demo users' password.</summary>
    public string? SyntheticCitizenPassword { get; set; }
}
