using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EGov.SharedKernel.Http;

/// <summary>
/// Who may call an operation, declared once next to the route with <see cref="AccessConventions.RequireAccess{TBuilder}"/>:
/// anyone (<see cref="Public"/>), any authenticated caller (<see cref="AnyCaller"/>), or holders of one of the
/// <see cref="Roles"/>. The declaration applies the authorization policy, is published in the OpenAPI documents as
/// <c>x-egov-access</c>, and drives the generated authorization matrix in the tests: a route without one fails them.
/// Relations (the applicant, staff of the responsible agency) are checked by the feature on top of this.
/// </summary>
public sealed record Access
{
    private Access(bool anonymous, IReadOnlyList<string> roles)
    {
        Anonymous = anonymous;
        Roles = roles;
    }

    /// <summary>No token needed.</summary>
    public static Access Public { get; } = new(true, []);

    /// <summary>Any valid access token, whatever its roles.</summary>
    public static Access AnyCaller { get; } = new(false, []);

    public bool Anonymous { get; }

    /// <summary>The caller needs one of these roles; empty means any authenticated caller.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>Callers holding at least one of <paramref name="roles"/>.</summary>
    public static Access AnyOf(params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Length == 0 || roles.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Name at least one role; use Access.AnyCaller for any authenticated caller.", nameof(roles));
        }

        return new Access(false, roles.Distinct(StringComparer.Ordinal).ToArray());
    }

    /// <summary>What a caller with <paramref name="callerRoles"/> (null: anonymous) may expect from the pipeline.</summary>
    public bool Admits(IReadOnlyCollection<string>? callerRoles) =>
        Anonymous || (callerRoles is not null && (Roles.Count == 0 || Roles.Any(callerRoles.Contains)));
}

public static class AccessConventions
{
    /// <summary>Declares and enforces who may call the endpoints of <paramref name="builder"/>.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, Access access) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(access);
        builder.WithMetadata(access);
        if (access.Anonymous)
        {
            return builder.AllowAnonymous();
        }

        return access.Roles.Count == 0
            ? builder.RequireAuthorization()
            : builder.RequireAuthorization(policy => policy.RequireRole(access.Roles));
    }
}
