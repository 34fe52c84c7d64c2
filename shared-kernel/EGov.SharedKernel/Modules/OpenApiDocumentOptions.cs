using System.Text.Json;
using System.Text.Json.Nodes;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Idempotency;
using EGov.SharedKernel.Identity;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EGov.SharedKernel.Modules;

/// <summary>
/// What makes every OpenAPI document the platform serves tell the truth, so a client generated from it can trust
/// it: security and access as the pipeline enforces them, the 400 every operation with input can answer, required
/// headers, binary bodies, strict numbers, string enums, and a relative server instead of a loopback address. See docs/security.md.
/// </summary>
public static class OpenApiDocumentOptions
{
    public const string BearerScheme = "Bearer";

    /// <summary>The operation extension that states who may call the operation (see <see cref="Access"/>).</summary>
    public const string AccessExtension = "x-egov-access";

    /// <summary>
    /// The operation extension naming the staff function whose current position the caller needs beside the role
    /// (see <see cref="StaffRecordConventions.RequireStaffRecord{TBuilder}"/>).
    /// </summary>
    public const string StaffRecordExtension = "x-egov-staff-record";

    private const string ProblemJson = "application/problem+json";

    /// <summary>The component name of the validation problem, as the framework names it for <see cref="HttpValidationProblemDetails"/>.</summary>

