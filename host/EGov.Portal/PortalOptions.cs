namespace EGov.Portal;

/// <summary>Settings of the portal (section <c>Portal</c>; see docs/portal.md and docs/settings.md).</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>
    /// Base address of the platform's API (e.g. <c>https://api.example.gov/</c>). Empty in the single host: the
    /// portal calls the host's own address. A portal running as its own process must set it.
    /// </summary>
    public string? ApiBaseAddress { get; set; }

    /// <summary>Seconds the portal waits for one API call before it shows "service unavailable".</summary>
    public int ApiTimeoutSeconds { get; set; } = 15;

    /// <summary>The portal's client at the issuer (a confidential client of the realm, deploy/keycloak/egov-realm.json).</summary>
    public string ClientId { get; set; } = "egov-portal";

    /// <summary>The client's secret; from a secret store outside development (Portal__ClientSecret).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Cookies only over HTTPS (browsers treat http://localhost as secure, so development works too).</summary>
    public bool SecureCookies { get; set; } = true;
}
