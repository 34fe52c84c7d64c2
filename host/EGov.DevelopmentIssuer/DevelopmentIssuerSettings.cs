using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EGov.DevelopmentIssuer;

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
    /// The benchmark only (bench/): how many numbered synthetic citizens (<c>bench.citizen.000000</c> …) the issuer
    /// accepts besides the realm's users. Default 0 (none); refused in every environment but Development.
    /// </summary>
    public int SyntheticCitizens { get; set; }

    /// <summary>The synthetic citizens' shared password; default the demo users' password.</summary>
    public string? SyntheticCitizenPassword { get; set; }

    /// <summary>
    /// Development and tests only: absolute redirect URIs the issuer accepts for every client with the standard flow,
    /// besides the realm file's (e.g. a test host's <c>http://127.0.0.1:{port}/signin-oidc</c> on a dynamic port).
    /// Matched exactly, like the realm's; refused outside Development and Testing.
    /// </summary>
    public string[] ExtraRedirectUris { get; set; } = [];

    /// <summary>Development and tests only: post-logout redirect URIs added the same way.</summary>
    public string[] ExtraPostLogoutRedirectUris { get; set; } = [];

    /// <summary>Values that could not even be bound (e.g. <c>Enabled=maybe</c>), reported by validation.</summary>
    internal string? BindingProblem { get; set; }

    /// <summary>Set when no realm file was configured or found; explains where it looked.</summary>
    internal string? RealmFileProblem { get; set; }

    public bool IsEnabled => Enabled == true;

    /// <summary>
    /// Whether the issuer runs, from the raw configuration: <c>DevelopmentIssuer:Enabled</c> when it is a boolean,
    /// otherwise on in Development and Testing (a value that is not a boolean stops the start in validation).
    /// </summary>
    public static bool IsEnabledBy(IConfiguration configuration, IHostEnvironment environment) =>
        bool.TryParse(configuration[$"{Section}:{nameof(Enabled)}"], out var enabled) ? enabled : IsOnByDefault(environment);

    public static bool IsOnByDefault(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment(TestingEnvironment);
}

