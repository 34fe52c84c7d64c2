using EGov.Agencies;
using EGov.Businesses;
using EGov.Citizens;
using EGov.Employees;
using EGov.Host.Lifecycle;
using EGov.Host.Platform;
using EGov.Notifications;
using EGov.Portal;

try
{
    if (HealthProbe.IsHealthcheckCommand(args))
    {
        return await HealthProbe.RunAsync(args);
    }

    var builder = WebApplication.CreateBuilder(args);

    builder.AddPlatformDefaults();
    builder.AddAgenciesModule();
    builder.AddCitizensModule();
    builder.AddBusinessesModule();
    builder.AddEmployeesModule();
    builder.AddNotificationsModule();
    builder.AddPortal();

    var app = builder.Build();

    if (PlatformCommands.IsMigrateCommand(args))
    {
        return await PlatformCommands.MigrateAsync(app);
    }

    app.UsePlatformDefaults();
    app.UsePortal();
    app.MapAgenciesModule();
    app.MapCitizensModule();
    app.MapBusinessesModule();
    app.MapEmployeesModule();
    app.MapNotificationsModule();
    app.MapPortal();

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (PlatformConfigurationException.IsConfigurationError(ex))
{
    // A configuration mistake is one readable line, not a stack trace.
    await Console.Error.WriteLineAsync($"EGov.Platform cannot start: {PlatformConfigurationException.Describe(ex)}");
    return 2;
}

/// <summary>Entry point; public for the integration tests' WebApplicationFactory.</summary>
public partial class Program;
