namespace EGov.DevelopmentIssuer;

/// <summary>
/// A realm's brute-force detection settings, under Keycloak's names and with Keycloak 26's defaults for the ones the
/// realm file leaves out (<c>RealmRepresentation</c>'s defaults: 30 failures, 60 s steps, at most 900 s, failures
/// forgotten after 12 h, two failures within 1 s lock for 60 s).
/// </summary>
internal sealed record BruteForceSettings
{
    public bool Protected { get; init; }

    public bool PermanentLockout { get; init; }

    /// <summary>With <see cref="PermanentLockout"/>: temporary lockouts allowed before the permanent one (0 = permanent at once).</summary>
    public int MaxTemporaryLockouts { get; init; }

    /// <summary>Keycloak's <c>bruteForceStrategy</c> <c>LINEAR</c>; otherwise <c>MULTIPLE</c>.</summary>
    public bool Linear { get; init; }

    public int FailureFactor { get; init; } = 30;

    public int WaitIncrementSeconds { get; init; } = 60;

    public long QuickLoginCheckMilliSeconds { get; init; } = 1000;

    public int MinimumQuickLoginWaitSeconds { get; init; } = 60;

    public int MaxFailureWaitSeconds { get; init; } = 900;

    public int MaxDeltaTimeSeconds { get; init; } = 43_200;

    public static BruteForceSettings Off { get; } = new();
}
