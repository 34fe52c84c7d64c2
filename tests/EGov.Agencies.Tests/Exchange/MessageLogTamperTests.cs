using System.Net;
using EGov.Testing;

namespace EGov.Agencies.Tests.Exchange;

/// <summary>
/// The signed message log against someone with write access to the database: an entry altered, removed or inserted by
/// SQL is named by number by the offline verifier, and the signer does not sign past it. A platform of its own, so the
/// tampering touches no other test.
/// </summary>
public sealed class MessageLogTamperTests : IAsyncLifetime
{
    private PlatformFactory? _platform;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PlatformFactory Platform => _platform!;

    public async ValueTask InitializeAsync() => _platform = await PlatformFactory.StartAsync("g2g-tamper", ExchangeFixture.Settings);

    public async ValueTask DisposeAsync()
    {
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_altered_a_removed_and_an_inserted_entry_are_each_named_by_number()
    {
        // NTA holds a granted right to the seeded person basic record (answered by G2C): a few real calls.
        var client = Platform.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await Tokens.ClientCredentialsAsync(client, "agency-nta", "agency-nta-dev-secret"));
        for (var i = 0; i < 6; i++)
        {
            using var call = await client.SendAsync(Exchanges.Call(HttpMethod.Get, "NCR", "person-basic-record", "NTA", operation: "read", userId: "NTA:E-4001", issue: $"NTA-2026-{i:000000}"), Ct);
            Assert.True(call.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{call.StatusCode}");
        }

        var last = await Exchanges.LastSequenceAsync(Platform);
        Assert.True(last >= 10, "the demo entries and the calls");
        await Exchanges.SignedThroughAsync(Platform, last);
        using var auditor = await Platform.ClientForAsync("auditor.karl");
        var (clean, _, _) = await Exchanges.ExportAndVerifyAsync(auditor, 1, last);
        Assert.True(clean.Valid, clean.Problem);

        var cs = Platform.ConnectionString;
        await Database.ExecuteAsync(cs, "CREATE TABLE g2g.tamper_backup AS SELECT * FROM g2g.message_log");

        // Altered: one field of entry 7.
        await Database.ExecuteAsync(cs, "UPDATE g2g.message_log SET purpose = 'Nothing to see here' WHERE sequence = 7");
        var (altered, _, _) = await Exchanges.ExportAndVerifyAsync(auditor, 1, last);
        Assert.False(altered.Valid);
        Assert.Equal(7, altered.FirstBadEntry);
        await Restore(cs);

        // Removed: entry 5.
        await Database.ExecuteAsync(cs, "DELETE FROM g2g.message_log WHERE sequence = 5");
        var (removed, _, _) = await Exchanges.ExportAndVerifyAsync(auditor, 1, last);
        Assert.False(removed.Valid);
        Assert.Equal(5, removed.FirstBadEntry);
        Assert.Contains("missing", removed.Problem, StringComparison.Ordinal);
        await Restore(cs);

        // Removed: the last entry of the range (its batch still names it).
        await Database.ExecuteAsync(cs, "DELETE FROM g2g.message_log WHERE sequence = @s", ("s", last));
        var (removedLast, _, _) = await Exchanges.ExportAndVerifyAsync(auditor, 1, last);
        Assert.Equal(last, removedLast.FirstBadEntry);
        await Restore(cs);

        // Inserted: a copy of entry 3 appended as a new entry; it is named, and the signer does not sign it.
        var forged = last + 1;
        await Database.ExecuteAsync(cs,
            "INSERT INTO g2g.message_log SELECT @s, logged_at, consumer_code, client, provider_code, service_code, operation, 'Forged purpose', legal_basis, issue, end_user, " +
            "subject_kind, subject_id, message_id || '-x', request_hash, response_hash, status, outcome, duration_micros, request_body, response_body, hash FROM g2g.message_log WHERE sequence = 3",
            ("s", forged));
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(0, await Database.CountAsync(cs, "SELECT count(*) FROM g2g.message_log_batches WHERE last_sequence >= @s", ("s", forged)));
        var (inserted, _, _) = await Exchanges.ExportAndVerifyAsync(auditor, 1, forged);
        Assert.False(inserted.Valid);
        Assert.Equal(forged, inserted.FirstBadEntry);

        // Everything back as it was: the range verifies again.
        await Database.ExecuteAsync(cs, "DELETE FROM g2g.message_log WHERE sequence = @s", ("s", forged));
        var (again, _, _) = await Exchanges.ExportAndVerifyAsync(auditor, 1, last);
        Assert.True(again.Valid, again.Problem);
    }

    private static async Task Restore(string cs)
    {
        await Database.ExecuteAsync(cs, "DELETE FROM g2g.message_log WHERE sequence IN (SELECT sequence FROM g2g.tamper_backup)");
        await Database.ExecuteAsync(cs, "INSERT INTO g2g.message_log SELECT * FROM g2g.tamper_backup");
    }
}
