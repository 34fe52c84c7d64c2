using System.Globalization;

namespace EGov.Host.Tests.Hardening;

/// <summary>
/// How a fuzz run is bounded and replayed. Deterministic by default; every knob is an environment variable:
/// <c>EGOV_FUZZ_SEED</c> (a number), <c>EGOV_FUZZ_REQUESTS</c> (the request budget), <c>EGOV_FUZZ_PATH</c>
/// (only operations whose path contains this text) and <c>EGOV_TEST_REPORTS</c> (a folder for the summary file).
/// </summary>
public sealed record FuzzSettings(ulong Seed, int Requests, string? PathFilter, string? ReportDirectory)
{
    public const ulong DefaultSeed = 20261201;
    public const int DefaultRequests = 5000;

    /// <summary>The part of the budget spent on known-invalid bodies checked for "refused and writes nothing".</summary>
    public const double InvalidShare = 0.25;

    /// <summary>Longest wait for one response before it counts as a hang.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static FuzzSettings FromEnvironment() => new(
        Environment.GetEnvironmentVariable("EGOV_FUZZ_SEED") is { Length: > 0 } seed
            ? ulong.Parse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : DefaultSeed,
        Environment.GetEnvironmentVariable("EGOV_FUZZ_REQUESTS") is { Length: > 0 } budget
            ? Math.Max(1, int.Parse(budget, NumberStyles.Integer, CultureInfo.InvariantCulture))
            : DefaultRequests,
        Environment.GetEnvironmentVariable("EGOV_FUZZ_PATH") is { Length: > 0 } filter ? filter : null,
        Environment.GetEnvironmentVariable("EGOV_TEST_REPORTS") is { Length: > 0 } reports ? reports : null);

    public string Replay =>
        $"EGOV_FUZZ_SEED={Seed} EGOV_FUZZ_REQUESTS={Requests}" + (PathFilter is null ? string.Empty : $" EGOV_FUZZ_PATH='{PathFilter}'");
}
