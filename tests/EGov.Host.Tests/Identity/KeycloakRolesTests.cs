using System.Security.Claims;
using EGov.Host.Identity;
using EGov.SharedKernel.Identity;
using Xunit;

namespace EGov.Host.Tests.Identity;

/// <summary>Keycloak's nested role claims become one <c>role</c> claim per role of the realm and of the API client.</summary>
public sealed class KeycloakRolesTests
{
    [Fact]
    public void Flattening_roles_is_idempotent_and_takes_only_the_API_clients_roles()
    {
        var identity = new ClaimsIdentity(
        [
            new Claim("realm_access", """{"roles":["citizen","business-representative"]}""", "JSON"),
            new Claim("resource_access", """{"egov-api":{"roles":["api-operator"]},"egov-portal":{"roles":["portal-only"]}}""", "JSON"),
        ], "test", PlatformClaims.Username, PlatformClaims.Role);

        KeycloakRoles.Flatten(identity, "egov-api");
        KeycloakRoles.Flatten(identity, "egov-api");

        Assert.Equal(["api-operator", "business-representative", "citizen"],
            identity.FindAll(PlatformClaims.Role).Select(c => c.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Malformed_role_claims_give_no_roles_instead_of_an_error()
    {
        var identity = new ClaimsIdentity(
        [
            new Claim("realm_access", "not json"),
            new Claim("resource_access", """{"egov-api":["not","an","object"]}""", "JSON"),
        ], "test");

        KeycloakRoles.Flatten(identity, "egov-api");

        Assert.Empty(identity.FindAll(PlatformClaims.Role));
    }
}
