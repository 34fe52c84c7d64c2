using System.Net;
using System.Security.Cryptography;
using EGov.Testing;
using static EGov.Employees.Tests.G2e;

namespace EGov.Employees.Tests;

/// <summary>Rotating the key-encryption key from configuration: re-wrap the data keys, old records stay readable, the old key can go.</summary>
public sealed class KeyRotationTests
{
    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Data_keys_are_rewrapped_with_the_new_key_and_records_stay_readable_without_the_old_one()
    {
        var (k1, k2) = (NewKey(), NewKey());
        var database = await PostgresServer.CreateDatabaseAsync("g2e_keys");
        Guid id;
        await using (var first = StartTesting(database, new Dictionary<string, string?> { ["Employees:Encryption:Keys:k1"] = k1, ["Employees:Encryption:CurrentKey"] = "k1" }))
        {
            var frank = await first.ClientForAsync("hr.frank");
            id = await HireAsync(frank, Hire("E-3500", await CreatePositionAsync(frank, "Clerk"), "2026-01-01", monthlySalary: 2800m));
            Assert.Equal(1, await CountAsync(first, "SELECT count(*) FROM g2e.data_keys WHERE kek_id = 'k1'"));
        }

        // The new key is added and made current; the old one is still configured while the data keys are re-wrapped.
        await using (var second = StartTesting(database, new Dictionary<string, string?>
        {
            ["Employees:Encryption:Keys:k1"] = k1, ["Employees:Encryption:Keys:k2"] = k2, ["Employees:Encryption:CurrentKey"] = "k2",
        }))
        {
            var admin = await second.ClientForAsync("admin.jan");
            var result = await OkJsonAsync(await admin.PostAsync("/api/g2e/encryption/rewrap", null, Ct));
            Assert.Equal(1, result.GetProperty("rewrapped").GetInt32());
            Assert.Equal(0, await CountAsync(second, "SELECT count(*) FROM g2e.data_keys WHERE kek_id <> 'k2'"));
        }

        // Without the old key the record still opens.
        await using var third = StartTesting(database, new Dictionary<string, string?> { ["Employees:Encryption:Keys:k2"] = k2, ["Employees:Encryption:CurrentKey"] = "k2" });
        var hr = await third.ClientForAsync("hr.frank");
        var record = await GetOkAsync(hr, $"/api/g2e/employees/{id}");
        Assert.Equal("88020312345", record.GetProperty("personal").GetProperty("nationalId").GetString());
    }

    [Fact]
    public async Task A_current_key_that_is_not_configured_stops_the_start()
    {
        var database = await PostgresServer.CreateDatabaseAsync("g2e_badkey");
        var ex = Record.Exception(() =>
        {
            using var factory = StartTesting(database, new Dictionary<string, string?> { ["Employees:Encryption:CurrentKey"] = "missing" });
        });
        Assert.NotNull(ex);
        Assert.Contains("CurrentKey", EGov.Employees.Security.EncryptionOptions.Problem(new() { CurrentKey = "missing" }), StringComparison.Ordinal);
        Assert.Contains("32 bytes", EGov.Employees.Security.EncryptionOptions.Problem(new() { Keys = { ["k"] = Convert.ToBase64String(new byte[16]) } }), StringComparison.Ordinal);
        Assert.Null(EGov.Employees.Security.EncryptionOptions.Problem(new() { Keys = { ["k"] = NewKey() }, CurrentKey = "k" }));
    }
}
