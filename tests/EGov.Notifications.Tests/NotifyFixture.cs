using EGov.Testing;

[assembly: AssemblyFixture(typeof(EGov.Notifications.Tests.NotifyFixture))]

namespace EGov.Notifications.Tests;

/// <summary>The test run's smtp4dev and one platform on its own database whose senders mail to it.</summary>
public sealed class NotifyFixture : IAsyncLifetime
{
    private PlatformFactory? _platform;

    public SmtpServerFixture Smtp { get; } = new();

    public PlatformFactory Platform => _platform ?? throw new InvalidOperationException("The platform has not started.");

    public async ValueTask InitializeAsync()
    {
        await Smtp.InitializeAsync();
        _platform = await PlatformFactory.StartAsync("notify", Notify.Settings(Smtp.SmtpPort));
    }

    public async ValueTask DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        await Smtp.DisposeAsync();
    }
}
