namespace EGov.Businesses;

/// <summary>Settings of the G2B module (section <c>Businesses</c>).</summary>
internal sealed class BusinessesOptions
{
    public const string Section = "Businesses";

    /// <summary>Filings one representative may make for one business within the window.</summary>
    public int FilingLimit { get; set; } = 30;

    public int FilingWindowSeconds { get; set; } = 60;

    /// <summary>How many days before the annual confirmation's due date the reminder goes to the business inbox.</summary>
    public int ReminderDaysBefore { get; set; } = 30;

    /// <summary>How often the annual-confirmation sweep runs (reminders, overdue flags).</summary>
    public int ConfirmationSweepSeconds { get; set; } = 3600;

    /// <summary>How often the licence sweep runs (renewal reminders, expiry of licences past their last day).</summary>
    public int LicenceSweepSeconds { get; set; } = 3600;

    /// <summary>Seed the development registry (a dozen companies). Default: on in Development only.</summary>
    public bool? SeedDevelopmentRegistry { get; set; }
}
