using EGov.Host.Identity.Development;
using Microsoft.Extensions.Options;

namespace EGov.Host.Identity;

/// <summary>
/// Both identity sections, bound, defaulted and validated together: the defaults of one depend on the other
/// (plain-http metadata is fine when the development issuer answers it in memory), and one validation pass gives
/// one readable line however many settings are wrong.
/// </summary>
internal sealed class IdentitySettings
{
    public KeycloakSettings Keycloak { get; } = new();

    public DevelopmentIssuerSettings DevelopmentIssuer { get; } = new();

    /// <summary>Values that could not even be bound (e.g. <c>Enabled=maybe</c>), reported by validation.</summary>
    internal List<string> BindingProblems { get; } = [];

    /// <summary>Set when no realm file was configured or found; explains where it looked.</summary>
    internal string? RealmFileProblem { get; set; }

    public bool DevelopmentIssuerEnabled => DevelopmentIssuer.Enabled == true;
}

/// <summary>Binds, fills the environment-dependent defaults of, and validates <see cref="IdentitySettings"/>.</summary>
internal sealed class IdentitySettingsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IConfigureOptions<IdentitySettings>, IPostConfigureOptions<IdentitySettings>, IValidateOptions<IdentitySettings>
{
    public void Configure(IdentitySettings options)
    {
        Bind(KeycloakSettings.Section, options.Keycloak, options.BindingProblems);
        Bind(DevelopmentIssuerSettings.Section, options.DevelopmentIssuer, options.BindingProblems);
    }

    private void Bind(string section, object target, List<string> problems)
    {
        try
        {
            configuration.GetSection(section).Bind(target);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the type it wanted, e.g. "…value at 'DevelopmentIssuer:Enabled' to type…".
            problems.Add(ex.Message);
        }
    }

    public void PostConfigure(string? name, IdentitySettings options)
    {
        var issuer = options.DevelopmentIssuer;
        issuer.Enabled ??= environment.IsDevelopment() || environment.IsEnvironment(DevelopmentIssuerSettings.TestingEnvironment);

        // With the development issuer the metadata never leaves the process, so plain http is harmless there.
        options.Keycloak.RequireHttpsMetadata ??= !(environment.IsDevelopment() || options.DevelopmentIssuerEnabled);

        if (!options.DevelopmentIssuerEnabled)
        {
            return;
        }

        var contentRoot = environment.ContentRootPath;
        var repositoryRoot = FindRepositoryRoot(contentRoot);
        if (!string.IsNullOrWhiteSpace(issuer.RealmFile))
        {
            issuer.RealmFile = Path.GetFullPath(issuer.RealmFile, contentRoot);
        }
        else if (repositoryRoot is not null)
        {
            issuer.RealmFile = Path.Combine(repositoryRoot, DevelopmentIssuerSettings.RealmFileInRepository);
        }
        else
        {
            options.RealmFileProblem =
                $"DevelopmentIssuer:RealmFile is not set and {DevelopmentIssuerSettings.RealmFileInRepository} was not found in " +
                $"{contentRoot} or any folder above it; set DevelopmentIssuer:RealmFile to the realm file's path.";
        }

        issuer.KeyFile = string.IsNullOrWhiteSpace(issuer.KeyFile)
            ? Path.Combine(repositoryRoot ?? contentRoot, ".data", "dev-issuer", "signing-key.pem")
            : Path.GetFullPath(issuer.KeyFile, contentRoot);
    }

