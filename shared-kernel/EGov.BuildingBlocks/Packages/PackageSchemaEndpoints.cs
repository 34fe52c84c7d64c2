using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EGov.BuildingBlocks.Packages;

/// <summary>Publishes a package kind's JSON Schema next to the OpenAPI documents, for anyone.</summary>
public static class PackageSchemaEndpoints
{
    public const string MediaType = "application/schema+json";

    /// <summary>Maps <c>GET /openapi/packages/{kind}.json</c> (anonymous, outside the OpenAPI documents, like them).</summary>
    public static IEndpointConventionBuilder MapPackageSchema<TContent>(this IEndpointRouteBuilder endpoints, PackageKind<TContent> kind)
        where TContent : class
    {
        ArgumentNullException.ThrowIfNull(kind);
        return endpoints.MapGet(kind.SchemaPath, () => Results.Text(kind.SchemaJson, MediaType))
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}