/// <summary>
/// Binds, fills the environment-dependent defaults of, and validates <see cref="DevelopmentIssuerSettings"/>; one
/// validation pass gives one readable line however many settings are wrong.
/// </summary>
internal sealed class DevelopmentIssuerSettingsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IConfigureOptions<DevelopmentIssuerSettings>, IPostConfigureOptions<DevelopmentIssuerSettings>, IValidateOptions<DevelopmentIssuerSettings>
{
    public void Configure(DevelopmentIssuerSettings options)
    {
        try
        {
            configuration.GetSection(DevelopmentIssuerSettings.Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the type it wanted, e.g. "…value at 'DevelopmentIssuer:Enabled' to type…".
            options.BindingProblem = ex.Message;
        }
    }

    public void PostConfigure(string? name, DevelopmentIssuerSettings options)
    {
        options.Enabled ??= DevelopmentIssuerSettings.IsOnByDefault(environment);
        if (!options.IsEnabled)
        {
            return;
        }

        var contentRoot = environment.ContentRootPath;
        var repositoryRoot = FindRepositoryRoot(contentRoot);
        if (!string.IsNullOrWhiteSpace(options.RealmFile))
        {
            options.RealmFile = Path.GetFullPath(options.RealmFile, contentRoot);
        }
        else if (repositoryRoot is not null)
        {
            options.RealmFile = Path.Combine(repositoryRoot, DevelopmentIssuerSettings.RealmFileInRepository);
        }
        else
        {
            options.RealmFileProblem =
                $"DevelopmentIssuer:RealmFile is not set and {DevelopmentIssuerSettings.RealmFileInRepository} was not found in " +
                $"{contentRoot} or any folder above it; set DevelopmentIssuer:RealmFile to the realm file's path.";
        }

        options.KeyFile = string.IsNullOrWhiteSpace(options.KeyFile)
            ? Path.Combine(repositoryRoot ?? contentRoot, ".data", "dev-issuer", "signing-key.pem")
            : Path.GetFullPath(options.KeyFile, contentRoot);
    }

    public ValidateOptionsResult Validate(string? name, DevelopmentIssuerSettings options)
    {
        if (options.IsEnabled && environment.IsProduction())
        {
            // Alone on its line: this is the one mistake that must never be missed among others.
            return ValidateOptionsResult.Fail(
                "DevelopmentIssuer:Enabled is true but the environment is Production: the development issuer signs tokens for demo " +
                "users with a published password and must never run there; remove the setting and use Keycloak.");
        }

        var failures = new List<string>();
        if (options.BindingProblem is not null)
        {
            failures.Add(options.BindingProblem);
        }

        ValidateSyntheticCitizens(options, failures);
        ValidateExtraRedirectUris(options, failures);
        if (options.IsEnabled)
        {
            if (options.RealmFileProblem is not null)
            {
                failures.Add(options.RealmFileProblem);
            }
            else if (!File.Exists(options.RealmFile))
            {
                failures.Add($"DevelopmentIssuer:RealmFile {options.RealmFile} does not exist.");
            }

            if (options.AccessTokenLifetimeSeconds is < 10 or > 86_400)
            {
                failures.Add($"DevelopmentIssuer:AccessTokenLifetimeSeconds must be between 10 and 86400 (got {options.AccessTokenLifetimeSeconds}).");
            }

            if (options.AddressFailureFactor is < 0 or > 1_000_000)
            {
                failures.Add($"DevelopmentIssuer:AddressFailureFactor must be between 0 (off) and 1000000 (got {options.AddressFailureFactor}).");
            }

            if (options.MaxTrackedLoginFailures is < 100 or > 10_000_000)
            {
                failures.Add($"DevelopmentIssuer:MaxTrackedLoginFailures must be between 100 and 10000000 (got {options.MaxTrackedLoginFailures}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// Synthetic citizens share one password and exist for the benchmark (bench/run.sh, which runs the platform in
    /// Development): every other environment refuses them, Testing and Staging included.
    /// </summary>
    private void ValidateSyntheticCitizens(DevelopmentIssuerSettings options, List<string> failures)
    {
        if (options.SyntheticCitizens == 0)
        {
            return;
        }

        if (options.SyntheticCitizens is < 0 or > SyntheticCitizens.MaxCount)
        {
            failures.Add($"DevelopmentIssuer:SyntheticCitizens must be between 0 and {SyntheticCitizens.MaxCount} (got {options.SyntheticCitizens}).");
        }
        else if (!environment.IsDevelopment())
        {
            failures.Add(
                $"DevelopmentIssuer:SyntheticCitizens is {options.SyntheticCitizens} but the environment is {environment.EnvironmentName}: " +
                "synthetic citizens with a shared password exist for the benchmark, in Development only.");
        }
        else if (!options.IsEnabled)
        {
            failures.Add("DevelopmentIssuer:SyntheticCitizens needs the development issuer, which is disabled (DevelopmentIssuer:Enabled is false).");
        }

        if (options.SyntheticCitizenPassword is { } password && string.IsNullOrWhiteSpace(password))
        {
            failures.Add("DevelopmentIssuer:SyntheticCitizenPassword must not be blank; leave it unset for the demo password.");
        }
    }

    /// <summary>Extra redirect URIs: absolute http(s) without wildcard or fragment, in Development and Testing only.</summary>
    private void ValidateExtraRedirectUris(DevelopmentIssuerSettings options, List<string> failures)
    {
        foreach (var (setting, uris) in new[]
                 {
                     (nameof(DevelopmentIssuerSettings.ExtraRedirectUris), options.ExtraRedirectUris),
                     (nameof(DevelopmentIssuerSettings.ExtraPostLogoutRedirectUris), options.ExtraPostLogoutRedirectUris),
                 })
        {
            if (uris.Length == 0)
            {
                continue;
            }

            if (!DevelopmentIssuerSettings.IsOnByDefault(environment))
            {
                failures.Add($"DevelopmentIssuer:{setting} is set but the environment is {environment.EnvironmentName}: " +
                             "extra redirect URIs are for development and tests only.");
                continue;
            }

            foreach (var uri in uris)
            {
                if (RedirectUris.Problem(uri) is { } problem)
                {
                    failures.Add($"DevelopmentIssuer:{setting} '{uri}' {problem}.");
                }
            }
        }
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, DevelopmentIssuerSettings.RealmFileInRepository)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
