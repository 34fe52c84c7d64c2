using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EGov.SharedKernel.Modules;

public static class OpenApiDocumentOptions
{
    public const string BearerScheme = "Bearer";

    /// <summary>
    /// Title and description, the Keycloak bearer scheme that Scalar offers for secured calls, and on every
    /// secured operation the security requirement with its 401 and 403 problem responses.
    /// </summary>
    public static void ConfigurePlatformDocument(this OpenApiOptions options, string title, string description)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo { Title = title, Description = description, Version = "v1" };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from Keycloak (realm egov) or, in development, the embedded issuer.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
            if (!secured)
            {
                return Task.CompletedTask;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
            });
            operation.Responses ??= [];
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Missing, expired or invalid access token." });
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The caller lacks the role this operation requires." });
            return Task.CompletedTask;
        });
    }
}
