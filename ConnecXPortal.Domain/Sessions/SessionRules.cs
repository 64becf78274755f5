using ConnecXPortal.Domain.Cutover;

namespace ConnecXPortal.Domain.Sessions;

/// <summary>How long sessions live.</summary>
/// <param name="PortalIdleTimeout">A portal session with no activity for this long ends.</param>
/// <param name="PortalLifetime">A portal session ends this long after it was created, however active.</param>
public sealed record SessionPolicy(TimeSpan PortalIdleTimeout, TimeSpan PortalLifetime)
{
    /// <summary>How long app sessions last by default at most, however often they are refreshed.</summary>
    public static TimeSpan DefaultAppAbsoluteLifetime { get; } = TimeSpan.FromDays(365);

    /// <summary>One hour idle, twelve hours at most; apps a year at most.</summary>
    public static SessionPolicy Default { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromHours(12));

    /// <summary>An app session ends this long after it was created, however often it was refreshed.</summary>
    public TimeSpan AppAbsoluteLifetime { get; init; } = DefaultAppAbsoluteLifetime;

    /// <summary>
    /// When an app session signed in at <paramref name="createdAt"/> lapses if the refresh at <paramref name="now"/>
    /// is its last: <paramref name="refreshLifetime"/> from now, but never past its absolute lifetime.
    /// </summary>
    public DateTimeOffset AppExpiry(DateTimeOffset createdAt, DateTimeOffset now, TimeSpan refreshLifetime)
    {
        var absolute = createdAt + AppAbsoluteLifetime;
        var sliding = now + refreshLifetime;
        return sliding < absolute ? sliding : absolute;
    }

    /// <summary>When a portal session last seen at <paramref name="lastSeenAt"/> expires unless it is seen again.</summary>
    public DateTimeOffset PortalExpiry(DateTimeOffset createdAt, DateTimeOffset lastSeenAt)
    {
        var absolute = createdAt + PortalLifetime;
        var idle = lastSeenAt + PortalIdleTimeout;
        return idle < absolute ? idle : absolute;
    }
}

/// <summary>What is known about one session, as stored.</summary>
/// <param name="UserId">Whose session it is (the cutover spreads app logouts by user).</param>
/// <param name="Client">What it was signed in from.</param>
/// <param name="CreatedAt">When the user signed in.</param>
/// <param name="LastSeenAt">The last activity recorded.</param>
/// <param name="ExpiresAt">When it lapses unless renewed (apps: when the refresh token lapses).</param>
/// <param name="EndedAt">When it was ended, if it was.</param>
/// <param name="EndReason">Why it was ended, if it was.</param>
public sealed record SessionFacts(
    Guid UserId,
    SessionClient Client,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? EndedAt = null,
    SessionEndReason? EndReason = null);

/// <summary>Whether a session is still live at an instant, and if not, why.</summary>
public static class SessionRules
{
    /// <summary>
    /// Null while the session is live at <paramref name="now"/>; otherwise why it ended. A session that was ended
    /// explicitly keeps that reason. Otherwise whichever came first wins: its natural end (idle timeout or lifetime
    /// for the portal, refresh-token expiry or absolute lifetime for apps) or its client's cutover phase. The cutover counts from the
    /// instant the schedule says, whether or not the cutover job has run yet.
    /// </summary>
    public static SessionEndReason? WhyEnded(SessionFacts session, DateTimeOffset now, SessionPolicy policy, CutoverSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(schedule);

        if (session.EndedAt is not null)
        {
            return session.EndReason ?? SessionEndReason.Expired;
        }

        var (naturalEnd, naturalReason) = NaturalEnd(session, policy);
        var cutoverAt = schedule.LogoutInstant(session.Client, session.UserId, session.CreatedAt);

        if (cutoverAt is { } cutover && cutover <= now && cutover < naturalEnd)
        {
            return SessionEndReason.MfaCutover;
        }

        return naturalEnd <= now ? naturalReason : null;
    }

    private static (DateTimeOffset At, SessionEndReason Reason) NaturalEnd(SessionFacts session, SessionPolicy policy)
    {
        if (session.Client.IsApp())
        {
            var lifetimeEnd = session.CreatedAt + policy.AppAbsoluteLifetime;
            return session.ExpiresAt < lifetimeEnd ? (session.ExpiresAt, SessionEndReason.Expired) : (lifetimeEnd, SessionEndReason.AbsoluteLifetime);
        }

        var absolute = session.CreatedAt + policy.PortalLifetime;
        var idle = session.LastSeenAt + policy.PortalIdleTimeout;
        return idle < absolute ? (idle, SessionEndReason.IdleTimeout) : (absolute, SessionEndReason.Expired);
    }
}
