using EGov.Portal;

// The portal alone: the same pages, settings and sign-in as in the single host, calling the API over HTTP at
// Portal:ApiBaseAddress (environment variable Portal__ApiBaseAddress). See docs/portal.md.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:8081");
}

if (string.IsNullOrWhiteSpace(builder.Configuration[$"{PortalOptions.Section}:{nameof(PortalOptions.ApiBaseAddress)}"]))
{
    await Console.Error.WriteLineAsync("EGov.Portal cannot start: set Portal:ApiBaseAddress (Portal__ApiBaseAddress) to the platform's address.");
    return 2;
}

builder.AddPortal();
var app = builder.Build();
app.UsePortal();
app.UseAuthentication();
app.UseAuthorization();
app.MapPortal();
await app.RunAsync();
return 0;
