using EGov.DevelopmentIssuer;
using Microsoft.Extensions.Options;

namespace EGov.Host.Identity;

/// <summary>
/// Binds, fills the defaults of, and validates <see cref="KeycloakSettings"/>; one validation pass gives one readable
/// line however many settings are wrong. Plain-http metadata is the default only in Development or while the
/// development issuer answers the metadata in memory.
/// </summary>
internal sealed class KeycloakSettingsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IConfigureOptions<KeycloakSettings>, IPostConfigureOptions<KeycloakSettings>, IValidateOptions<KeycloakSettings>
{
    public void Configure(KeycloakSettings options)
    {
        try
        {
            configuration.GetSection(KeycloakSettings.Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the type it wanted, e.g. "…value at 'Keycloak:ClockSkewSeconds' to type…".
            options.BindingProblem = ex.Message;
        }
    }

    public void PostConfigure(string? name, KeycloakSettings options) =>
        options.RequireHttpsMetadata ??= !(environment.IsDevelopment() || configuration.IsDevelopmentIssuerEnabled(environment));

    public ValidateOptionsResult Validate(string? name, KeycloakSettings keycloak)
    {
        var failures = new List<string>();
        if (keycloak.BindingProblem is not null)
        {
            failures.Add(keycloak.BindingProblem);
        }

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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
