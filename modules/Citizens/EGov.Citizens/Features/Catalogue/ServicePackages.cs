using System.Text.Json;
using EGov.Citizens.Domain;
using EGov.Citizens.Persistence;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using EGov.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

namespace EGov.Citizens.Features.Catalogue;

/// <summary>
/// Service designers define services as data: a service is one <c>g2c-service</c> package (its JSON Schema is at
/// <c>/openapi/packages/g2c-service.json</c>). Import checks a package whole and publishes it as version 1 or as the
/// next version; export gives any version back as a package. Applications keep the version they were filed against.
/// </summary>
internal static class ServicePackages
{
    private const string PackageDescription =
        "A g2c-service package: its JSON Schema (2020-12) is published at /openapi/packages/g2c-service.json.";

    public static void Map(RouteGroupBuilder services)
    {
        services.MapPost("/packages", ImportAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.ServiceDesigner, PlatformRoles.PlatformAdmin))
            .WithName("ImportServicePackage")
            .WithSummary("Publish a service from a package")
            .WithDescription(
                "The body is a g2c-service package (JSON Schema: /openapi/packages/g2c-service.json), checked whole: every mistake is named in one 400. " +
                "A new code becomes version 1; an existing one gets the next version, unless the package says the same as the current version (200, nothing new). " +
                "A package that states `version` edits that version: when a newer one is current, 409 (export it again). " +
                "The agency must be in the module's agency registry copy. A service designer publishes for their own agency only, and cannot take over or hand away " +
                "another agency's service (403); a platform administrator acts for any agency.")
            .Accepts<JsonElement>("application/json")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.RequestBody is OpenApiRequestBody body)
                {
                    body.Description = PackageDescription;
                }

                return Task.CompletedTask;
            })
            .Produces<ServiceResponse>(StatusCodes.Status201Created)
            .Produces<ServiceResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        services.MapGet("/{code}/package", ExportAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.ServiceDesigner, PlatformRoles.PlatformAdmin))
            .WithName("ExportServicePackage")
            .WithSummary("Export a service as a package")
            .WithDescription(
                "The current version of a service (or `?version=`) as a g2c-service package (JSON Schema: /openapi/packages/g2c-service.json): " +
                "texts, form, lifecycle, deadline, fee, required documents, document template and roles. Importing it unchanged into another deployment gives the same service. " +
                "A service designer exports their own agency's services (403 otherwise); a platform administrator any.")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
                {
                    response.Description = PackageDescription;
                }

                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<ServiceResponse>, Ok<ServiceResponse>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        [FromBody] JsonElement body, HttpRequest request, CitizensDb db, CurrentForms forms, ICurrentUser user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var package = ServicePackage.Kind.Read(body, errors);

        // The agency is checked against the registry copy even when the package has other mistakes: one answer names all.
        var agency = package?.Content.AgencyCode
            ?? (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("agency", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null);
        if (agency is not null && !errors.ToDictionary().ContainsKey("agency")
            && !await db.Agencies.AnyAsync(x => x.Code == agency && x.Status == "active", cancellationToken))
        {
            errors.Add("agency", $"'{agency}' is not an active agency of the registry.");
        }

        if (errors.Any || package is null)
        {
            return Problems.Validation(errors);
        }

        var definition = package.Content;
        if (!user.ActsFor(definition.AgencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(definition.AgencyCode, $"package '{package.Code}'"));
        }

        var current = await db.Services.SingleOrDefaultAsync(s => s.Code == package.Code && s.IsCurrent, cancellationToken);
        if (current is not null && !user.ActsFor(current.AgencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(current.AgencyCode, $"service '{package.Code}'"));
        }

        if (current is not null && package.Version is { } edits && edits != current.Version)
        {
            return Problems.Conflict(
                $"The package edits version {edits} of '{package.Code}', but version {current.Version} is current: export it again, or leave 'version' out to publish over it.",
                new Dictionary<string, object?> { ["currentVersion"] = current.Version });
        }

        if (current is not null && ServicePackage.Kind.ContentJson(current.Definition) == ServicePackage.Kind.ContentJson(definition))
        {
            return TypedResults.Ok(await ResponseAsync(request, db, current, cancellationToken));
        }

        current?.Supersede();
        var service = CatalogueService.Publish(package.Code, (current?.Version ?? 0) + 1, definition, clock.GetUtcNow(), user.Actor);
        db.Services.Add(service);
        db.Audit(user, current is null ? "service.created" : "service.versioned", "service", service.Code,
            new { service.Version, previous = current?.Version, service.AgencyCode, fields = service.Form.Fields.Count });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            return Problems.Conflict($"Service '{package.Code}' was published at the same time by someone else; read it again and retry.");
        }

        forms.Replace(service.Code, service.Form);
        return TypedResults.Created($"/api/g2c/services/{service.Code}?version={service.Version}", await ResponseAsync(request, db, service, cancellationToken));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportAsync(
        string code, int? version, CitizensDb db, ICurrentUser user, CancellationToken cancellationToken)
    {
        if (await ReadCatalogue.FindAsync(db, code, version, cancellationToken) is not { } service)
        {
            return ReadCatalogue.NotFound(code, version);
        }

        if (!user.ActsFor(service.AgencyCode))
        {
            return Problems.Forbidden(user.OutsideAgency(service.AgencyCode, $"service '{code}'"));
        }

        return TypedResults.Text(ServicePackage.Kind.Write(service.ToPackage()), "application/json", System.Text.Encoding.UTF8);
    }

    private static async Task<ServiceResponse> ResponseAsync(HttpRequest request, CitizensDb db, CatalogueService service, CancellationToken cancellationToken)
    {
        var names = await ReadCatalogue.AgencyNamesAsync(db, [service.AgencyCode], cancellationToken);
        return ServiceResponse.For(request, service, names.GetValueOrDefault(service.AgencyCode));
    }
}
