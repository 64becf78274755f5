namespace ConnecXPortal.Domain.Retention;

/// <summary>The bounds the retention job works within, whatever is configured.</summary>
public static class RetentionLimits
{
    /// <summary>
    /// The audit log is never kept for less: a compromise is often found weeks after it happened, and the investigation
    /// needs who signed in and what changed. The database's own guard (the AuditLogRetention migration) refuses to
    /// delete younger events, so configuration cannot ask for what the database would refuse.
    /// </summary>
    public static TimeSpan MinimumAuditRetention { get; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Rows one delete statement may remove: SQL Server escalates a statement's row locks to a table lock at about
    /// 5,000 locks on one table, which would block every sign-in; this stays well below it.
    /// </summary>
    public const int MaxBatchSize = 4000;

    /// <summary>Rows whose time is before this instant have been kept for <paramref name="period"/> at <paramref name="now"/>.</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now, TimeSpan period) => now - period;
}
