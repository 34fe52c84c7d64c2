using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EGov.BuildingBlocks.Forms;

/// <summary>What an OpenAPI document needs to say of the forms block's views beyond what their C# types tell.</summary>
public static class FormOpenApi
{
    /// <summary>
    /// A condition's <c>equals</c> holds choice values (strings) or, for a yes/no field, booleans. The items are
    /// stated as any JSON value with that description: a list of two types is a union that client generators read as
    /// one of them (and then fail on the other). Call it on every module document that serves a <see cref="FormView"/>.
    /// </summary>
    public static OpenApiOptions AddFormSchemas(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(FieldConditionView)
                && schema.Properties?.TryGetValue("equals", out var equals) == true && equals is OpenApiSchema values)
            {
                values.Items = new OpenApiSchema { Description = "A choice value (string), or true/false for a yes/no field." };
                values.Description = "Choice values, or true/false for a yes/no field.";
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
