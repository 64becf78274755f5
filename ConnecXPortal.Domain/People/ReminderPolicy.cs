namespace ConnecXPortal.Domain.People;

/// <summary>Why a resident was not sent a reminder.</summary>
public enum ReminderSkipReason
{
    /// <summary>The resident has already set up a second factor.</summary>
    AlreadyEnrolled = 1,

    /// <summary>The resident was sent a reminder less than <see cref="ReminderPolicy.MinimumInterval"/> ago.</summary>
    RemindedRecently = 2,
}

/// <summary>Whether a resident gets a reminder now, and if not, why and when they can.</summary>
/// <param name="Skip">Null when the reminder is sent.</param>
/// <param name="NextAllowedAt">For <see cref="ReminderSkipReason.RemindedRecently"/>: when the next reminder may be sent.</param>
public sealed record ReminderDecision(ReminderSkipReason? Skip, DateTimeOffset? NextAllowedAt = null)
{
    /// <summary>The reminder is sent.</summary>
    public static ReminderDecision Send { get; } = new(Skip: null);

    /// <summary>Whether the reminder is sent.</summary>
    public bool Sends => Skip is null;
}

/// <summary>
/// Building managers remind residents who have not finished setting up MFA: invited residents to activate their
/// account, activated ones to set up a verification method. A resident gets at most one reminder per
/// <see cref="MinimumInterval"/>, whoever sends it, so that a busy building's managers cannot flood anyone.
/// </summary>
public static class ReminderPolicy
{
    /// <summary>The least time between two reminders to the same resident.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromHours(24);

    /// <summary>Decides for a resident in <paramref name="status"/> last reminded at <paramref name="lastSentAt"/>.</summary>
    public static ReminderDecision Decide(AccountStatus status, DateTimeOffset? lastSentAt, DateTimeOffset now)
    {
        if (status == AccountStatus.Enrolled)
        {
            return new ReminderDecision(ReminderSkipReason.AlreadyEnrolled);
        }

        if (lastSentAt is { } last && now - last < MinimumInterval)
        {
            return new ReminderDecision(ReminderSkipReason.RemindedRecently, last + MinimumInterval);
        }

        return ReminderDecision.Send;
    }

    /// <summary>The latest instant a reminder can have been sent and still block a new one at <paramref name="now"/>.</summary>
    public static DateTimeOffset BlockingSince(DateTimeOffset now) => now - MinimumInterval;
}
