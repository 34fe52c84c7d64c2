using EGov.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Host.Tests.Operations;

/// <summary>Data-protection keys live in PostgreSQL: what one node protects, another node of the same database unprotects.</summary>
public sealed class DataProtectionTests
{
    [Fact]
    public async Task Two_nodes_on_one_database_share_one_key_ring()
    {
        await using var first = await PlatformFactory.StartAsync("dataprotection");
        var fromFirst = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("egov.operations.test").Protect("payload one");
        Assert.Equal(1, await Database.CountAsync(first.ConnectionString, "SELECT count(*) FROM platform.data_protection_keys"));

        await using var second = first.Another();
        second.StartServer();
        var protector = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("egov.operations.test");
        Assert.Equal("payload one", protector.Unprotect(fromFirst));

        var fromSecond = protector.Protect("payload two");
        Assert.Equal("payload two", first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("egov.operations.test").Unprotect(fromSecond));
        Assert.Equal(1, await Database.CountAsync(first.ConnectionString, "SELECT count(*) FROM platform.data_protection_keys"));
    }

    [Fact]
    public async Task A_node_on_another_database_cannot_unprotect()
    {
        await using var first = await PlatformFactory.StartAsync("dataprotection-a");
        await using var other = await PlatformFactory.StartAsync("dataprotection-b");
        var payload = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("egov.operations.test").Protect("payload");
        var foreign = other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("egov.operations.test");
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => foreign.Unprotect(payload));
    }
}