    public ValidateOptionsResult Validate(string? name, IdentitySettings options)
    {
        var failures = new List<string>(options.BindingProblems);
        var issuer = options.DevelopmentIssuer;

        if (options.DevelopmentIssuerEnabled && environment.IsProduction())
        {
            // Alone on its line: this is the one mistake that must never be missed among others.
            return ValidateOptionsResult.Fail(
                "DevelopmentIssuer:Enabled is true but the environment is Production: the development issuer signs tokens for demo " +
                "users with a published password and must never run there; remove the setting and use Keycloak.");
        }

        ValidateKeycloak(options.Keycloak, failures);
        ValidateSyntheticCitizens(options, failures);

        if (options.DevelopmentIssuerEnabled)
        {
            if (options.RealmFileProblem is not null)
            {
                failures.Add(options.RealmFileProblem);
            }
            else if (!File.Exists(issuer.RealmFile))
            {
                failures.Add($"DevelopmentIssuer:RealmFile {issuer.RealmFile} does not exist.");
            }

            if (issuer.AccessTokenLifetimeSeconds is < 10 or > 86_400)
            {
                failures.Add($"DevelopmentIssuer:AccessTokenLifetimeSeconds must be between 10 and 86400 (got {issuer.AccessTokenLifetimeSeconds}).");
            }

            if (issuer.AddressFailureFactor is < 0 or > 1_000_000)
            {
                failures.Add($"DevelopmentIssuer:AddressFailureFactor must be between 0 (off) and 1000000 (got {issuer.AddressFailureFactor}).");
            }

            if (issuer.MaxTrackedLoginFailures is < 100 or > 10_000_000)
            {
                failures.Add($"DevelopmentIssuer:MaxTrackedLoginFailures must be between 100 and 10000000 (got {issuer.MaxTrackedLoginFailures}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateSyntheticCitizens(IdentitySettings options, List<string> failures)
    {
        var issuer = options.DevelopmentIssuer;
        if (issuer.SyntheticCitizens == 0)
        {
            return;
        }

        if (issuer.SyntheticCitizens is < 0 or > SyntheticCitizens.MaxCount)
        {
            failures.Add($"DevelopmentIssuer:SyntheticCitizens must be between 0 and {SyntheticCitizens.MaxCount} (got {issuer.SyntheticCitizens}).");
        }
        else if (!(environment.IsDevelopment() || environment.IsEnvironment(DevelopmentIssuerSettings.TestingEnvironment)))
        {
            failures.Add(
                $"DevelopmentIssuer:SyntheticCitizens is {issuer.SyntheticCitizens} but the environment is {environment.EnvironmentName}: " +
                "synthetic citizens with a shared password exist for load tests in Development and Testing only.");
        }
        else if (!options.DevelopmentIssuerEnabled)
        {
            failures.Add("DevelopmentIssuer:SyntheticCitizens needs the development issuer, which is disabled (DevelopmentIssuer:Enabled is false).");
        }

        if (issuer.SyntheticCitizenPassword is { } password && string.IsNullOrWhiteSpace(password))
        {
            failures.Add("DevelopmentIssuer:SyntheticCitizenPassword must not be blank; leave it unset for the demo password.");
        }
    }

    private static void ValidateKeycloak(KeycloakSettings keycloak, List<string> failures)
    {
        var before = failures.Count;
        if (!IsHttpUrl(keycloak.ServerUrl))
        {
            failures.Add($"Keycloak:ServerUrl must be an absolute http(s) URL such as http://localhost:8080 (got '{keycloak.ServerUrl}').");
        }

        if (string.IsNullOrWhiteSpace(keycloak.Realm) || keycloak.Realm.Any(c => c is '/' or '?' or '#' or '%' || char.IsWhiteSpace(c)))
        {
            failures.Add($"Keycloak:Realm must be a realm name such as egov, without slashes or spaces (got '{keycloak.Realm}').");
        }

        if (string.IsNullOrWhiteSpace(keycloak.Audience))
        {
            failures.Add("Keycloak:Audience must name the API client tokens are issued for, such as egov-api.");
        }

        if (keycloak.ClockSkewSeconds is < 0 or > 300)
        {
            failures.Add($"Keycloak:ClockSkewSeconds must be between 0 and 300 (got {keycloak.ClockSkewSeconds}).");
        }

        if (keycloak.TokenCacheSize is < 0 or > 10_000_000)
        {
            failures.Add($"Keycloak:TokenCacheSize must be between 0 and 10000000 (got {keycloak.TokenCacheSize}).");
        }

        if (keycloak.TokenCacheSeconds is < 0 or > 3600)
        {
            failures.Add($"Keycloak:TokenCacheSeconds must be between 0 and 3600 (got {keycloak.TokenCacheSeconds}).");
        }

        if (!string.IsNullOrWhiteSpace(keycloak.MetadataAddress) && !IsHttpUrl(keycloak.MetadataAddress))
        {
            failures.Add($"Keycloak:MetadataAddress must be an absolute http(s) URL (got '{keycloak.MetadataAddress}').");
        }

        if (!string.IsNullOrWhiteSpace(keycloak.ValidIssuer) && !IsHttpUrl(keycloak.ValidIssuer))
        {
            failures.Add($"Keycloak:ValidIssuer must be an absolute http(s) URL such as https://id.example.gov/realms/egov (got '{keycloak.ValidIssuer}').");
        }

        if (failures.Count == before && keycloak.RequireHttpsMetadata == true
            && !keycloak.EffectiveMetadataAddress.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add(
                $"Keycloak:RequireHttpsMetadata is on but the metadata address {keycloak.EffectiveMetadataAddress} is not https; use an " +
                "https Keycloak URL, or set Keycloak:RequireHttpsMetadata=false where the network to Keycloak is trusted.");
        }
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);

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
