namespace ConnecXPortal.Web.Features.Retention;

/// <summary>How long rows that have done their job are kept (appsettings.json, section Retention); see README.md.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Whether the retention job runs (the test host turns it off unless a test turns it on).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the job runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Ended or lapsed sessions (portal and app) and their refresh tokens, counted from the end or lapse.</summary>
    public TimeSpan Sessions { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Activation and password-reset links, counted from their use or expiry.</summary>
    public TimeSpan Links { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Emailed codes (from when they were sent) and step-up verifications (from when they were made).</summary>
    public TimeSpan EmailCodes { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The apps' sign-in and enrolment tickets, counted from their expiry.</summary>
    public TimeSpan Tickets { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Emails kept by the local outbox (Development), counted from when they were written.</summary>
    public TimeSpan Outbox { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Audit events; null (the default) keeps them for ever. At least 90 days when set.</summary>
    public TimeSpan? Audit { get; set; }

    /// <summary>Rows one delete statement removes at most.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The wait between two batches, in which other writers get the database.</summary>
    public TimeSpan PauseBetweenBatches { get; set; } = TimeSpan.FromMilliseconds(50);
}
