using System.Globalization;
using System.Text;

namespace EGov.Host.Tests.Hardening;

/// <summary>One broken expectation: which operation, who called, what was sent, what came back, and why it is wrong.</summary>
public sealed record Finding(string Operation, string Caller, string Request, string Response, string Reason, int Index);

/// <summary>Every finding of a run, deduplicated by operation and reason, with the request counts.</summary>
public sealed class FuzzReport
{
    private readonly Dictionary<string, (Finding First, int Count, SortedSet<string> Callers)> _findings = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public int Total { get; private set; }

    public Dictionary<string, int> PerDocument { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, int> PerStatusClass { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, int> PerPhase { get; } = new(StringComparer.Ordinal);

    public int Operations { get; set; }

    public IReadOnlyList<string> Documents { get; set; } = [];

    public TimeSpan Elapsed { get; set; }

    public int DistinctFindings => _findings.Count;

    /// <summary>Statuses per operation: what the generated requests reached (coverage at a glance).</summary>
    public SortedDictionary<string, SortedDictionary<string, int>> PerOperation { get; } = new(StringComparer.Ordinal);

    public void Count(FuzzRequest request, int? status, string phase)
    {
        Total++;
        Increment(PerDocument, request.Operation.Document.Name);
        Increment(PerStatusClass, status is { } s ? $"{s / 100}xx" : "no response");
        Increment(PerPhase, phase);
        if (!PerOperation.TryGetValue(request.Operation.Key, out var statuses))
        {
            PerOperation[request.Operation.Key] = statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        }

        Increment(statuses, status?.ToString(CultureInfo.InvariantCulture) ?? "none");
    }

    public void Add(Finding finding)
    {
        var key = $"{finding.Operation}\n{finding.Reason}";
        if (_findings.TryGetValue(key, out var existing))
        {
            existing.Callers.Add(finding.Caller);
            _findings[key] = (existing.First, existing.Count + 1, existing.Callers);
            return;
        }

        _findings[key] = (finding, 1, new SortedSet<string>(StringComparer.Ordinal) { finding.Caller });
        _order.Add(key);
    }

    public string CountsLine() =>
        $"OpenAPI fuzz: {Total} requests in {Elapsed.TotalSeconds:0.0} s over {Operations} operations of {Documents.Count} documents "
        + $"({string.Join(", ", Documents.Select(d => $"{d} {PerDocument.GetValueOrDefault(d)}"))}); "
        + $"by status {string.Join(", ", PerStatusClass.Select(kv => $"{kv.Key} {kv.Value}"))}; "
        + $"by phase {string.Join(", ", PerPhase.Select(kv => $"{kv.Key} {kv.Value}"))}; {DistinctFindings} distinct findings";

    public string Format(FuzzSettings settings)
    {
        var text = new StringBuilder();
        text.AppendLine(CountsLine());
        text.AppendLine(CultureInfo.InvariantCulture, $"Replay: {settings.Replay} ./test.sh --filter-class '{typeof(OpenApiFuzzTests).FullName}'");
        text.AppendLine("Statuses per operation:");
        foreach (var (operation, statuses) in PerOperation)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {operation}: {string.Join(" ", statuses.Select(kv => $"{kv.Key}×{kv.Value}"))}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Findings ({DistinctFindings}, deduplicated by operation and reason; the first request of each shown):");
        text.AppendLine(CultureInfo.InvariantCulture, $"  ({Hostile.InvalidUtf8} = the raw bytes FF FE ED A0 80 in a body, %FF%FE in a URL; {Hostile.LoneSurrogate} = the JSON escape \\ud800, %ED%A0%80 in a URL; \\u0000 = NUL)");
        var number = 0;
        foreach (var key in _order)
        {
            var (first, count, callers) = _findings[key];
            text.AppendLine(CultureInfo.InvariantCulture, $"{++number}. {first.Operation} — {first.Reason} (×{count}; callers: {string.Join(", ", callers)})");
            text.AppendLine(CultureInfo.InvariantCulture, $"     sent (#{first.Index}, as {first.Caller}): {first.Request}");
            text.AppendLine(CultureInfo.InvariantCulture, $"     got: {first.Response}");
        }

        // Reasons quote what the validator saw; a lone surrogate there would make the report unwritable as UTF-8.
        return WireText.ReadableText(text.ToString());
    }

    private static void Increment<TDictionary>(TDictionary counts, string key)
        where TDictionary : IDictionary<string, int> =>
        counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
}
