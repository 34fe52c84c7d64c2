namespace EGov.SharedKernel.Modules;

/// <summary>
/// What the platform knows about a module: its delivery-model code drives the HTTP prefix, the database schema
/// and the OpenAPI document name.
/// </summary>
public sealed record ModuleDescriptor(string Name, string Code, string Title, string Description)
{
    public string Schema => Code;

    public string RoutePrefix => $"/api/{Code}";

    public string OpenApiDocument => Code;
}
