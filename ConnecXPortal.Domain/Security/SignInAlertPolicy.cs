namespace ConnecXPortal.Domain.Security;

/// <summary>
/// When the owner of an account is told "someone knows your password": the right password followed by
/// <see cref="FailuresBeforeAlert"/> failed second factors within <see cref="Window"/> (in one sign-in or several, in the
/// portal or an app), at most once per <see cref="MinimumInterval"/>. A complete sign-in starts the count again.
/// </summary>
public static class SignInAlertPolicy
{
    /// <summary>Failed second factors after a right password that make the alert.</summary>
    public const int FailuresBeforeAlert = 3;

    /// <summary>How far apart the counted failures may be: the window starts at the first of them.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromHours(24);

    /// <summary>The least time between two alerts to one account.</summary>
    public static TimeSpan MinimumInterval { get; } = TimeSpan.FromHours(24);

    /// <summary>Whether a count that started at <paramref name="since"/> still runs at <paramref name="now"/> (otherwise a failure starts a new one).</summary>
    public static bool CountRuns(DateTimeOffset? since, DateTimeOffset now) => since is { } start && now < start + Window;

    /// <summary>Whether an alert is due at <paramref name="now"/> for <paramref name="failures"/> counted failures and the last alert sent.</summary>
    public static bool IsDue(int failures, DateTimeOffset now, DateTimeOffset? lastAlert) =>
        failures >= FailuresBeforeAlert && (lastAlert is null || now >= lastAlert + MinimumInterval);
}
