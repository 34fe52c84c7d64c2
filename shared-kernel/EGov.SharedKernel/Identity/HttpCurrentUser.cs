using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace EGov.SharedKernel.Identity;

/// <summary><see cref="ICurrentUser"/> over the authenticated principal of the current HTTP request.</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public string? Subject => Find(PlatformClaims.Subject);

    public string? Username => Find(PlatformClaims.Username);

    public string? NationalId => Find(PlatformClaims.NationalId);

    public string? GivenName => Find(PlatformClaims.GivenName);

    public string? FamilyName => Find(PlatformClaims.FamilyName);

    public string? Email => Find(PlatformClaims.Email);

    public string? AgencyId => Find(PlatformClaims.AgencyId);

    public string? EmployeeId => Find(PlatformClaims.EmployeeId);

    public string? Department => Find(PlatformClaims.Department);

    public IReadOnlyList<string> Mandates =>
        Principal?.FindAll(PlatformClaims.Mandates).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray() ?? [];

    public IReadOnlyCollection<string> Roles =>
        Principal?.FindAll(PlatformClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal) ?? [];

    public bool IsInRole(string role) => Principal?.HasClaim(PlatformClaims.Role, role) == true;

    public string Actor => Subject ?? Find(PlatformClaims.ClientId) ?? "anonymous";

    private string? Find(string type) => Principal?.FindFirst(type)?.Value;
}
