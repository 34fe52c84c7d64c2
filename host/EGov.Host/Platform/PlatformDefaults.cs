using System.Diagnostics;
using EGov.BuildingBlocks.Documents;
using EGov.DevelopmentIssuer;
using EGov.Host.Identity;
using EGov.Host.Lifecycle;
using EGov.Host.Orleans;
using EGov.Host.Telemetry;
using EGov.SharedKernel.Events;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Modules;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Scalar.AspNetCore;

namespace EGov.Host.Platform;

/// <summary>What every module relies on: PostgreSQL, problem details, identity, Orleans, events, OpenAPI, health.</summary>
internal static class PlatformDefaults
{
    public const string PlatformDocument = "platform";

    public static WebApplicationBuilder AddPlatformDefaults(this WebApplicationBuilder builder)
    {
        // First: mounted secrets may hold settings read below (the connection string).
        builder.AddPlatformLifecycle();
        builder.AddPlatformTelemetry();

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://localhost:8080");
        }

        var connectionString = PlatformDatabase.ReadConnectionString(builder.Configuration);
        builder.Services.AddSingleton(services => PlatformDatabase.CreateDataSource(connectionString, services));
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // The one writer of every problem body: an extension named like a standard member would emit it twice.
            Problems.RemoveReservedExtensions(context.ProblemDetails.Extensions);
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<PlatformExceptionHandler>();
        builder.Services.AddOptions<HttpLimitsOptions>().BindConfiguration(HttpLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());

            // Numbers are JSON numbers: the web defaults also read "12" as 12, which every schema would then
            // have to declare as integer-or-string.
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });

        // Order matters: migrations finish before the silo, the dispatcher and the modules' start-up work run.
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MigrationRunner>());

        // Signed documents are one platform mechanism: one key set, one check for the documents of every module
        // (each module that issues documents registers itself as a source). After the migrations, which may carry
        // keys over for the key store to encrypt at start.
        builder.Services.AddSignedDocuments();

        builder.AddPlatformIdentity();
        builder.AddPlatformOrleans();
        builder.Services.AddIntegrationEvents();

        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgresql", tags: ["ready"])
            .AddCheck<OutboxHealthCheck>("outbox", tags: ["ready"]);

        builder.Services.AddOpenApi(PlatformDocument, options => options.ConfigurePlatformDocument(
            "EGov.Platform — platform",
            "Operator and cross-cutting endpoints: the caller's identity, modules, outbox monitoring, audit verification, and the signed documents of every module (public check, published keys, revocation, key rotation)."));
        return builder;
    }

    public static WebApplication UsePlatformDefaults(this WebApplication app)
    {
        ModuleSwitches.EnsureKnown(app.Configuration, app.Services.GetServices<ModuleSwitch>());
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<UnknownApiPaths>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<RequestTextGuard>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthResponse.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).ExcludeFromDescription();

        app.MapOpenApi("/openapi/{documentName}.json");
        var modules = app.Services.GetServices<ModuleDescriptor>().ToList();
        app.MapScalarApiReference("/scalar", options =>
        {
            options.WithTitle("EGov.Platform API");

            // A government deployment calls no third-party service from its API reference: no AI chat, MCP,
            // telemetry, hosted fonts, request proxy or "deploy"/"generate SDK" tool bars; scripts run by nonce.
            options.DisableAgent().DisableMcp().DisableTelemetry().DisableDefaultFonts().HideDeveloperTools().WithNonce();
            options.DotNetFlag = false;
            options.ProxyUrl = null;
            foreach (var module in modules)
            {
                options.AddDocument(module.OpenApiDocument, $"{module.Code.ToUpperInvariant()} — {module.Name}", $"/openapi/{module.OpenApiDocument}.json");
            }

            options.AddDocument(PlatformDocument, "Platform", $"/openapi/{PlatformDocument}.json");
            options.AddPreferredSecuritySchemes(OpenApiDocumentOptions.BearerScheme);
        }).ExcludeFromDescription();

        app.MapDevelopmentIssuer();
        app.MapPlatformEndpoints();
        app.MapPlatformTelemetry();
        return app;
    }
}
