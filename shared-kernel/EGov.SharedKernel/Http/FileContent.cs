using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace EGov.SharedKernel.Http;

/// <summary>
/// How an operation that takes or returns a file says so in the OpenAPI documents, in the shape client generators
/// (Kiota, NSwag, openapi-typescript) turn into a stream or a multipart part: bytes are <c>string</c>/<c>binary</c>.
/// </summary>
public static class FileContent
{
    /// <summary>The request is <c>multipart/form-data</c> with one required binary part named <paramref name="part"/>.</summary>
    public static RouteHandlerBuilder AcceptsFile(this RouteHandlerBuilder builder, string part, string description)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The route answers 415 to any other content type, before the handler runs. The request type named here
        // is a file, which is an inline binary schema: a form collection would leave an unused schema behind.
        builder.Accepts<IFormFile>("multipart/form-data");
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { part },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                [part] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = description },
                            },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });
    }

    /// <summary>The 200 response may be the bytes of a file of <paramref name="contentType"/> (besides any JSON it declares).</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, string contentType, string description)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            if (operation.Responses.TryGetValue("200", out var existing) && existing is OpenApiResponse response)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
            }
            else
            {
                response = new OpenApiResponse { Description = description, Content = new Dictionary<string, OpenApiMediaType>() };
                operation.Responses["200"] = response;
            }

            response.Content![contentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            return Task.CompletedTask;
        });
    }
}
