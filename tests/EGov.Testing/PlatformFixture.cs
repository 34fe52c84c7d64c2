using Xunit;

namespace EGov.Testing;

/// <summary>One running platform on its own database, shared by the test classes of an assembly.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private PlatformFactory? _platform;

    public PlatformFactory Platform => _platform ?? throw new InvalidOperationException("The platform has not started.");

    public async ValueTask InitializeAsync() => _platform = await PlatformFactory.StartAsync("platform");

    public async ValueTask DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }
    }
}
