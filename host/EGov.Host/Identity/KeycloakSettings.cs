namespace EGov.Host.Identity;

/// <summary>
/// Settings of section <c>Keycloak</c>: where access tokens come from and what the API accepts. The same settings
/// serve Keycloak and the embedded development issuer, so a token is validated the same way by both.
/// </summary>
internal sealed class KeycloakSettings
{
    public const string Section = "Keycloak";

    /// <summary>Base URL of the Keycloak server, e.g. <c>http://localhost:8080</c>.</summary>
    public string ServerUrl { get; set; } = "http://localhost:8080";

    public string Realm { get; set; } = "egov";

    /// <summary>The API client: it must be in the token's <c>aud</c>, and its client roles become roles.</summary>
    public string Audience { get; set; } = "egov-api";

    /// <summary>Default: false in Development or when the development issuer runs (metadata in memory), true otherwise.</summary>
    public bool? RequireHttpsMetadata { get; set; }

    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>Accepted tokens remembered per node (<see cref="ValidatedTokenCache"/>); 0 validates every request in full.</summary>
    public int TokenCacheSize { get; set; } = 50_000;

    /// <summary>Longest time an accepted token is remembered, in seconds (never past its <c>exp</c>); 0 turns the cache off.</summary>
    public int TokenCacheSeconds { get; set; } = 300;

    /// <summary>Where to fetch the discovery document when it differs from the public issuer (container split).</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The <c>iss</c> to accept when it differs from <c>{ServerUrl}/realms/{Realm}</c>.</summary>
    public string? ValidIssuer { get; set; }

    /// <summary>A value that could not even be bound (e.g. <c>ClockSkewSeconds=soon</c>), reported by validation.</summary>
    internal string? BindingProblem { get; set; }

    /// <summary><c>{ServerUrl}/realms/{Realm}</c>, without a trailing slash, as Keycloak writes it.</summary>
    public string Authority => $"{ServerUrl.TrimEnd('/')}/realms/{Realm}";

    /// <summary>The issuer tokens carry: <see cref="ValidIssuer"/> when set, otherwise <see cref="Authority"/>.</summary>
    public string Issuer => string.IsNullOrWhiteSpace(ValidIssuer) ? Authority : ValidIssuer.TrimEnd('/');

    /// <summary>The discovery document address: <see cref="MetadataAddress"/> when set, otherwise under the authority.</summary>
    public string EffectiveMetadataAddress =>
        string.IsNullOrWhiteSpace(MetadataAddress) ? $"{Authority}/.well-known/openid-configuration" : MetadataAddress;
}
