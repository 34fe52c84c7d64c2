using EGov.Agencies.Domain.Exchange;
using EGov.Agencies.Persistence;

namespace EGov.Agencies.Features.MessageLog;

/// <summary>
/// One entry of an export. An agency's export shows its own entries (as consumer or provider) in full and every other
/// entry <see cref="Redacted"/>: number and hash only, enough to follow the chain.
/// </summary>
internal sealed record ExportedEntry(
    long Sequence,
    string Hash,
    bool Redacted,
    string? At = null,
    string? Consumer = null,
    string? Client = null,
    string? Provider = null,
    string? Service = null,
    string? Operation = null,
    string? Purpose = null,
    string? LegalBasis = null,
    string? Issue = null,
    string? EndUser = null,
    string? SubjectKind = null,
    string? SubjectId = null,
    string? MessageId = null,
    string? RequestHash = null,
    string? ResponseHash = null,
    int? Status = null,
    string? Outcome = null,
    long? DurationMicros = null,
    string? RequestBody = null,
    string? ResponseBody = null)
{
    public static ExportedEntry Full(MessageLogRow r) => new(
        r.Sequence, r.Hash, false, LogChain.FormatTime(r.LoggedAt), r.ConsumerCode, r.Client, r.ProviderCode, r.ServiceCode, r.Operation, r.Purpose,
        r.LegalBasis, r.Issue, r.EndUser, r.SubjectKind.ToString(), r.SubjectId, r.MessageId, r.RequestHash, r.ResponseHash, r.Status,
        r.Outcome.ToString(), r.DurationMicros, r.RequestBody, r.ResponseBody);

    public static ExportedEntry Hidden(MessageLogRow r) => new(r.Sequence, r.Hash, true);

    /// <summary>The canonical form of the entry as exported (null for a redacted one).</summary>
    public string? Canonical() => Redacted
        ? null
        : LogChain.Canonical(
            Sequence, At, Consumer, Client, Provider, Service, Operation, Purpose, LegalBasis, Issue, EndUser, SubjectKind, SubjectId, MessageId,
            RequestHash, ResponseHash, Status ?? 0, Outcome, DurationMicros ?? 0);
}

/// <summary>A signed batch as exported: its range and the compact JWS of its statement.</summary>
internal sealed record ExportedBatch(long First, long Last, string KeyId, string Signature, string SignedAt);

/// <summary>
/// A range of the message log for offline verification: whole signed batches (the range asked for, widened to the
/// batches it touches), entries logged after the last batch (unsigned yet), and where the keys are published.
/// </summary>
internal sealed record LogExportPage(
    long From,
    long To,
    string PreviousHash,
    IReadOnlyList<ExportedEntry> Entries,
    IReadOnlyList<ExportedBatch> Batches,
    string KeysUrl);
