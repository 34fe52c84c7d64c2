using System.ComponentModel.DataAnnotations;
using EGov.Agencies.Domain.Exchange;
using EGov.Agencies.Persistence;
using EGov.BuildingBlocks.Documents;
using EGov.SharedKernel.Http;
using EGov.SharedKernel.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EGov.Agencies.Features.MessageLog;

/// <summary>Figures of one consumer's calls to one service, without payloads.</summary>
internal sealed record ExchangeFigures(
    string ConsumerCode, string ProviderCode, string ServiceCode, long Calls, long Errors, long Refused, double P50Ms, double P95Ms, double P99Ms, DateTimeOffset LastCallAt);

/// <summary>The message log for auditors and agencies: the export with batch signatures, the keys, the figures, the verifier.</summary>
internal static class LogEndpoints
{
    public const int MaxExportSpan = 10_000;

    public static void Map(RouteGroupBuilder module)
    {
        var log = module.MapGroup("/log");
        log.MapGet("/entries", ExportAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Auditor, PlatformRoles.Agency, PlatformRoles.PlatformAdmin))
            .WithName("ExportMessageLog")
            .WithSummary("Export a range of the message log")
            .WithDescription(
                "`count` entries from `from` (1 to 10,000, default 1,000; the end widens to the end of the signed batch it falls in) with the signed batches that cover them and the hash " +
                "before `from`, for offline verification against the keys at `/api/g2g/log/keys` (docs/g2g.md). Auditors and administrators see every entry in full; an agency sees " +
                "its own entries (as consumer or provider) in full and the others as number and hash only.")
            .ProducesValidationProblem();
        log.MapGet("/keys", async (IPlatformSigner signer, CancellationToken ct) => TypedResults.Ok(await signer.KeysAsync(ct)))
            .RequireAccess(Access.Public)
            .WithName("MessageLogKeys")
            .WithSummary("Keys of the log signatures (JWKS)")
            .WithDescription("The platform's signing keys, current and retired (P-256, ES256), that sign the message log's batches; the same set as `/api/documents/keys`.");
        log.MapGet("/verify-log.mjs", () => TypedResults.Text(VerifierScript.Source, "text/javascript; charset=utf-8"))
            .RequireAccess(Access.Public)
            .WithName("MessageLogVerifierScript")
            .WithSummary("The offline verifier (Node.js)")
            .WithDescription("A Node.js script using `jose` 6 that verifies an export against the keys: `node verify-log.mjs export.json keys.json`. It names the first bad entry.");
        log.MapGet("/figures", FiguresAsync)
            .RequireAccess(Access.AnyOf(PlatformRoles.Agency, PlatformRoles.Auditor, PlatformRoles.PlatformAdmin))
            .WithName("ExchangeFigures")
            .WithSummary("Operational figures of the exchange")
            .WithDescription("Per consumer and service: calls, errors (the provider failed or timed out), refusals, latency percentiles (ms), last call; " +
                "`since` (default 30 days ago). An agency sees the calls it made and those to its services; auditors and administrators all.")
            .ProducesValidationProblem();
    }

    internal static async Task<Ok<LogExportPage>> ExportAsync(
        [Range(1, long.MaxValue)] long from, AgenciesDb db, ICurrentUser user, CancellationToken ct, [Range(1, MaxExportSpan)] int count = 1000)
    {
        var first = Math.Max(1, from);
        var last = first + Math.Clamp(count, 1, MaxExportSpan) - 1;
        var closing = await db.LogBatches.AsNoTracking().Where(b => b.FirstSequence <= last && b.LastSequence >= last).Select(b => (long?)b.LastSequence).FirstOrDefaultAsync(ct);
        if (closing is { } end)
        {
            last = end;
        }

        var batches = (await db.LogBatches.AsNoTracking()
                .Where(b => b.LastSequence >= first && b.FirstSequence <= last)
                .OrderBy(b => b.FirstSequence)
                .ToListAsync(ct))
            .Select(b => new ExportedBatch(b.FirstSequence, b.LastSequence, b.KeyId, b.Signature, LogChain.FormatTime(b.SignedAt)))
            .ToList();

        var previous = first == 1
            ? LogChain.Genesis
            : await db.MessageLog.AsNoTracking().Where(e => e.Sequence == first - 1).Select(e => e.Hash).FirstOrDefaultAsync(ct) ?? LogChain.Genesis;
        var rows = await db.MessageLog.AsNoTracking().Where(e => e.Sequence >= first && e.Sequence <= last).OrderBy(e => e.Sequence).ToListAsync(ct);
        var seesAll = user.IsInRole(PlatformRoles.Auditor) || user.IsInRole(PlatformRoles.PlatformAdmin);
        var own = user.AgencyId?.ToUpperInvariant();
        var entries = rows.Select(r => seesAll || r.ConsumerCode == own || r.ProviderCode == own ? ExportedEntry.Full(r) : ExportedEntry.Hidden(r)).ToList();
        var logEnd = await db.MessageLog.AsNoTracking().MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        var signedEnd = batches.Count == 0 ? 0 : batches.Max(b => b.Last);
        var reported = Math.Max(Math.Min(last, logEnd), Math.Min(last, signedEnd));
        return TypedResults.Ok(new LogExportPage(first, Math.Max(first - 1, reported), previous, entries, batches, $"{AgenciesModule.Descriptor.RoutePrefix}/log/keys"));
    }

    internal static async Task<Ok<List<ExchangeFigures>>> FiguresAsync(
        NpgsqlDataSource dataSource, ICurrentUser user, TimeProvider clock, CancellationToken ct, DateTimeOffset? since = null)
    {
        var start = since ?? clock.GetUtcNow().AddDays(-30);
        var seesAll = user.IsInRole(PlatformRoles.Auditor) || user.IsInRole(PlatformRoles.PlatformAdmin);
        var own = user.AgencyId?.ToUpperInvariant() ?? string.Empty;
        await using var command = dataSource.CreateCommand($"""
            SELECT consumer_code, provider_code, service_code, count(*),
                   count(*) FILTER (WHERE outcome IN ('{nameof(ExchangeOutcome.ProviderFailed)}', '{nameof(ExchangeOutcome.ProviderTimedOut)}')),
                   count(*) FILTER (WHERE outcome IN ('{nameof(ExchangeOutcome.NoRight)}', '{nameof(ExchangeOutcome.Forged)}', '{nameof(ExchangeOutcome.Replayed)}', '{nameof(ExchangeOutcome.NoSuchService)}')),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_micros) / 1000.0,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_micros) / 1000.0,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_micros) / 1000.0,
                   max(logged_at)
            FROM g2g.{ExchangeModel.MessageLogTable}
            WHERE logged_at >= $1 AND ($2 OR consumer_code = $3 OR provider_code = $3)
            GROUP BY consumer_code, provider_code, service_code
            ORDER BY consumer_code, provider_code, service_code
            LIMIT 1000
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = start });
        command.Parameters.Add(new NpgsqlParameter { Value = seesAll });
        command.Parameters.Add(new NpgsqlParameter { Value = own });
        var figures = new List<ExchangeFigures>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            figures.Add(new ExchangeFigures(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                Math.Round(reader.GetDouble(6), 3), Math.Round(reader.GetDouble(7), 3), Math.Round(reader.GetDouble(8), 3), reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return TypedResults.Ok(figures);
    }
}