    public static void ConfigurePlatformDocument(this OpenApiOptions options, string title, string description)
    {
        ArgumentNullException.ThrowIfNull(options);

        // A free-form JSON value is any JSON, inline: no "JsonElement" type in generated clients (nor for an optional one).
        var defaultId = options.CreateSchemaReferenceId;
        options.CreateSchemaReferenceId = type =>
            (Nullable.GetUnderlyingType(type.Type) ?? type.Type) == typeof(JsonElement) ? null : defaultId(type);

        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo { Title = title, Description = description, Version = "v1" };

            // The document is fetched through whatever address reached the host, so the one server is the
            // relative "/": clients resolve it against the document's own location, which is right behind any
            // proxy, and never see the loopback address the host listens on. (The specification reads an absent
            // list as this same "/"; stating it keeps linters and generators that insist on a server content.)
            document.Servers = [new OpenApiServer { Url = "/", Description = "The host this document was fetched from." }];

            // The module's tag describes the module.
            foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
            {
                tag.Description ??= description;
            }

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

        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (schema.Enum is { Count: > 0 } && schema.Type is null or 0)
            {
                schema.Type = JsonSchemaType.String;
            }

            if (type == typeof(decimal))
            {
                schema.Format = "decimal";
            }

            // A property with AllowedValues is an enum of those values (and null, where it may be null and left out).
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), true).FirstOrDefault() is AllowedValuesAttribute allowed
                    && schema.Properties?.TryGetValue(property.Name, out var target) == true && target is OpenApiSchema propertySchema)
                {
                    propertySchema.Enum = EnumOf(allowed, withNull: property.IsSetNullable && !IsRequired(property));
                }
            }

            // A property the server requires is not null either, whatever its C# type says.
            foreach (var property in context.JsonTypeInfo.Properties.Where(IsRequired))
            {
                if (schema.Properties?.TryGetValue(property.Name, out var target) == true && target is OpenApiSchema { Type: { } t } propertySchema)
                {
                    propertySchema.Type = t & ~JsonSchemaType.Null;
                }
            }

            // A property that may be null may also be left out: the server treats both alike.
            if (schema.Required is { Count: > 0 } required)
            {
                foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.IsSetNullable && !IsRequired(p)))
                {
                    required.Remove(property.Name);
                }
            }

            return Task.CompletedTask;
        });

        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var description = context.Description;
            var metadata = description.ActionDescriptor.EndpointMetadata;
            var access = metadata.OfType<Access>().LastOrDefault();
            var secured = access is not null
                ? !access.Anonymous
                : metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

            operation.Responses ??= [];
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            if (access is not null)
            {
                operation.Extensions[AccessExtension] = new JsonNodeExtension(new JsonObject
                {
                    ["anonymous"] = access.Anonymous,
                    ["roles"] = new JsonArray(access.Roles.Select(r => (JsonNode)JsonValue.Create(r)).ToArray()),
                });
            }

            if (metadata.OfType<StaffRecordRequirement>().LastOrDefault() is { } staff)
            {
                operation.Extensions[StaffRecordExtension] = new JsonNodeExtension(JsonValue.Create(staff.Function.ToString()));
            }

            operation.Security = secured
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }]
                : [];
            if (secured)
            {
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Missing, expired or invalid access token." });
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The caller lacks the role this operation requires, or acts outside their own party." });
            }

            // Anything with input can be refused as malformed (a parameter of the wrong type, a NUL, bad JSON).
            var hasInput = operation.RequestBody is not null || operation.Parameters is { Count: > 0 };
            if (hasInput && !operation.Responses.ContainsKey("400"))
            {
                operation.Responses["400"] = new OpenApiResponse
                {
                    Description = "The request is malformed or a field is invalid.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [ProblemJson] = new() { Schema = await NamedSchemaAsync<HttpValidationProblemDetails>(context, cancellationToken) },
                    },
                };
            }

            // A body of another media type than the operation accepts never reaches it.
            if (operation.RequestBody is not null && !operation.Responses.ContainsKey("415"))
            {
                var problem = await NamedSchemaAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(context, cancellationToken);
                operation.Responses["415"] = new OpenApiResponse
                {
                    Description = "The body is not of a media type this operation accepts.",
                    Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = problem } },
                };
            }

            StateAllowedValues(operation, description);

            // Any operation meets the database down (stopped, restarting, connections cut): a 503 problem, Retry-After.
            if (!operation.Responses.ContainsKey("503"))
            {
                var problem = await NamedSchemaAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(context, cancellationToken);
                operation.Responses["503"] = new OpenApiResponse
                {
                    Description = "The platform's database cannot be reached at the moment. The request may or may not have taken effect: " +
                        "repeat it after Retry-After seconds (a creating request with the same Idempotency-Key takes effect at most once).",
                    Headers = new Dictionary<string, IOpenApiHeader>
                    {
                        ["Retry-After"] = new OpenApiHeader
                        {
                            Description = "Seconds to wait before repeating the request.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        },
                    },
                    Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = problem } },
                };
            }

            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is OpenApiParameter { In: ParameterLocation.Header } header
                    && string.Equals(header.Name, IdempotencyKeys.HeaderName, StringComparison.OrdinalIgnoreCase))
                {
                    header.Required = true;
                    header.Description ??= "A key the client chooses per intended request (a UUID, for example): a retry with the same key and body is answered, not repeated.";
                    header.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        MinLength = 1,
                        MaxLength = IdempotencyKeys.MaxKeyLength,
                        Pattern = "^[!-~]+$",
                    };
                }
            }

            // Bodies that are not JSON are bytes: say so, or generated clients lose them.
            foreach (var response in operation.Responses.Values.OfType<OpenApiResponse>())
            {
                foreach (var (mediaType, media) in response.Content ?? new Dictionary<string, OpenApiMediaType>())
                {
                    if (media.Schema is null && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
                    {
                        media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                    }
                }
            }
        });

        options.AddDocumentTransformer((document, _, cancellationToken) => RemoveUnusedSchemasAsync(document, cancellationToken));
    }

    /// <summary>
    /// A schema nothing refers to (a framework type that a declaration replaced, such as the form file of an upload)
    /// would become a class nobody uses in every generated client: it is left out.
    /// </summary>
    private static async Task RemoveUnusedSchemasAsync(OpenApiDocument document, CancellationToken cancellationToken)
    {
        if (document.Components?.Schemas is not { Count: > 0 } schemas)
        {
            return;
        }

        while (true)
        {
            var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken);
            var unused = schemas.Keys.Where(name => !json.Contains($"\"#/components/schemas/{name}\"", StringComparison.Ordinal)).ToList();
            if (unused.Count == 0)
            {
                return;
            }

            foreach (var name in unused)
            {
                schemas.Remove(name);
            }
        }
    }

    /// <summary>
    /// A reference to the one named schema of <typeparamref name="T"/> (the name ProducesProblem gives it): an inline
    /// copy per operation would give generated clients a class per operation for the same problem.
    /// </summary>
    private static async Task<IOpenApiSchema> NamedSchemaAsync<T>(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation has no document.");
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var name = typeof(T).Name;
        if (!document.Components.Schemas.ContainsKey(name))
        {
            document.Components.Schemas[name] = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
        }

        return new OpenApiSchemaReference(name, document);
    }

    /// <summary>The values of <paramref name="allowed"/> as an enum, with null when the member may be null.</summary>
    private static List<JsonNode> EnumOf(AllowedValuesAttribute allowed, bool withNull) =>
        allowed.Values
            .Select(v => (JsonNode?)JsonValue.Create(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))
            .Concat(withNull ? [null] : [])
            .ToList()!;

    /// <summary>A property the server requires although its type admits null (it checks it and names it in a 400).</summary>
    private static bool IsRequired(System.Text.Json.Serialization.Metadata.JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), true) == true;

    /// <summary>A parameter with <see cref="AllowedValuesAttribute"/> is an enum of those values in its schema.</summary>
    private static void StateAllowedValues(OpenApiOperation operation, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
    {
        foreach (var parameter in description.ParameterDescriptions)
        {
            var info = (parameter.ParameterDescriptor as Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor)?.ParameterInfo;
            if (info?.GetCustomAttributes(typeof(AllowedValuesAttribute), false).FirstOrDefault() is not AllowedValuesAttribute allowed)
            {
                continue;
            }

            var target = operation.Parameters?.OfType<OpenApiParameter>()
                .FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (target is not null)
            {
                target.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = EnumOf(allowed, withNull: false),
                };
            }
        }
    }
}
